import { NATIONS, isSexCode, type SexCode } from './codes.ts';
import { checkIdNumber, type IdNumberCheck, type IdNumberFormat } from './idnumber.ts';
import {
  APPENDED_ADDRESS_LENGTH,
  CARD_TYPE_SPAN,
  FOREIGNER_2017,
  FOREIGNER_2023,
  HK_MACAO_TAIWAN,
  MARKERS,
  MAX_APPENDED_ADDRESSES,
  RESIDENT,
  TEXT_BLOCK_LENGTH,
  type Span,
} from './layout.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Decodes the card's 256-byte text block into one of four card shapes.
 *
 * Decoding is strict on purpose: dates must be real dates, codes must be known, the number must
 * pass its check, and no field may hold control characters. A frame whose XOR checksum passed by
 * chance after corruption shifts the UCS-2 alignment, and these checks are what stop such a
 * block from becoming somebody else's identity.
 */

/** 'YYYY-MM-DD'. */
export type IsoDate = string;

export interface Validity {
  readonly start: IsoDate;
  /** facts §3.2: "长期" on the card means no expiry. */
  readonly end: IsoDate | 'long-term';
}

export interface ResidentCard {
  readonly cardType: 'resident';
  readonly name: string;
  readonly sex: SexCode;
  /** `name` is undefined for a well-formed code missing from the GB 3304 table. */
  readonly nation: { readonly code: string; readonly name: string | undefined };
  readonly birthDate: IsoDate;
  readonly address: string;
  readonly idNumber: string;
  readonly issuingAuthority: string;
  readonly validity: Validity;
}

export interface HkMacaoTaiwanCard {
  readonly cardType: 'hk-macao-taiwan';
  readonly name: string;
  readonly sex: SexCode;
  readonly birthDate: IsoDate;
  readonly address: string;
  readonly idNumber: string;
  readonly issuingAuthority: string;
  readonly validity: Validity;
  readonly passNumber: string;
  readonly issueCount: string;
}

export interface Foreigner2017Card {
  readonly cardType: 'foreigner-2017';
  readonly englishName: string;
  /** May be empty: not every holder has a Chinese name. */
  readonly chineseName: string;
  readonly sex: SexCode;
  /** 15 characters, no check character (facts §9). */
  readonly idNumber: string;
  readonly nationality: string;
  readonly birthDate: IsoDate;
  readonly validity: Validity;
  readonly cardVersion: string;
  readonly issuingAuthorityCode: string;
}

export interface Foreigner2023Card {
  readonly cardType: 'foreigner-2023';
  readonly englishName: string;
  readonly chineseName: string;
  readonly sex: SexCode;
  readonly renewalCount: string;
  readonly birthDate: IsoDate;
  readonly idNumber: string;
  readonly nationality: string;
  readonly validity: Validity;
}

export type DecodedText = ResidentCard | HkMacaoTaiwanCard | Foreigner2017Card | Foreigner2023Card;
export type CardType = DecodedText['cardType'];

export type TextField =
  | keyof typeof RESIDENT
  | keyof typeof HK_MACAO_TAIWAN
  | keyof typeof FOREIGNER_2017
  | keyof typeof FOREIGNER_2023
  | 'appendedAddress';

/** Errors name the field and the reason, never its content: they are logged. */
export type TextError =
  | { readonly kind: 'bad-block-length'; readonly length: number; readonly expected: number }
  | { readonly kind: 'unknown-card-type'; readonly marker: string }
  | { readonly kind: 'bad-field'; readonly field: TextField; readonly reason: FieldProblem }
  | { readonly kind: 'bad-id-number'; readonly problem: Exclude<IdNumberCheck, { kind: 'valid' }> };

export type FieldProblem = 'control-character' | 'empty' | 'not-a-date' | 'unknown-code';

export const LONG_TERM = '长期';

export function decodeTextBlock(block: Uint8Array): Result<DecodedText, TextError> {
  if (block.length !== TEXT_BLOCK_LENGTH) {
    return err({ kind: 'bad-block-length', length: block.length, expected: TEXT_BLOCK_LENGTH });
  }
  const marker = unitAt(block, CARD_TYPE_SPAN[0]);
  const r = new FieldReader(block);
  let card: DecodedText;
  if (marker === 0x20 || marker === 0) card = decodeResident(r);
  else if (marker === MARKERS.hkMacaoTaiwan.charCodeAt(0)) card = decodeHkMacaoTaiwan(r);
  else if (marker === MARKERS.foreigner2017.charCodeAt(0)) card = decodeForeigner2017(r);
  else if (marker === MARKERS.foreigner2023.charCodeAt(0)) card = decodeForeigner2023(r);
  else return err({ kind: 'unknown-card-type', marker: marker.toString(16).toUpperCase().padStart(4, '0') });
  return r.error ? err(r.error) : ok(card);
}

function decodeResident(r: FieldReader): ResidentCard {
  const L = RESIDENT;
  const name = r.text('name', L.name);
  const sex = r.sex(L.sex);
  const nationCode = r.digits('nation', L.nation);
  const birthDate = r.date('birthDate', L.birthDate);
  const address = r.text('address', L.address);
  const idNumber = r.idNumber(L.idNumber, 'check-digit-18');
  const issuingAuthority = r.text('issuingAuthority', L.issuingAuthority);
  const validity = r.validity(L.validFrom, L.validTo);
  const nation = { code: nationCode, name: NATIONS.get(nationCode) };
  return { cardType: 'resident', name, sex, nation, birthDate, address, idNumber, issuingAuthority, validity };
}

function decodeHkMacaoTaiwan(r: FieldReader): HkMacaoTaiwanCard {
  const L = HK_MACAO_TAIWAN;
  return {
    cardType: 'hk-macao-taiwan',
    name: r.text('name', L.name),
    sex: r.sex(L.sex),
    birthDate: r.date('birthDate', L.birthDate),
    address: r.text('address', L.address),
    idNumber: r.idNumber(L.idNumber, 'check-digit-18'),
    issuingAuthority: r.text('issuingAuthority', L.issuingAuthority),
    validity: r.validity(L.validFrom, L.validTo),
    passNumber: r.text('passNumber', L.passNumber),
    issueCount: r.text('issueCount', L.issueCount),
  };
}

function decodeForeigner2017(r: FieldReader): Foreigner2017Card {
  const L = FOREIGNER_2017;
  return {
    cardType: 'foreigner-2017',
    englishName: r.text('englishName', L.englishName),
    sex: r.sex(L.sex),
    idNumber: r.idNumber(L.idNumber, 'foreigner-2017'),
    nationality: r.text('nationality', L.nationality),
    chineseName: r.text('chineseName', L.chineseName, { optional: true }),
    validity: r.validity(L.validFrom, L.validTo),
    birthDate: r.date('birthDate', L.birthDate),
    cardVersion: r.text('cardVersion', L.cardVersion, { optional: true }),
    issuingAuthorityCode: r.text('issuingAuthorityCode', L.issuingAuthorityCode, { optional: true }),
  };
}

function decodeForeigner2023(r: FieldReader): Foreigner2023Card {
  const L = FOREIGNER_2023;
  return {
    cardType: 'foreigner-2023',
    chineseName: r.text('chineseName', L.chineseName, { optional: true }),
    sex: r.sex(L.sex),
    renewalCount: r.text('renewalCount', L.renewalCount, { optional: true }),
    birthDate: r.date('birthDate', L.birthDate),
    // Joined before trimming: a space at character 35 is part of the name.
    englishName: r.clean('englishName', r.raw(L.englishName) + r.raw(L.englishNameRest), {}),
    idNumber: r.idNumber(L.idNumber, 'check-digit-18'),
    validity: r.validity(L.validFrom, L.validTo),
    nationality: r.text('nationality', L.nationality),
  };
}

/** Decodes the 30 03 reply data: up to four 70-byte addresses; blank entries are dropped. */
export function decodeAppendedAddresses(data: Uint8Array): Result<string[], TextError> {
  const count = data.length / APPENDED_ADDRESS_LENGTH;
  if (!Number.isInteger(count) || count < 1 || count > MAX_APPENDED_ADDRESSES) {
    return err({ kind: 'bad-block-length', length: data.length, expected: APPENDED_ADDRESS_LENGTH });
  }
  const r = new FieldReader(data);
  const entries: string[] = [];
  for (let i = 0; i < count; i++) {
    const entry = r.text('appendedAddress', [i * APPENDED_ADDRESS_LENGTH, APPENDED_ADDRESS_LENGTH], { optional: true });
    if (entry !== '') entries.push(entry);
  }
  return r.error ? err(r.error) : ok(entries);
}

function unitAt(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

// U+0020 is the documented padding; U+0000 is tolerated too, as facts §3.3 allows it for the marker.
const PADDING = /^[\u0020\u0000]+|[\u0020\u0000]+$/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const YMD = /^(\d{4})(\d{2})(\d{2})$/;

/** Reads fields in layout order and keeps the first problem; later reads return placeholders. */
class FieldReader {
  error: TextError | undefined;

  constructor(private readonly bytes: Uint8Array) {}

  raw([offset, length]: Span): string {
    let s = '';
    for (let i = offset; i < offset + length; i += 2) s += String.fromCharCode(unitAt(this.bytes, i));
    return s;
  }

  clean(field: TextField, raw: string, { optional = false }: { optional?: boolean }): string {
    const value = raw.replace(PADDING, '');
    if (CONTROL.test(value)) return this.fail({ kind: 'bad-field', field, reason: 'control-character' });
    if (value === '' && !optional) return this.fail({ kind: 'bad-field', field, reason: 'empty' });
    return value;
  }

  text(field: TextField, span: Span, options: { optional?: boolean } = {}): string {
    return this.clean(field, this.raw(span), options);
  }

  digits(field: TextField, span: Span): string {
    const value = this.text(field, span);
    if (this.error) return '';
    return /^\d+$/.test(value) && value.length * 2 === span[1] ? value : this.fail({ kind: 'bad-field', field, reason: 'unknown-code' });
  }

  sex(span: Span): SexCode {
    const value = this.text('sex', span);
    if (isSexCode(value)) return value;
    if (!this.error) this.fail({ kind: 'bad-field', field: 'sex', reason: 'unknown-code' });
    return '0';
  }

  date(field: TextField, span: Span): IsoDate {
    const value = this.text(field, span);
    if (this.error) return '';
    return toIsoDate(value) ?? this.fail({ kind: 'bad-field', field, reason: 'not-a-date' });
  }

  validity(from: Span, to: Span): Validity {
    const start = this.date('validFrom', from);
    const end = this.text('validTo', to);
    if (this.error) return { start, end: start };
    if (end === LONG_TERM) return { start, end: 'long-term' };
    return { start, end: toIsoDate(end) ?? this.fail({ kind: 'bad-field', field: 'validTo', reason: 'not-a-date' }) };
  }

  idNumber(span: Span, format: IdNumberFormat): string {
    const value = this.text('idNumber', span);
    if (this.error) return '';
    const check = checkIdNumber(value, format);
    return check.kind === 'valid' ? value : this.fail({ kind: 'bad-id-number', problem: check });
  }

  private fail(error: TextError): string {
    this.error ??= error;
    return '';
  }
}

function toIsoDate(ymd: string): IsoDate | undefined {
  const m = YMD.exec(ymd);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${y}-${mo}-${d}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
