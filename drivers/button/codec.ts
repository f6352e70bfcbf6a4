import { LineFramer, MAX_LINE_BYTES, type FramingError } from './framing.ts';

/**
 * Codec for the USB-serial button box line protocol (./PROTOCOL.md). Pure: bytes in, typed
 * messages and typed errors out, and back. Decoders never throw; encoders throw RangeError only
 * when the caller hands them a value the protocol cannot carry.
 */

export { MAX_LINE_BYTES };

/** Device → kiosk. */
export type ButtonMessage =
  | { type: 'sos' }
  | { type: 'rel' }
  | { type: 'hb'; seq: number }
  | { type: 'fault'; text: string }
  | { type: 'pong' };

export type LedMode = 'off' | 'on' | 'blink';

/** Kiosk → device. */
export type ButtonCommand = { type: 'led'; mode: LedMode } | { type: 'buzz'; ms: number } | { type: 'ping' };

export type GrammarError =
  | { kind: 'unknown-command'; line: string }
  | { kind: 'bad-argument'; line: string; reason: string };

export type ButtonProtocolError = FramingError | GrammarError;

export interface DecodeResult<T> {
  messages: T[];
  errors: ButtonProtocolError[];
}

// PROTOCOL.md "HB": seq is an unsigned 32-bit counter.
export const MAX_HB_SEQ = 2 ** 32 - 1;
// facts/emergency.md §3.4: BUZZ duration is 1–60000 ms.
export const MIN_BUZZ_MS = 1;
export const MAX_BUZZ_MS = 60_000;

const LED_WORD: Record<LedMode, string> = { off: 'OFF', on: 'ON', blink: 'BLINK' };
const LED_MODE = new Map(Object.entries(LED_WORD).map(([mode, word]) => [word, mode as LedMode]));
const PRINTABLE = /^[\x20-\x7e]+$/;
// Canonical decimal only: one spelling per value, so a corrupted digit cannot hide behind a leading zero.
const DECIMAL = /^(0|[1-9][0-9]{0,9})$/;

type LineParser<T extends object> = (line: string) => T | GrammarError;

class LineDecoder<T extends object> {
  readonly #framer = new LineFramer();

  constructor(private readonly parse: LineParser<T>) {}

  get pendingBytes(): number {
    return this.#framer.pendingBytes;
  }

  push(bytes: Uint8Array): DecodeResult<T> {
    const messages: T[] = [];
    const errors: ButtonProtocolError[] = [];
    for (const framed of this.#framer.push(bytes)) {
      if (!framed.ok) {
        errors.push(framed.error);
        continue;
      }
      const parsed = this.parse(framed.text);
      if (isGrammarError(parsed)) errors.push(parsed);
      else messages.push(parsed);
    }
    return { messages, errors };
  }
}

/** Kiosk side: decodes what the button box sends. */
export class ButtonDecoder extends LineDecoder<ButtonMessage> {
  constructor() {
    super(parseDeviceLine);
  }
}

/** Device side (the simulator): decodes what the kiosk sends. */
export class ButtonCommandDecoder extends LineDecoder<ButtonCommand> {
  constructor() {
    super(parseKioskLine);
  }
}

export function parseDeviceLine(line: string): ButtonMessage | GrammarError {
  const { word, arg } = splitWord(line);
  switch (word) {
    case 'SOS':
      return arg === null ? { type: 'sos' } : badArgument(line, 'SOS takes no argument');
    case 'REL':
      return arg === null ? { type: 'rel' } : badArgument(line, 'REL takes no argument');
    case 'PONG':
      return arg === null ? { type: 'pong' } : badArgument(line, 'PONG takes no argument');
    case 'HB': {
      const seq = parseDecimal(arg, 0, MAX_HB_SEQ);
      return seq === null ? badArgument(line, `HB needs a decimal sequence number 0–${MAX_HB_SEQ}`) : { type: 'hb', seq };
    }
    case 'FAULT':
      return arg !== null && PRINTABLE.test(arg)
        ? { type: 'fault', text: arg }
        : badArgument(line, 'FAULT needs printable ASCII text');
    default:
      return { kind: 'unknown-command', line };
  }
}

export function parseKioskLine(line: string): ButtonCommand | GrammarError {
  const { word, arg } = splitWord(line);
  switch (word) {
    case 'LED': {
      const mode = arg === null ? undefined : LED_MODE.get(arg);
      return mode === undefined ? badArgument(line, 'LED needs OFF, ON or BLINK') : { type: 'led', mode };
    }
    case 'BUZZ': {
      const ms = parseDecimal(arg, MIN_BUZZ_MS, MAX_BUZZ_MS);
      return ms === null ? badArgument(line, `BUZZ needs ${MIN_BUZZ_MS}–${MAX_BUZZ_MS} ms`) : { type: 'buzz', ms };
    }
    case 'PING':
      return arg === null ? { type: 'ping' } : badArgument(line, 'PING takes no argument');
    default:
      return { kind: 'unknown-command', line };
  }
}

export function encodeButtonCommand(command: ButtonCommand): Uint8Array {
  switch (command.type) {
    case 'led': {
      const word = LED_WORD[command.mode] as string | undefined;
      if (word === undefined) throw new RangeError(`Unknown LED mode ${String(command.mode)}`);
      return encodeLine(`LED ${word}`);
    }
    case 'buzz':
      requireInteger(command.ms, MIN_BUZZ_MS, MAX_BUZZ_MS, 'BUZZ ms');
      return encodeLine(`BUZZ ${command.ms}`);
    case 'ping':
      return encodeLine('PING');
  }
}

/** What the box sends; the simulator speaks through this. */
export function encodeButtonMessage(message: ButtonMessage): Uint8Array {
  switch (message.type) {
    case 'sos':
      return encodeLine('SOS');
    case 'rel':
      return encodeLine('REL');
    case 'pong':
      return encodeLine('PONG');
    case 'hb':
      requireInteger(message.seq, 0, MAX_HB_SEQ, 'HB seq');
      return encodeLine(`HB ${message.seq}`);
    case 'fault':
      if (!PRINTABLE.test(message.text)) throw new RangeError('FAULT text must be printable ASCII');
      return encodeLine(`FAULT ${message.text}`);
  }
}

function encodeLine(text: string): Uint8Array {
  if (text.length + 1 > MAX_LINE_BYTES) throw new RangeError(`Line of ${text.length + 1} bytes is over ${MAX_LINE_BYTES}`);
  const bytes = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  bytes[text.length] = 0x0a;
  return bytes;
}

function splitWord(line: string): { word: string; arg: string | null } {
  const space = line.indexOf(' ');
  return space < 0 ? { word: line, arg: null } : { word: line.slice(0, space), arg: line.slice(space + 1) };
}

function parseDecimal(arg: string | null, min: number, max: number): number | null {
  if (arg === null || !DECIMAL.test(arg)) return null;
  const value = Number(arg);
  return value >= min && value <= max ? value : null;
}

function requireInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer ${min}–${max}, got ${value}`);
  }
}

function badArgument(line: string, reason: string): GrammarError {
  return { kind: 'bad-argument', line, reason };
}

function isGrammarError(value: object): value is GrammarError {
  return 'kind' in value;
}
