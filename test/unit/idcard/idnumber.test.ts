import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter, checkIdNumber } from '../../../drivers/idcard/index.ts';
import { SAMPLE_CARDS } from '../../../drivers/idcard/testing/cards.ts';

describe('ID number check (ISO 7064 MOD 11-2)', () => {
  it('accepts the worked example in facts/idcard.md §5', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toEqual({ kind: 'valid' });
  });

  it('accepts every sample card number', () => {
    for (const card of SAMPLE_CARDS) {
      const format = card.cardType === 'foreigner-2017' ? 'foreigner-2017' : 'check-digit-18';
      expect(checkIdNumber(card.idNumber, format)).toEqual({ kind: 'valid' });
    }
  });

  it.each([
    ['110105194912310021', { kind: 'bad-checksum', expected: 'X', actual: '1' }],
    ['11010519491231002', { kind: 'bad-length', length: 17, expected: 18 }],
    ['11010519491231002x', { kind: 'bad-characters', position: 17 }],
    ['1101051949X231002X', { kind: 'bad-characters', position: 10 }],
    ['１１010519491231002X', { kind: 'bad-characters', position: 0 }],
  ])('%s → %o', (value, result) => {
    expect(checkIdNumber(value)).toEqual(result);
  });

  it("takes the 2017 'I' card's 15 characters as they are", () => {
    expect(checkIdNumber('USA110079070104', 'foreigner-2017')).toEqual({ kind: 'valid' });
    expect(checkIdNumber('USA110079070105', 'foreigner-2017')).toEqual({ kind: 'valid' });
    expect(checkIdNumber('usa110079070104', 'foreigner-2017')).toEqual({ kind: 'bad-characters', position: 0 });
    expect(checkIdNumber('11010519491231002X', 'foreigner-2017')).toEqual({ kind: 'bad-length', length: 18, expected: 15 });
  });

  const seventeen = fc.stringMatching(/^\d{17}$/);

  it('validates any number completed with its check character', () => {
    fc.assert(
      fc.property(seventeen, (body) => {
        expect(checkIdNumber(body + checkCharacter(body))).toEqual({ kind: 'valid' });
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every single-digit substitution and adjacent transposition', () => {
    fc.assert(
      fc.property(seventeen, fc.nat(16), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const good = body + checkCharacter(body);
        const digit = (Number(body[at]) + delta) % 10;
        const substituted = good.slice(0, at) + String(digit) + good.slice(at + 1);
        expect(checkIdNumber(substituted).kind).toBe('bad-checksum');
        const a = good.charAt(at);
        const b = good.charAt(at + 1);
        if (a !== b && at < 16) {
          const swapped = good.slice(0, at) + b + a + good.slice(at + 2);
          expect(checkIdNumber(swapped).kind).toBe('bad-checksum');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
