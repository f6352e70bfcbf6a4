import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ButtonCommandDecoder,
  ButtonDecoder,
  encodeButtonCommand,
  encodeButtonMessage,
  type ButtonCommand,
  type ButtonMessage,
  type DecodeResult,
} from '../../../drivers/button/codec.ts';

const RUNS = { numRuns: 2_000 };

const ERROR_KINDS = new Set(['too-long', 'carriage-return', 'non-ascii', 'unknown-command', 'bad-argument', 'empty-line']);
const MESSAGE_TYPES = new Set(['sos', 'rel', 'hb', 'fault', 'pong']);
const COMMAND_TYPES = new Set(['led', 'buzz', 'ping']);

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

const message: fc.Arbitrary<ButtonMessage> = fc.oneof(
  fc.constant<ButtonMessage>({ type: 'sos' }),
  fc.constant<ButtonMessage>({ type: 'rel' }),
  fc.constant<ButtonMessage>({ type: 'pong' }),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map<ButtonMessage>((seq) => ({ type: 'hb', seq })),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 57 })
    .map<ButtonMessage>((text) => ({ type: 'fault', text })),
);

const command: fc.Arbitrary<ButtonCommand> = fc.oneof(
  fc.constantFrom<ButtonCommand>({ type: 'led', mode: 'off' }, { type: 'led', mode: 'on' }, { type: 'led', mode: 'blink' }, { type: 'ping' }),
  fc.integer({ min: 1, max: 60_000 }).map<ButtonCommand>((ms) => ({ type: 'buzz', ms })),
);

/** Random bytes mixed with protocol fragments, so the fuzzer reaches the grammar and not just framing. */
const TOKENS = ['SOS', 'REL', 'HB ', 'FAULT ', 'PONG', 'LED ', 'BUZZ ', 'PING', 'ON', 'BLINK', '0', '42', '-1', ' ', '\n', '\r', '\r\n', 'SOS\n'];
const noisyBytes = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => [b]),
      fc.constantFrom(...TOKENS).map((t) => Array.from(bytesOf(t))),
    ),
    { maxLength: 120 },
  )
  .map((pieces) => Uint8Array.from(pieces.flat()));

/** Valid lines with a byte inserted, deleted or replaced somewhere. */
const mutatedLines = fc
  .tuple(fc.array(message, { minLength: 1, maxLength: 8 }), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('insert', 'delete', 'replace'))
  .map(([messages, at, byte, op]) => {
    const clean = Array.from(concat(messages.map(encodeButtonMessage)));
    const i = clean.length === 0 ? 0 : at % clean.length;
    if (op === 'insert') clean.splice(i, 0, byte);
    else if (op === 'delete') clean.splice(i, 1);
    else clean[i] = byte;
    return Uint8Array.from(clean);
  });

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Feeds the bytes in chunks cut at the given points (any values; reduced modulo the length). */
function feed<T>(decoder: { push(b: Uint8Array): DecodeResult<T> }, data: Uint8Array, cuts: number[]): DecodeResult<T> {
  const points = [...new Set(cuts.map((c) => (data.length === 0 ? 0 : c % (data.length + 1))))].sort((a, b) => a - b);
  const out: DecodeResult<T> = { messages: [], errors: [] };
  let from = 0;
  for (const to of [...points, data.length]) {
    const r = decoder.push(data.subarray(from, to));
    out.messages.push(...r.messages);
    out.errors.push(...r.errors);
    from = Math.max(from, to);
  }
  return out;
}

/** Occurrences of the exact line SOS\n: at the start of the stream or right after an LF. */
function exactSosLines(data: Uint8Array): number {
  let count = 0;
  for (let i = 0; i + 3 < data.length; i++) {
    if ((i === 0 || data[i - 1] === 0x0a) && data[i] === 0x53 && data[i + 1] === 0x4f && data[i + 2] === 0x53 && data[i + 3] === 0x0a) count++;
  }
  return count;
}

function expectWellTyped(result: DecodeResult<{ type: string }>, types: Set<string>): void {
  for (const m of result.messages) expect(types.has(m.type)).toBe(true);
  for (const e of result.errors) expect(ERROR_KINDS.has(e.kind)).toBe(true);
}

describe('button codec fuzz', () => {
  const anyInput = fc.oneof(noisyBytes, mutatedLines, fc.uint8Array({ maxLength: 400 }));

  it('returns only typed messages and errors for any bytes, in any chunking, and never throws', () => {
    fc.assert(
      fc.property(anyInput, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        const decoder = new ButtonDecoder();
        const result = feed(decoder, data, cuts);
        expectWellTyped(result, MESSAGE_TYPES);
        expect(decoder.pendingBytes).toBeLessThanOrEqual(63);
      }),
      RUNS,
    );
  });

  it('never yields SOS unless the bytes contain the exact line SOS\\n', () => {
    fc.assert(
      fc.property(anyInput, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        const sos = feed(new ButtonDecoder(), data, cuts).messages.filter((m) => m.type === 'sos').length;
        expect(sos).toBeLessThanOrEqual(exactSosLines(data));
      }),
      RUNS,
    );
  });

  it('decodes the same whatever the chunking', () => {
    fc.assert(
      fc.property(anyInput, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        expect(feed(new ButtonDecoder(), data, cuts)).toEqual(new ButtonDecoder().push(data));
      }),
      RUNS,
    );
  });

  it('round-trips any valid device message stream, split anywhere', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (messages, cuts) => {
        const result = feed(new ButtonDecoder(), concat(messages.map(encodeButtonMessage)), cuts);
        expect(result).toEqual({ messages, errors: [] });
      }),
      RUNS,
    );
  });

  it('round-trips any valid command stream through the device-side decoder', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 12 }), (commands, cuts) => {
        const result = feed(new ButtonCommandDecoder(), concat(commands.map(encodeButtonCommand)), cuts);
        expect(result).toEqual({ messages: commands, errors: [] });
      }),
      RUNS,
    );
  });

  it('device-side decoder returns only typed commands and errors for any bytes', () => {
    fc.assert(
      fc.property(anyInput, fc.array(fc.nat(), { maxLength: 12 }), (data, cuts) => {
        const decoder = new ButtonCommandDecoder();
        expectWellTyped(feed(decoder, data, cuts), COMMAND_TYPES);
        expect(decoder.pendingBytes).toBeLessThanOrEqual(63);
      }),
      RUNS,
    );
  });

  it('counts each over-long line once and recovers on the next line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x0a), { minLength: 64, maxLength: 500 }),
        message,
        (junk, after) => {
          const data = concat([Uint8Array.from(junk), Uint8Array.of(0x0a), encodeButtonMessage(after)]);
          expect(new ButtonDecoder().push(data)).toEqual({ messages: [after], errors: [{ kind: 'too-long' }] });
        },
      ),
      RUNS,
    );
  });
});
