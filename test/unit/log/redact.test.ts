import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOREIGNER_2017_CARD, RESIDENT_CARD } from '../../../drivers/idcard/testing/cards.ts';
import { maskIdNumber, maskPhone, maskSensitiveText, PERSONAL_KEYS, redactPersonalFields } from '../../../main/log/redact.ts';

const ID_NUMBER = /^\d{17}[\dXx]$/;

function idSubstrings(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 18 <= text.length; i += 1) {
    const window = text.slice(i, i + 18);
    if (ID_NUMBER.test(window)) found.push(window);
  }
  return found;
}

describe('maskIdNumber', () => {
  it('keeps the first and last four characters of an 18-character number', () => {
    expect(maskIdNumber('11010119900307123X')).toBe('1101**********123X');
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234');
  });

  it('shows a lower-case check character upper-case and ignores surrounding spaces', () => {
    expect(maskIdNumber(' 11010119900307123x ')).toBe('1101**********123X');
  });

  it('masks a 15-digit number the same way', () => {
    expect(maskIdNumber('110101900307123')).toBe('1101*******7123');
  });

  it('masks short values completely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234-5678')).toBe('138****5678');
  });

  it('keeps a +86 prefix in front of the masked number', () => {
    expect(maskPhone('+86 138 1234 5678')).toBe('+86138****5678');
  });

  it('masks landlines between the first three and last four digits', () => {
    expect(maskPhone('010-12345678')).toBe('010****5678');
  });

  it('leaves service numbers alone', () => {
    expect(maskPhone('110')).toBe('110');
    expect(maskPhone('12345')).toBe('12345');
  });
});

describe('maskSensitiveText', () => {
  it('masks an ID number written in groups, and a 2017 permanent residence number', () => {
    expect(maskSensitiveText('号码 110101 19900307 123X 已核对')).toBe('号码 1101**********123X 已核对');
    expect(maskSensitiveText('110101-19900307-1234')).toBe('1101**********1234');
    expect(maskSensitiveText('card USA370012345678 read')).toBe('card USA3*******5678 read');
  });


  it('masks ID numbers and mobiles inside Chinese text', () => {
    expect(maskSensitiveText('读卡成功：11010119900307123X，联系电话13812345678。')).toBe(
      '读卡成功：1101**********123X，联系电话138****5678。',
    );
  });

  it('masks 15-digit old ID numbers', () => {
    expect(maskSensitiveText('旧证 110101900307123 已读取')).toBe('旧证 1101*******7123 已读取');
  });

  it('masks grouped and prefixed mobiles but keeps their layout', () => {
    expect(maskSensitiveText('call +86 138-1234-5678 now')).toBe('call +86 138-****-5678 now');
    expect(maskSensitiveText('tel:8613812345678')).toBe('tel:86138****5678');
  });

  it('leaves short numbers, landlines and non-mobile 11-digit numbers alone', () => {
    const text = 'ticket 42, call 110 or 010-12345678, order 12812345678, at 2024-05-01';
    expect(maskSensitiveText(text)).toBe(text);
  });

  it('masks an ID number hidden inside a longer run of digits', () => {
    const masked = maskSensitiveText('99911010119900307123X');
    expect(masked).toBe('9991*************123X');
  });

  const idLike = fc.string({
    unit: fc.constantFrom('0', '1', '3', '8', '9', 'X', 'x', ' ', '-', '+', '号', 'a'),
    maxLength: 80,
  });

  it('never leaves an ID-number substring of the input in the output', () => {
    fc.assert(
      fc.property(idLike, (text) => {
        const masked = maskSensitiveText(text).toUpperCase();
        for (const id of idSubstrings(text)) expect(masked).not.toContain(id.toUpperCase());
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves a generated ID number embedded in arbitrary text', () => {
    const idNumber = fc
      .tuple(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 17, maxLength: 17 }), fc.constantFrom(...'0123456789Xx'))
      .map(([digits, check]) => digits + check);
    fc.assert(
      fc.property(fc.string(), idNumber, fc.string(), (before, id, after) => {
        const masked = maskSensitiveText(before + id + after).toUpperCase();
        expect(masked).not.toContain(id.toUpperCase());
      }),
    );
  });

  it('never throws and keeps text without digits unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const masked = maskSensitiveText(text);
        if (!/\d/.test(text)) expect(masked).toBe(text);
      }),
    );
  });
});

describe('redactPersonalFields', () => {
  it('redacts every identifying field of a card at any depth and keeps the rest', () => {
    const deep = { a: { b: { c: { d: { e: { f: [{ card: FOREIGNER_2017_CARD }] } } } } } };
    expect(redactPersonalFields(deep)).toEqual({
      a: { b: { c: { d: { e: { f: [{ card: {
        cardType: 'foreigner-2017', englishName: '[redacted]', chineseName: '[redacted]', sex: '1', idNumber: '[redacted]',
        nationality: 'USA', birthDate: '[redacted]', validity: { start: '2017-06-01', end: '2027-06-01' }, cardVersion: '01',
        issuingAuthorityCode: '[redacted]',
      } }] } } } } },
    });
  });

  it('redacts `name` only inside a card', () => {
    const logged = { name: 'init', engine: { name: 'sherpa' }, card: RESIDENT_CARD };
    const out = redactPersonalFields(logged) as { name: string; engine: { name: string }; card: { name: string; nation: { name: string } } };
    expect(out.name).toBe('init');
    expect(out.engine).toBe(logged.engine);
    expect(out.card.name).toBe('[redacted]');
    expect(out.card.nation).toEqual({ code: '01', name: '汉' });
    expect(PERSONAL_KEYS).not.toContain('name');
  });

  it('copies only what it changes and never touches the caller\'s object', () => {
    const untouched = { list: [1, 2], detail: { note: 'x' } };
    expect(redactPersonalFields(untouched)).toBe(untouched);
    const logged = { resident: { phone: '13812345678' }, other: { note: 'x' } };
    const out = redactPersonalFields(logged) as typeof logged;
    expect(out).toEqual({ resident: { phone: '[redacted]' }, other: { note: 'x' } });
    expect(out.other).toBe(logged.other);
    expect(logged.resident.phone).toBe('13812345678');
  });

  it('ends on a cycle and leaves class instances alone', () => {
    const cyclic: Record<string, unknown> = { idNumber: RESIDENT_CARD.idNumber };
    cyclic.self = cyclic;
    expect((redactPersonalFields(cyclic) as Record<string, unknown>).idNumber).toBe('[redacted]');
    const date = new Date(0);
    expect(redactPersonalFields({ at: date })).toEqual({ at: date });
  });
});
