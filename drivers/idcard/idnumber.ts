/**
 * Card-number checks (facts/idcard.md §5). Results carry check characters and positions but
 * never the number itself, so they are safe to log.
 */

export type IdNumberFormat =
  /** 18 characters with an ISO 7064 MOD 11-2 check character: resident, 'Y' and 'J' cards. */
  | 'check-digit-18'
  /** The 2017 'I' card's 15-character number: no check rule is on record, so none is applied. */
  | 'foreigner-2017';

export type IdNumberCheck =
  | { readonly kind: 'valid' }
  | { readonly kind: 'bad-length'; readonly length: number; readonly expected: number }
  | { readonly kind: 'bad-characters'; readonly position: number }
  | { readonly kind: 'bad-checksum'; readonly expected: string; readonly actual: string };

// facts §5: weights for digits 1–17 and the check character for r = S mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for 17 leading digits; the caller guarantees they are digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

export function checkIdNumber(value: string, format: IdNumberFormat = 'check-digit-18'): IdNumberCheck {
  if (format === 'foreigner-2017') {
    if (value.length !== 15) return { kind: 'bad-length', length: value.length, expected: 15 };
    // The layout of this number is not on record (facts §9); the card prints it in capitals and digits.
    const bad = firstMismatch(value, (c) => /[0-9A-Z]/.test(c));
    return bad < 0 ? { kind: 'valid' } : { kind: 'bad-characters', position: bad };
  }
  if (value.length !== 18) return { kind: 'bad-length', length: value.length, expected: 18 };
  // A lower-case x is not what a card carries; callers taking typed input upper-case it first.
  const bad = firstMismatch(value, (c, i) => /\d/.test(c) || (i === 17 && c === 'X'));
  if (bad >= 0) return { kind: 'bad-characters', position: bad };
  const expected = checkCharacter(value.slice(0, 17));
  const actual = value.charAt(17);
  return expected === actual ? { kind: 'valid' } : { kind: 'bad-checksum', expected, actual };
}

function firstMismatch(value: string, allowed: (c: string, i: number) => boolean): number {
  for (let i = 0; i < value.length; i++) if (!allowed(value.charAt(i), i)) return i;
  return -1;
}
