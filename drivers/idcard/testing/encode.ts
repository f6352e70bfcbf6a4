import { buildResponse } from '../frame.ts';
import {
  APPENDED_ADDRESS_LENGTH,
  CARD_TYPE_SPAN,
  FOREIGNER_2017,
  FOREIGNER_2023,
  HK_MACAO_TAIWAN,
  MARKERS,
  RESIDENT,
  TEXT_BLOCK_LENGTH,
  type Span,
} from '../layout.ts';
import { LONG_TERM, type DecodedText, type IsoDate, type Validity } from '../text.ts';

/**
 * The card side of the codec, for tests and the reader simulator: builds the bytes a real reader
 * would send for a given card. A value that does not fit its field is a bug in the caller, so
 * it throws.
 */

const SUCCESS = 0x90; // facts/idcard.md §2.2

export function encodeTextBlock(card: DecodedText): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  put(block, [0, TEXT_BLOCK_LENGTH], '');
  switch (card.cardType) {
    case 'resident': {
      const L = RESIDENT;
      put(block, L.name, card.name);
      put(block, L.sex, card.sex);
      put(block, L.nation, card.nation.code);
      put(block, L.birthDate, ymd(card.birthDate));
      put(block, L.address, card.address);
      put(block, L.idNumber, card.idNumber);
      put(block, L.issuingAuthority, card.issuingAuthority);
      putValidity(block, L, card.validity);
      break;
    }
    case 'hk-macao-taiwan': {
      const L = HK_MACAO_TAIWAN;
      put(block, L.name, card.name);
      put(block, L.sex, card.sex);
      put(block, L.birthDate, ymd(card.birthDate));
      put(block, L.address, card.address);
      put(block, L.idNumber, card.idNumber);
      put(block, L.issuingAuthority, card.issuingAuthority);
      putValidity(block, L, card.validity);
      put(block, L.passNumber, card.passNumber);
      put(block, L.issueCount, card.issueCount);
      put(block, CARD_TYPE_SPAN, MARKERS.hkMacaoTaiwan);
      break;
    }
    case 'foreigner-2017': {
      const L = FOREIGNER_2017;
      put(block, L.englishName, card.englishName);
      put(block, L.sex, card.sex);
      put(block, L.idNumber, card.idNumber);
      put(block, L.nationality, card.nationality);
      put(block, L.chineseName, card.chineseName);
      putValidity(block, L, card.validity);
      put(block, L.birthDate, ymd(card.birthDate));
      put(block, L.cardVersion, card.cardVersion);
      put(block, L.issuingAuthorityCode, card.issuingAuthorityCode);
      put(block, CARD_TYPE_SPAN, MARKERS.foreigner2017);
      break;
    }
    case 'foreigner-2023': {
      const L = FOREIGNER_2023;
      const firstPart = L.englishName[1] / 2;
      put(block, L.chineseName, card.chineseName);
      put(block, L.sex, card.sex);
      put(block, L.renewalCount, card.renewalCount);
      put(block, L.birthDate, ymd(card.birthDate));
      put(block, L.englishName, card.englishName.slice(0, firstPart));
      put(block, L.englishNameRest, card.englishName.slice(firstPart));
      put(block, L.idNumber, card.idNumber);
      putValidity(block, L, card.validity);
      put(block, L.nationality, card.nationality);
      put(block, CARD_TYPE_SPAN, MARKERS.foreigner2023);
      break;
    }
  }
  return block;
}

/** The data area of a successful 30 01 (no fingerprint argument) or 30 10 reply. */
export function encodeReadData(text: Uint8Array, photo: Uint8Array, fingerprint?: Uint8Array): Uint8Array {
  const words = fingerprint ? [text.length, photo.length, fingerprint.length] : [text.length, photo.length];
  const parts = [Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff])), text, photo, fingerprint ?? new Uint8Array(0)];
  return concat(parts);
}

/** A whole 30 01 / 30 10 reply frame for a card. */
export function encodeReadReply(card: DecodedText, photo: Uint8Array, fingerprint?: Uint8Array): Uint8Array {
  return buildResponse({ sw3: SUCCESS, data: encodeReadData(encodeTextBlock(card), photo, fingerprint) });
}

/** The data area of a 30 03 reply: one 70-byte entry per address. */
export function encodeAppendedAddresses(addresses: readonly string[]): Uint8Array {
  const data = new Uint8Array(addresses.length * APPENDED_ADDRESS_LENGTH);
  addresses.forEach((a, i) => put(data, [i * APPENDED_ADDRESS_LENGTH, APPENDED_ADDRESS_LENGTH], a));
  return data;
}

function putValidity(block: Uint8Array, L: { validFrom: Span; validTo: Span }, validity: Validity): void {
  put(block, L.validFrom, ymd(validity.start));
  put(block, L.validTo, validity.end === 'long-term' ? LONG_TERM : ymd(validity.end));
}

function ymd(date: IsoDate): string {
  return date.replaceAll('-', '');
}

/** Writes UCS-2LE, padded with U+0020 as real cards are (facts §3.2). */
function put(bytes: Uint8Array, [offset, length]: Span, value: string): void {
  // The value is left out of the message: in the simulator it may be a realistic ID number.
  if (value.length * 2 > length) throw new RangeError(`${value.length} characters do not fit in ${length / 2}`);
  for (let i = 0; i < length / 2; i++) {
    const unit = i < value.length ? value.charCodeAt(i) : 0x20;
    bytes[offset + 2 * i] = unit & 0xff;
    bytes[offset + 2 * i + 1] = unit >> 8;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
