/**
 * Masks for personal numbers that must never reach a log or a screen in full. The logger runs
 * every message and string value through `maskSensitiveText`; the UI uses `maskIdNumber` and
 * `maskPhone` to show a number the resident can recognise without exposing it.
 */

const MASK = '*';

/**
 * Any run of 15 or more digits (with the check character X of an 18-digit ID number) is treated
 * as an identity number. Runs of other lengths (bank cards, a 19-digit run with an ID inside it)
 * are masked the same way so that no complete ID number survives inside a longer run.
 */
const LONG_NUMBER = /(?<!\d)\d{15,}[Xx]?/g;

/** An 18-character ID number written in groups (address code, birth date, sequence), as people copy it out. */
const GROUPED_ID = /(?<![\dA-Za-z])\d{6}[ -]\d{8}[ -]\d{3}[\dXx](?![\dA-Za-z])/g;

/** A foreigner's permanent residence card number of the 2017 design: 15 characters (facts/idcard.md, card type 'I'), three letters then twelve digits. */
const RESIDENCE_2017 = /(?<![A-Za-z\d])[A-Z]{3}\d{12}(?!\d)/g;

/** Mainland mobiles, optionally with a +86/86 prefix and grouped with spaces or dashes. */
const MOBILE = /(?<!\d)((?:\+?86[ -]?)?1[3-9]\d)([ -]?)\d{4}([ -]?)(\d{4})(?!\d)/g;

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return MASK.repeat(value.length);
  return value.slice(0, head) + MASK.repeat(value.length - head - tail) + value.slice(-tail);
}

/**
 * `11010119900307123X` → `1101**********123X`. Surrounding whitespace is dropped and a lower-case
 * check character is shown upper-case, as printed on the card. Values of 8 characters or fewer
 * are masked completely, since showing 4 + 4 of them would show everything.
 */
export function maskIdNumber(id: string): string {
  return keepEnds(id.trim().toUpperCase(), 4, 4);
}

/**
 * `13812345678` → `138****5678`; a `+86` prefix is kept in front. Spaces and dashes are removed.
 * Numbers of 7 characters or fewer (110, 12345, an extension) identify no one and are returned
 * as they are.
 */
export function maskPhone(phone: string): string {
  const compact = phone.replace(/[\s-]/g, '');
  if (compact.length <= 7) return compact;
  const prefix = /^(?:\+?86)(?=1[3-9]\d{9}$)/.exec(compact)?.[0] ?? '';
  return prefix + keepEnds(compact.slice(prefix.length), 3, 4);
}

/** Masks every ID number and mobile number found anywhere in free text. Never throws. */
export function maskSensitiveText(text: string): string {
  return text
    .replace(GROUPED_ID, (id) => keepEnds(id.replace(/[ -]/g, '').toUpperCase(), 4, 4))
    .replace(RESIDENCE_2017, (id) => keepEnds(id, 4, 4))
    .replace(LONG_NUMBER, (run) => keepEnds(run.toUpperCase(), 4, 4))
    .replace(MOBILE, (_match, head: string, sep1: string, sep2: string, tail: string) => `${head}${sep1}****${sep2}${tail}`);
}
