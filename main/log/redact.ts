/**
 * Masks for personal numbers that must never reach a log or a screen in full. The logger runs
 * every message and string value through `maskSensitiveText`; the UI uses `maskIdNumber` and
 * `maskPhone` to show a number the resident can recognise without exposing it. Which keys of a
 * log object hold personal data — the kiosk's own and every identifying field of a decoded ID
 * card — is decided here too (`PERSONAL_KEYS`, `redactPersonalFields`).
 */

import type { CardEvent, CardRead, CardType, DecodedText } from '../../drivers/idcard/index.ts';

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

/** What a redacted value is written as. */
export const REDACTED = '[redacted]';

type KeyOfAny<T> = T extends unknown ? keyof T : never;

/**
 * Every field of every decoded card type, of a card read and of a card event, and whether it
 * identifies the holder (true) or may be logged (false). Typed over the driver's types, so a field
 * added to a card does not compile until it is sorted here. Sex, nation, nationality, validity
 * and the counters stay loggable: none points to one person without the redacted fields.
 */
const CARD_FIELDS: Record<KeyOfAny<DecodedText> | keyof CardRead | keyof CardEvent, boolean> = {
  cardType: false,
  name: true,
  chineseName: true,
  englishName: true,
  sex: false,
  nation: false,
  nationality: false,
  birthDate: true,
  address: true,
  idNumber: true,
  passNumber: true,
  issuingAuthority: true,
  issuingAuthorityCode: true,
  validity: false,
  issueCount: false,
  renewalCount: false,
  cardVersion: false,
  // CardRead
  text: false,
  photo: true,
  fingerprint: true,
  // CardEvent
  read: false,
  appendedAddresses: true,
  at: false,
};

const CARD_TYPES: Record<CardType, true> = { resident: true, 'hk-macao-taiwan': true, 'foreigner-2017': true, 'foreigner-2023': true };

/**
 * Card fields whose key other log lines use for something else (`name` of a database migration,
 * of a speech engine, of a crashed child process): personal only inside an object that carries a
 * card type.
 */
const CARD_ONLY_KEYS: ReadonlySet<string> = new Set(['name']);

/**
 * Keys whose values are personal wherever they appear in a log object: the kiosk's own
 * (number, address, photo, phone, PIN, secrets) and every identifying card field but those in
 * `CARD_ONLY_KEYS`.
 */
export const PERSONAL_KEYS: readonly string[] = [
  ...new Set([
    'idNumber', 'address', 'photo', 'phone', 'pin', 'pinHash', 'secret',
    ...Object.entries(CARD_FIELDS).filter(([key, personal]) => personal && !CARD_ONLY_KEYS.has(key)).map(([key]) => key),
  ]),
];

const PERSONAL_KEY_SET: ReadonlySet<string> = new Set(PERSONAL_KEYS);

/** Deeper than any log object is written; a bound that also ends a walk round a cycle. */
const MAX_DEPTH = 16;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isCard(value: Record<string, unknown>): boolean {
  const type = value.cardType;
  return typeof type === 'string' && Object.hasOwn(CARD_TYPES, type);
}

/**
 * `value` with every `PERSONAL_KEYS` value, and every identifying field of an object with a card
 * type, replaced by `REDACTED`, at any depth of plain objects and arrays. Copies only what it
 * changes: the object belongs to the caller. Class instances (errors, dates, buffers) are left as
 * they are.
 */
export function redactPersonalFields(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const redacted = redactPersonalFields(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[i] = redacted;
    });
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  const card = isCard(value);
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const personal = item !== undefined && (PERSONAL_KEY_SET.has(key) || (card && CARD_FIELDS[key as keyof typeof CARD_FIELDS] === true));
    const redacted = personal ? REDACTED : redactPersonalFields(item, depth + 1);
    if (redacted !== item) (copy ??= { ...value })[key] = redacted;
  }
  return copy ?? value;
}
