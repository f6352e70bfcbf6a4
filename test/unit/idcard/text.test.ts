import { describe, expect, it } from 'vitest';
import {
  decodeAppendedAddresses,
  decodeTextBlock,
  type DecodedText,
  type ResidentCard,
  type SexCode,
} from '../../../drivers/idcard/index.ts';
import {
  FOREIGNER_2017_CARD,
  FOREIGNER_2023_CARD,
  HK_MACAO_TAIWAN_CARD,
  RESIDENT_CARD,
  RESIDENT_CARD_DATED,
  SAMPLE_CARDS,
} from '../../../drivers/idcard/testing/cards.ts';
import { encodeAppendedAddresses, encodeTextBlock } from '../../../drivers/idcard/testing/encode.ts';
import { toHex } from './fixtures.ts';

function roundTrip(card: DecodedText): unknown {
  return decodeTextBlock(encodeTextBlock(card));
}

/** Overwrites one UCS-2 field of an encoded block, padding with spaces as the card does. */
function withField(card: DecodedText, offset: number, chars: number, value: string): Uint8Array {
  const block = encodeTextBlock(card);
  for (let i = 0; i < chars; i++) {
    const unit = i < value.length ? value.charCodeAt(i) : 0x20;
    block[offset + 2 * i] = unit & 0xff;
    block[offset + 2 * i + 1] = unit >> 8;
  }
  return block;
}

describe('text block round trips', () => {
  it.each(SAMPLE_CARDS.map((c) => [c.cardType, c] as const))('%s', (_, card) => {
    expect(roundTrip(card)).toEqual({ ok: true, value: card });
  });

  it('writes UCS-2LE padded with spaces and a blank card-type character for a resident card', () => {
    const block = encodeTextBlock(RESIDENT_CARD);
    // 张 U+5F20 秀 U+79C0 英 U+82F1, then U+0020 padding (facts §3.2, S5's dump).
    expect(toHex(block.subarray(0, 8))).toBe('20 5F C0 79 F1 82 20 00');
    expect(toHex(block.subarray(248, 250))).toBe('20 00');
  });

  it('decodes 长期 as a long-term end and a dated end as a date', () => {
    expect(roundTrip(RESIDENT_CARD)).toMatchObject({ value: { validity: { start: '2010-05-01', end: 'long-term' } } });
    expect(roundTrip(RESIDENT_CARD_DATED)).toMatchObject({ value: { validity: { end: '2036-08-20' } } });
  });

  it.each(['0', '1', '2', '5', '6', '9'] as SexCode[])('keeps sex code %s', (sex) => {
    expect(roundTrip({ ...RESIDENT_CARD, sex })).toMatchObject({ ok: true, value: { sex } });
  });

  it.each([
    ['01', '汉'],
    ['03', '回'],
    ['05', '维吾尔'],
    ['46', '德昂'],
    ['56', '基诺'],
    ['97', '其他'],
    ['98', '外国血统中国籍人士'],
  ])('names nation %s as %s', (code, name) => {
    expect(roundTrip({ ...RESIDENT_CARD, nation: { code, name } })).toMatchObject({ value: { nation: { code, name } } });
  });

  it('reads a well-formed nation code missing from the table without a name', () => {
    const card: ResidentCard = { ...RESIDENT_CARD, nation: { code: '60', name: undefined } };
    expect(roundTrip(card)).toEqual({ ok: true, value: card });
  });

  it("reads the 'I' card's 15-character number", () => {
    expect(roundTrip(FOREIGNER_2017_CARD)).toMatchObject({ value: { idNumber: 'USA110079070104' } });
  });

  it("joins the 'Y' English name across its two fields, keeping a space at the join", () => {
    const englishName = `${'A'.repeat(34)} ${'B'.repeat(11)}`;
    expect(roundTrip({ ...FOREIGNER_2023_CARD, englishName })).toMatchObject({ value: { englishName } });
    const short = 'LI, ANNA';
    expect(roundTrip({ ...FOREIGNER_2023_CARD, englishName: short })).toMatchObject({ value: { englishName: short } });
  });

  it("reads 'J' pass number and issue count", () => {
    expect(roundTrip(HK_MACAO_TAIWAN_CARD)).toMatchObject({ value: { passNumber: 'H12345678', issueCount: '01' } });
  });

  it('allows an empty Chinese name on foreigner cards', () => {
    expect(roundTrip({ ...FOREIGNER_2017_CARD, chineseName: '' })).toMatchObject({ ok: true });
  });

  it('treats U+0000 at the card-type position as a resident card', () => {
    const block = encodeTextBlock(RESIDENT_CARD);
    block[248] = 0;
    expect(decodeTextBlock(block)).toEqual({ ok: true, value: RESIDENT_CARD });
  });
});

describe('text block errors', () => {
  const fail = (block: Uint8Array): unknown => decodeTextBlock(block);

  it.each([
    ['an unknown card-type character', withField(RESIDENT_CARD, 248, 1, 'K'), { kind: 'unknown-card-type', marker: '004B' }],
    ['a bad sex code', withField(RESIDENT_CARD, 30, 1, '3'), { kind: 'bad-field', field: 'sex', reason: 'unknown-code' }],
    ['letters for a nation', withField(RESIDENT_CARD, 32, 2, 'A1'), { kind: 'bad-field', field: 'nation', reason: 'unknown-code' }],
    ['30 February', withField(RESIDENT_CARD, 36, 8, '19490230'), { kind: 'bad-field', field: 'birthDate', reason: 'not-a-date' }],
    ['长期 as a start date', withField(RESIDENT_CARD, 188, 8, '长期'), { kind: 'bad-field', field: 'validFrom', reason: 'not-a-date' }],
    ['a garbled end date', withField(RESIDENT_CARD, 204, 8, '2036 820'), { kind: 'bad-field', field: 'validTo', reason: 'not-a-date' }],
    ['an empty name', withField(RESIDENT_CARD, 0, 15, ''), { kind: 'bad-field', field: 'name', reason: 'empty' }],
    ['a control character', withField(RESIDENT_CARD, 0, 15, '张\u0007英'), { kind: 'bad-field', field: 'name', reason: 'control-character' }],
    [
      'a number failing its check',
      withField(RESIDENT_CARD, 122, 18, '110105194912310021'),
      { kind: 'bad-id-number', problem: { kind: 'bad-checksum', expected: 'X', actual: '1' } },
    ],
    [
      "a 'J' number failing its check",
      withField(HK_MACAO_TAIWAN_CARD, 122, 18, '810000198001010023'),
      { kind: 'bad-id-number', problem: { kind: 'bad-checksum', expected: '2', actual: '3' } },
    ],
    ['a short block', encodeTextBlock(RESIDENT_CARD).subarray(0, 255), { kind: 'bad-block-length', length: 255, expected: 256 }],
  ])('%s', (_, block, error) => {
    expect(fail(block)).toEqual({ ok: false, error });
  });

  it('leaves personal data out of errors, since they are logged', () => {
    const result = decodeTextBlock(withField(RESIDENT_CARD, 122, 18, '110105194912310021'));
    expect(JSON.stringify(result)).not.toMatch(/1101051949|张秀英/);
  });
});

describe('appended address (30 03 data)', () => {
  it.each([1, 2, 3, 4])('decodes %i entries of 70 bytes', (n) => {
    const addresses = Array.from({ length: n }, (_, i) => `北京市朝阳区安康里${i + 1}号`);
    expect(decodeAppendedAddresses(encodeAppendedAddresses(addresses))).toEqual({ ok: true, value: addresses });
  });

  it('drops blank entries', () => {
    expect(decodeAppendedAddresses(encodeAppendedAddresses(['', '迁至海淀区', '']))).toEqual({ ok: true, value: ['迁至海淀区'] });
  });

  it.each([0, 69, 71, 350])('refuses %i bytes', (length) => {
    expect(decodeAppendedAddresses(new Uint8Array(length).fill(0x20))).toMatchObject({ ok: false, error: { kind: 'bad-block-length' } });
  });
});

describe('test encoder', () => {
  it('refuses a value too long for its field, without echoing it', () => {
    expect(() => encodeTextBlock({ ...RESIDENT_CARD, name: '很'.repeat(16) })).toThrow(/^16 characters do not fit in 15$/);
  });
});
