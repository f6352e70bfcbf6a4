import type { ResponseFrame } from './frame.ts';
import { err, ok, type Result } from './result.ts';
import { describeSw3, type Sw3Status } from './status.ts';
import { decodeAppendedAddresses, decodeTextBlock, type DecodedText, type TextError } from './text.ts';

/**
 * The data areas of replies to the read commands and to the SAM-ID command.
 */

export type ReadCommand = 'readText' | 'readWithFingerprint';

export interface CardRead {
  readonly text: DecodedText;
  /** The 1024-byte WLT photo, opaque: it cannot be decoded without a licensed library (facts §7.3) and is never stored. */
  readonly photo: Uint8Array;
  /** Present only when the card holds templates and 30 10 was sent. */
  readonly fingerprint?: Uint8Array;
}

export type ReplyError =
  /** The reader answered with a status other than the one that carries data. */
  | { readonly kind: 'status'; readonly status: Sw3Status }
  | { readonly kind: 'bad-lengths'; readonly reason: LengthProblem; readonly dataLength: number }
  | { readonly kind: 'text'; readonly error: TextError };

export type LengthProblem = 'too-short' | 'sum-mismatch' | 'fingerprint-despite-91';

const SUCCESS = 0x90; // facts §2.2
const NO_CONTENT = 0x91; // facts §2.2

/**
 * facts §3.1: 30 01 data is TL PL text photo; 30 10 data is TL PL FL text photo finger, all
 * lengths big-endian and read from the header rather than assumed. For 30 10, a card without
 * fingerprints may be answered with 90 and FL = 0 or with 91; both are accepted.
 */
export function parseReadResponse(frame: ResponseFrame, command: ReadCommand): Result<CardRead, ReplyError> {
  const withFingerprint = command === 'readWithFingerprint';
  const sw3Accepted = frame.sw3 === SUCCESS || (withFingerprint && frame.sw3 === NO_CONTENT);
  if (!sw3Accepted) return err({ kind: 'status', status: describeSw3(frame.sw3) });

  const { data } = frame;
  const headerLength = withFingerprint ? 6 : 4;
  if (data.length < headerLength) return err({ kind: 'bad-lengths', reason: 'too-short', dataLength: data.length });
  const textLength = word(data, 0);
  const photoLength = word(data, 2);
  const fingerprintLength = withFingerprint ? word(data, 4) : 0;
  if (headerLength + textLength + photoLength + fingerprintLength !== data.length) {
    return err({ kind: 'bad-lengths', reason: 'sum-mismatch', dataLength: data.length });
  }
  if (frame.sw3 === NO_CONTENT && fingerprintLength !== 0) {
    return err({ kind: 'bad-lengths', reason: 'fingerprint-despite-91', dataLength: data.length });
  }

  const photoStart = headerLength + textLength;
  const fingerStart = photoStart + photoLength;
  const text = decodeTextBlock(data.subarray(headerLength, photoStart));
  if (!text.ok) return err({ kind: 'text', error: text.error });
  // Copies, not views: a view would carry the whole frame's buffer, text block included,
  // wherever the photo is sent (structured clone copies the entire ArrayBuffer).
  const photo = data.slice(photoStart, fingerStart);
  if (fingerprintLength === 0) return ok({ text: text.value, photo });
  return ok({ text: text.value, photo, fingerprint: data.slice(fingerStart) });
}

export type AppendedAddress = { readonly kind: 'none' } | { readonly kind: 'addresses'; readonly entries: string[] };

/** 30 03: 91 means the card has no appended address (facts §3.1). */
export function parseAppendedAddressResponse(frame: ResponseFrame): Result<AppendedAddress, ReplyError> {
  if (frame.sw3 === NO_CONTENT) return ok({ kind: 'none' });
  if (frame.sw3 !== SUCCESS) return err({ kind: 'status', status: describeSw3(frame.sw3) });
  const entries = decodeAppendedAddresses(frame.data);
  return entries.ok ? ok({ kind: 'addresses', entries: entries.value }) : err({ kind: 'text', error: entries.error });
}

// facts §2.3: 16 data bytes; only S8 documents how they print.
const SAM_ID_LENGTH = 16;

/** 12 FF: the module number as printed on readers, e.g. "05.01-20101129-0012345678-1234567890". */
export function parseSamId(frame: ResponseFrame): Result<string, ReplyError> {
  if (frame.sw3 !== SUCCESS) return err({ kind: 'status', status: describeSw3(frame.sw3) });
  const d = frame.data;
  if (d.length < SAM_ID_LENGTH) return err({ kind: 'bad-lengths', reason: 'too-short', dataLength: d.length });
  const hex2 = (b: number | undefined): string => (b ?? 0).toString(16).toUpperCase().padStart(2, '0');
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const u32 = (at: number): number => view.getUint32(at, true);
  const ten = (n: number): string => n.toString().padStart(10, '0');
  return ok(`${hex2(d[0])}.${hex2(d[2])}-${u32(4)}-${ten(u32(8))}-${ten(u32(12))}`);
}

function word(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
}
