import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNumberField, decodeTextField, decodeUcs2Hex, encodeUcs2Hex, SMS_MAX_UNITS, splitSms } from '../../../drivers/modem/sms.ts';

const HAN = '邻';
const EMOJI = '🚑'; // U+1F691, a surrogate pair

describe('UCS2 hex', () => {
  it('encodes as the facts show', () => {
    expect(encodeUcs2Hex('+370')).toBe('002B003300370030');
    expect(encodeUcs2Hex('你好吗')).toBe('4F60597D5417');
    expect(encodeUcs2Hex('')).toBe('');
  });

  it('encodes an emoji as its surrogate pair', () => {
    expect(encodeUcs2Hex(EMOJI)).toBe('D83DDE91');
  });

  it('decodes upper and lower case hex', () => {
    expect(decodeUcs2Hex('4f60597d5417')).toEqual({ ok: true, value: '你好吗' });
    expect(decodeUcs2Hex('D83DDE91')).toEqual({ ok: true, value: EMOJI });
    expect(decodeUcs2Hex('')).toEqual({ ok: true, value: '' });
  });

  it.each(['123', '12G4', '00 31', '0031003'])('rejects %j with a typed error', (hex) => {
    expect(decodeUcs2Hex(hex)).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('round-trips any string, emoji and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) })), (text) => {
        expect(decodeUcs2Hex(encodeUcs2Hex(text))).toEqual({ ok: true, value: text });
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('number and text fields that may be UCS2', () => {
  it('decodes a UCS2 number and leaves a plain one alone', () => {
    expect(decodeNumberField('002B0038003600310033003800300030003100330038003000300030')).toBe('+8613800138000');
    expect(decodeNumberField('13800138000')).toBe('13800138000');
    expect(decodeNumberField('10086')).toBe('10086');
    // Twelve digits (a multiple of 4) that do not decode to dialling characters stay as they are.
    expect(decodeNumberField('003120123456')).toBe('003120123456');
    expect(decodeNumberField('1234')).toBe('1234');
  });

  it('decodes a UCS2 operator name and leaves ASCII names alone', () => {
    expect(decodeTextField('4E2D56FD79FB52A8')).toBe('中国移动');
    expect(decodeTextField('CHINA MOBILE')).toBe('CHINA MOBILE');
    expect(decodeTextField('46000')).toBe('46000');
    expect(decodeTextField('00310032')).toBe('12');
    expect(decodeTextField('0001')).toBe('0001');
    expect(decodeTextField('D800')).toBe('D800');
  });
});

describe('splitSms', () => {
  const chinese = (n: number): string => HAN.repeat(n);

  it('keeps a message of exactly 70 units whole and unnumbered', () => {
    expect(SMS_MAX_UNITS).toBe(70);
    expect(splitSms(chinese(70))).toEqual([chinese(70)]);
    expect(splitSms('')).toEqual(['']);
  });

  it('splits 71 characters into two numbered parts within the limit', () => {
    const parts = splitSms(chinese(71));
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(`(1/2)${chinese(65)}`);
    expect(parts[1]).toBe(`(2/2)${chinese(6)}`);
  });

  it('splits 140 and 141 characters and keeps every part within 70 units', () => {
    for (const n of [140, 141]) {
      const parts = splitSms(chinese(n));
      expect(parts).toHaveLength(3);
      parts.forEach((p, i) => {
        expect(p.startsWith(`(${i + 1}/3)`)).toBe(true);
        expect(p.length).toBeLessThanOrEqual(70);
      });
      expect(parts.map((p) => p.slice(5)).join('')).toBe(chinese(n));
    }
  });

  it('does not split a surrogate pair across parts', () => {
    const text = `${chinese(64)}${EMOJI}${chinese(10)}`; // the pair straddles unit 65/66
    const parts = splitSms(text);
    expect(parts[0]).toBe(`(1/2)${chinese(64)}`);
    expect(parts[1]).toBe(`(2/2)${EMOJI}${chinese(10)}`);
  });

  it('widens labels when the part count reaches two digits', () => {
    const parts = splitSms(chinese(65 * 9 + 1));
    expect(parts).toHaveLength(10);
    expect(parts[0]?.startsWith('(1/10)')).toBe(true);
    expect(parts[9]?.startsWith('(10/10)')).toBe(true);
  });

  it('always yields parts within the limit, numbered 1..n, that rejoin to the text, never splitting a pair', () => {
    const unit = fc.oneof(fc.constantFrom(HAN, EMOJI, 'a', '1', ' ', '，'), fc.string({ unit: 'binary', maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 400 }).map((u) => u.join('')), (text) => {
        const parts = splitSms(text);
        for (const p of parts) expect(p.length).toBeLessThanOrEqual(SMS_MAX_UNITS);
        if (parts.length === 1) {
          expect(parts[0]).toBe(text);
          return;
        }
        const bodies = parts.map((p, i) => {
          const label = `(${i + 1}/${parts.length})`;
          expect(p.startsWith(label)).toBe(true);
          return p.slice(label.length);
        });
        expect(bodies.join('')).toBe(text);
        for (const body of bodies) {
          expect(/^[\udc00-\udfff]/.test(body)).toBe(false);
          expect(/[\ud800-\udbff]$/.test(body)).toBe(false);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
