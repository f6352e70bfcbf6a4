import { fail, type Parsed } from './fields.ts';

/**
 * UCS2 hex for text-mode SMS with AT+CSCS="UCS2" (facts/emergency.md §2.3: every string
 * parameter, the number included, travels as UCS2 hex, e.g. "+370" → 002B003300370030), and
 * splitting long texts into separately sent messages.
 *
 * Characters outside the BMP (emoji) go out as their UTF-16 surrogate pair, two code units, which
 * is what handsets decode DCS 8 as; a pair is never split.
 */

// facts/emergency.md §2.3: one AT+CMGS in UCS2 (data coding 8) holds at most 70 characters.
export const SMS_MAX_UNITS = 70;

const HEX_UNITS = /^(?:[0-9A-Fa-f]{4})+$/;
const DIALLABLE = /^\+?[0-9*#]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function encodeUcs2Hex(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return hex;
}

export function decodeUcs2Hex(hex: string): Parsed<string> {
  if (hex.length > 0 && !HEX_UNITS.test(hex)) return fail('malformed', hex, 'UCS2 hex must be groups of 4 hex digits');
  let text = '';
  for (let i = 0; i < hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return { ok: true, value: text };
}

/**
 * A number field that may be UCS2 hex (facts §2.3: with CSCS="UCS2" the +CLCC number arrives as
 * "003100330038…"). Decoded only when every unit is a dialling character, so a plain number whose
 * digit count happens to be a multiple of 4 (most of them decode to non-dialling units) stays as is.
 */
export function decodeNumberField(raw: string): string {
  if (!HEX_UNITS.test(raw)) return raw;
  const decoded = decodeUcs2Hex(raw);
  return decoded.ok && DIALLABLE.test(decoded.value) ? decoded.value : raw;
}

/**
 * A text field that may be UCS2 hex (an operator name under CSCS="UCS2"). Decoded only when the
 * result has no control characters and no unpaired surrogates; otherwise the raw text is returned.
 */
export function decodeTextField(raw: string): string {
  if (!HEX_UNITS.test(raw)) return raw;
  const decoded = decodeUcs2Hex(raw);
  if (!decoded.ok || CONTROL.test(decoded.value) || LONE_SURROGATE.test(decoded.value)) return raw;
  return decoded.value;
}

/**
 * Split text into messages of at most SMS_MAX_UNITS UTF-16 code units. One part is returned
 * unchanged; several parts each start with "(i/n)", counted inside the limit.
 */
export function splitSms(text: string): string[] {
  if (text.length <= SMS_MAX_UNITS) return [text];
  // Part counts only grow with n (longer labels leave less room), so the first n whose split
  // needs no more than n parts needs exactly n.
  for (let n = Math.max(2, Math.ceil(text.length / SMS_MAX_UNITS)); ; n++) {
    const bodies = chunk(text, n);
    if (bodies.length <= n) return bodies.map((body, i) => `${label(i + 1, bodies.length)}${body}`);
  }
}

function chunk(text: string, n: number): string[] {
  const bodies: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + SMS_MAX_UNITS - label(bodies.length + 1, n).length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) end--;
    bodies.push(text.slice(at, end));
    at = end;
  }
  return bodies;
}

function label(i: number, n: number): string {
  return `(${i}/${n})`;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
