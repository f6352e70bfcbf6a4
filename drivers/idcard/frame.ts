import { err, ok, type Result } from './result.ts';

/**
 * GA 467 SAM frames: building requests, and checking and splitting whole frames in either
 * direction (the device reads responses; the simulator reads requests).
 */

// facts/idcard.md §1.1: AA AA AA syncs, 96 69 marks the start of a frame.
export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
/** Preamble plus the two length bytes: the part of a frame that Len does not count. */
export const HEADER_LENGTH = PREAMBLE.length + 2;
// facts/idcard.md §3.1: the longest frame on record is the 30 10 reply with two fingerprint
// templates, 2321 bytes, so Len = 2321 − 7. Anything longer is a corrupt length field.
export const MAX_LEN = 2321 - HEADER_LENGTH;

// facts/idcard.md §2.1. Appended address is 30 03, not S11's 30 02: three sources against one.
export const COMMANDS = {
  reset: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  samId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readText: { cmd: 0x30, para: 0x01 },
  readWithFingerprint: { cmd: 0x30, para: 0x10 },
  readAppendedAddress: { cmd: 0x30, para: 0x03 },
} as const satisfies Record<string, { cmd: number; para: number }>;

export type CommandName = keyof typeof COMMANDS;

/** A reply. It carries no command byte (facts §1.1), so the caller pairs it with what it sent. */
export interface ResponseFrame {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly data: Uint8Array;
}

export interface RequestFrame {
  /** Undefined for a well-formed frame whose CMD/Para pair is not one this driver sends. */
  readonly command: CommandName | undefined;
  readonly cmd: number;
  readonly para: number;
  readonly data: Uint8Array;
}

export type FrameError =
  | { readonly kind: 'noise'; readonly skipped: number }
  | { readonly kind: 'bad-length'; readonly length: number }
  | { readonly kind: 'bad-checksum'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'incomplete'; readonly have: number; readonly need: number }
  | { readonly kind: 'bad-preamble' }
  | { readonly kind: 'trailing-bytes'; readonly extra: number };

/** How one direction's frame body (the bytes Len counts, minus the checksum) is read. */
export interface FrameCodec<F> {
  /** facts §1.1/§1.2: CMD+Para+CHK = 3 for requests; SW1+SW2+SW3+CHK = 4 for replies. */
  readonly minLen: number;
  decode(body: Uint8Array): F;
}

export const RESPONSE_FRAMES: FrameCodec<ResponseFrame> = {
  minLen: 4,
  decode: (body) => ({ sw1: body[0] ?? 0, sw2: body[1] ?? 0, sw3: body[2] ?? 0, data: body.slice(3) }),
};

export const REQUEST_FRAMES: FrameCodec<RequestFrame> = {
  minLen: 3,
  decode: (body) => {
    const cmd = body[0] ?? 0;
    const para = body[1] ?? 0;
    return { command: commandNamed(cmd, para), cmd, para, data: body.slice(2) };
  },
};

function commandNamed(cmd: number, para: number): CommandName | undefined {
  for (const [name, c] of Object.entries(COMMANDS) as [CommandName, (typeof COMMANDS)[CommandName]][]) {
    if (c.cmd === cmd && c.para === para) return name;
  }
  return undefined;
}

/** facts §1.1: XOR of Len1 … last data byte, i.e. everything between preamble and CHK. */
export function xorChecksum(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** Wraps a body (CMD Para Data, or SW1 SW2 SW3 Data) with preamble, length and checksum. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > MAX_LEN) throw new RangeError(`frame body of ${body.length} bytes exceeds the protocol maximum`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, PREAMBLE.length, frame.length - 1);
  return frame;
}

export function buildRequest(command: CommandName): Uint8Array {
  const { cmd, para } = COMMANDS[command];
  return encodeFrame(Uint8Array.of(cmd, para));
}

export function buildResponse(reply: { sw3: number; sw1?: number; sw2?: number; data?: Uint8Array }): Uint8Array {
  const data = reply.data ?? new Uint8Array(0);
  const body = new Uint8Array(3 + data.length);
  body[0] = reply.sw1 ?? 0;
  body[1] = reply.sw2 ?? 0;
  body[2] = reply.sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

export function readLen(bytes: Uint8Array, frameStart: number): number {
  return ((bytes[frameStart + 5] ?? 0) << 8) | (bytes[frameStart + 6] ?? 0);
}

export function startsWithPreamble(bytes: Uint8Array, at: number): boolean {
  return PREAMBLE.every((b, i) => bytes[at + i] === b);
}

/**
 * Checks the frame whose preamble starts at `at` and whose header and body are all present,
 * and decodes it. Shared by the whole-frame parsers and the stream splitter.
 */
export function checkFrameAt<F>(codec: FrameCodec<F>, bytes: Uint8Array, at: number, len: number): Result<F, FrameError> {
  const chkAt = at + HEADER_LENGTH + len - 1;
  const expected = xorChecksum(bytes, at + PREAMBLE.length, chkAt);
  const actual = bytes[chkAt] ?? 0;
  if (expected !== actual) return err({ kind: 'bad-checksum', expected, actual });
  return ok(codec.decode(bytes.subarray(at + HEADER_LENGTH, chkAt)));
}

export function lenInRange(codec: FrameCodec<unknown>, len: number): boolean {
  return len >= codec.minLen && len <= MAX_LEN;
}

/** Parses exactly one frame: no noise before it, nothing after it. */
function parseFrame<F>(codec: FrameCodec<F>, bytes: Uint8Array): Result<F, FrameError> {
  if (bytes.length < HEADER_LENGTH) {
    return startsWithPreambleSoFar(bytes)
      ? err({ kind: 'incomplete', have: bytes.length, need: HEADER_LENGTH })
      : err({ kind: 'bad-preamble' });
  }
  if (!startsWithPreamble(bytes, 0)) return err({ kind: 'bad-preamble' });
  const len = readLen(bytes, 0);
  if (!lenInRange(codec, len)) return err({ kind: 'bad-length', length: len });
  const need = HEADER_LENGTH + len;
  if (bytes.length < need) return err({ kind: 'incomplete', have: bytes.length, need });
  if (bytes.length > need) return err({ kind: 'trailing-bytes', extra: bytes.length - need });
  return checkFrameAt(codec, bytes, 0, len);
}

function startsWithPreambleSoFar(bytes: Uint8Array): boolean {
  return bytes.every((b, i) => i >= PREAMBLE.length || PREAMBLE[i] === b);
}

export function parseResponseFrame(bytes: Uint8Array): Result<ResponseFrame, FrameError> {
  return parseFrame(RESPONSE_FRAMES, bytes);
}

export function parseRequestFrame(bytes: Uint8Array): Result<RequestFrame, FrameError> {
  return parseFrame(REQUEST_FRAMES, bytes);
}
