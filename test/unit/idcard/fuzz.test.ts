import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FrameSplitter,
  PREAMBLE,
  REQUEST_FRAMES,
  RESPONSE_FRAMES,
  buildResponse,
  checkIdNumber,
  decodeAppendedAddresses,
  decodeTextBlock,
  encodeFrame,
  parseAppendedAddressResponse,
  parseReadResponse,
  parseRequestFrame,
  parseResponseFrame,
  parseSamId,
  type DecodedText,
  type FrameError,
  type ReadCommand,
  type ResponseFrame,
} from '../../../drivers/idcard/index.ts';
import { SAMPLE_CARDS } from '../../../drivers/idcard/testing/cards.ts';
import { encodeReadReply, encodeTextBlock } from '../../../drivers/idcard/testing/encode.ts';
import { FRAME_ERROR_KINDS, concat, cut, pushAll } from './fixtures.ts';

const RUNS = { numRuns: 2000 };

const bytes = (maxLength = 600): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
const cuts = fc.array(fc.nat(2400), { maxLength: 12 });

/** Byte soup that reaches past the preamble check: random runs, bare preambles and real frames. */
const soup = fc
  .array(
    fc.oneof(
      bytes(40),
      fc.constant(Uint8Array.from(PREAMBLE)),
      fc.tuple(fc.integer({ min: 0, max: 0xffff }), bytes(20)).map(([len, rest]) => concat(Uint8Array.from(PREAMBLE), Uint8Array.of(len >> 8, len & 0xff), rest)),
      fc.tuple(fc.nat(255), bytes(40)).map(([sw3, data]) => buildResponse({ sw3, data })),
    ),
    { maxLength: 12 },
  )
  .map((parts) => concat(...parts));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle));
}

function expectTyped(errors: readonly FrameError[]): void {
  for (const e of errors) expect(FRAME_ERROR_KINDS.has(e.kind)).toBe(true);
}

const card = fc.constantFrom(...SAMPLE_CARDS);
const readCommand = fc.constantFrom<ReadCommand>('readText', 'readWithFingerprint');

/** A valid read reply, and what it says. */
const validRead = fc
  .tuple(card, bytes(1024).filter((p) => p.length > 0), readCommand, fc.constantFrom(0, 512, 1024))
  .map(([text, photo, command, fl]) => {
    const fingerprint = command === 'readWithFingerprint' ? new Uint8Array(fl).fill(0x5a) : undefined;
    return { text, command, frame: encodeReadReply(text, photo, fingerprint) };
  });

type Mutation = { kind: 'flip' | 'insert' | 'delete'; at: number; byte: number };

function mutate(frame: Uint8Array, m: Mutation): Uint8Array {
  const at = m.at % (frame.length + (m.kind === 'insert' ? 1 : 0));
  if (m.kind === 'flip') {
    const out = frame.slice();
    out[at] = (out[at] ?? 0) ^ (m.byte || 1);
    return out;
  }
  if (m.kind === 'insert') return concat(frame.subarray(0, at), Uint8Array.of(m.byte), frame.subarray(at));
  return concat(frame.subarray(0, at), frame.subarray(at + 1));
}

/** Everything a splitter makes of the bytes, including what it held until the device gave up. */
function splitFully(input: Uint8Array, at: readonly number[]): { frames: ResponseFrame[]; errors: FrameError[] } {
  const s = new FrameSplitter(RESPONSE_FRAMES);
  const result = pushAll(s, cut(input, at));
  while (s.pendingBytes > 0) {
    const more = s.expirePending();
    result.frames.push(...more.frames);
    result.errors.push(...more.errors);
  }
  return result;
}

describe('fuzz: the codec never throws and returns only typed results', () => {
  it('splitter: any bytes in any pieces; every frame it emits was really on the wire', () => {
    fc.assert(
      fc.property(soup, cuts, (input, at) => {
        const { frames, errors } = splitFully(input, at);
        expectTyped(errors);
        for (const f of frames) expect(contains(input, buildResponse(f))).toBe(true);
      }),
      RUNS,
    );
  });

  it('request splitter and whole-frame parsers: any bytes', () => {
    fc.assert(
      fc.property(soup, (input) => {
        expectTyped(new FrameSplitter(REQUEST_FRAMES).push(input).errors);
        for (const r of [parseResponseFrame(input), parseRequestFrame(input)]) {
          if (!r.ok) expect(FRAME_ERROR_KINDS.has(r.error.kind)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('reply parsers: any status and any data', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(0x90, 0x91), fc.nat(255)), bytes(2400), readCommand, (sw3, data, command) => {
        const frame = { sw1: 0, sw2: 0, sw3, data };
        for (const r of [parseReadResponse(frame, command), parseAppendedAddressResponse(frame), parseSamId(frame), decodeAppendedAddresses(data)]) {
          expect(typeof r.ok).toBe('boolean');
        }
      }),
      RUNS,
    );
  });

  it('text decoder: a valid block with a window overwritten; anything decoded still passes its number check', () => {
    fc.assert(
      fc.property(card, fc.nat(255), bytes(64), (text, at, junk) => {
        const block = encodeTextBlock(text);
        block.set(junk.subarray(0, 256 - at), at);
        const r = decodeTextBlock(block);
        if (r.ok) {
          const format = r.value.cardType === 'foreigner-2017' ? 'foreigner-2017' : 'check-digit-18';
          expect(checkIdNumber(r.value.idNumber, format)).toEqual({ kind: 'valid' });
        }
      }),
      RUNS,
    );
  });
});

describe('fuzz: damaged frames never become a different identity', () => {
  const decodedTexts = (frames: readonly ResponseFrame[], command: ReadCommand): DecodedText[] =>
    frames.flatMap((f) => {
      const r = parseReadResponse(f, command);
      return r.ok ? [r.value.text] : [];
    });

  it.each(['flip', 'insert', 'delete'] as const)('one %s: the original card or a typed error', (kind) => {
    fc.assert(
      fc.property(validRead, fc.nat(2400), fc.nat(255), cuts, ({ text, command, frame }, at, byte, pieces) => {
        const damaged = mutate(frame, { kind, at, byte });
        const { frames, errors } = splitFully(damaged, pieces);
        expectTyped(errors);
        expect(frames.length).toBeLessThanOrEqual(1);
        for (const decoded of decodedTexts(frames, command)) expect(decoded).toEqual(text);
        // XOR sees any single changed byte once the length field is past (facts §1.1).
        if (kind === 'flip' && at % frame.length >= 7) expect(frames).toEqual([]);
      }),
      RUNS,
    );
  });

  it('one inserted or deleted byte never decodes as another identity, even if the checksum were fooled', () => {
    // Re-encoding keeps Len and recomputes CHK, the 1-in-256 case where XOR misses a shift;
    // then only the strict text decoder stands between the damage and a wrong identity.
    fc.assert(
      fc.property(validRead, fc.nat(2400), fc.nat(255), fc.boolean(), ({ text, command, frame }, at, byte, insert) => {
        const body = frame.subarray(7, frame.length - 1);
        const i = at % body.length;
        const shifted = insert
          ? concat(body.subarray(0, i), Uint8Array.of(byte), body.subarray(i, body.length - 1))
          : concat(body.subarray(0, i), body.subarray(i + 1), Uint8Array.of(byte));
        const parsed = parseResponseFrame(encodeFrame(shifted));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) for (const decoded of decodedTexts([parsed.value], command)) expect(decoded).toEqual(text);
      }),
      RUNS,
    );
  });

  it('a truncated frame is held as pending, then expires as a typed error', () => {
    fc.assert(
      fc.property(validRead, fc.nat(2400), cuts, ({ frame }, length, pieces) => {
        const prefix = frame.subarray(0, length % frame.length);
        const s = new FrameSplitter(RESPONSE_FRAMES);
        expect(pushAll(s, cut(prefix, pieces))).toEqual({ frames: [], errors: [] });
        expect(s.pendingBytes).toBe(prefix.length);
        const expired = s.expirePending();
        expect(expired.frames).toEqual([]);
        if (prefix.length > 0) expect(expired.errors[0]?.kind).toBe('incomplete');
        expectTyped(expired.errors);
        const whole = parseResponseFrame(prefix);
        expect(whole.ok).toBe(false);
      }),
      RUNS,
    );
  });

  it('valid frames between runs of noise come out whole and in order, however the reads fall', () => {
    // Noise without 0xAA cannot begin a preamble, so every frame must be found.
    const noise = fc.uint8Array({ min: 0, max: 0xa9, maxLength: 30 });
    const reply = fc.tuple(fc.nat(255), bytes(300)).map(([sw3, data]) => buildResponse({ sw3, data }));
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, reply), { minLength: 1, maxLength: 6 }), cuts, (parts, pieces) => {
        const input = concat(...parts.flatMap(([n, f]) => [n, f]));
        const s = new FrameSplitter(RESPONSE_FRAMES);
        const { frames, errors } = pushAll(s, cut(input, pieces));
        expect(frames.map((f) => Buffer.from(buildResponse(f)).toString('hex'))).toEqual(parts.map(([, f]) => Buffer.from(f).toString('hex')));
        expect(errors.every((e) => e.kind === 'noise')).toBe(true);
        expect(s.skippedBytes).toBe(parts.reduce((n, [noiseRun]) => n + noiseRun.length, 0));
        expect(s.pendingBytes).toBe(0);
      }),
      RUNS,
    );
  });
});
