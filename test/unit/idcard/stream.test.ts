import { describe, expect, it } from 'vitest';
import {
  FrameSplitter,
  REQUEST_FRAMES,
  RESPONSE_FRAMES,
  buildRequest,
  buildResponse,
  parseResponseFrame,
  type CommandName,
  type ResponseFrame,
} from '../../../drivers/idcard/index.ts';
import { RESIDENT_CARD, samplePhoto } from '../../../drivers/idcard/testing/cards.ts';
import { encodeReadReply } from '../../../drivers/idcard/testing/encode.ts';
import { concat, cut, hex, pushAll, withoutNoise } from './fixtures.ts';

const NO_CARD = hex('AA AA AA 96 69 00 04 00 00 80 84');
const CARD_FOUND = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const READ_REPLY = encodeReadReply(RESIDENT_CARD, samplePhoto());

const splitter = (): FrameSplitter<ResponseFrame> => new FrameSplitter(RESPONSE_FRAMES);
const key = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const parsed = (bytes: Uint8Array): unknown => {
  const r = parseResponseFrame(bytes);
  return r.ok ? r.value : r.error;
};

describe('frame splitter', () => {
  it('emits a whole frame pushed at once and holds nothing after', () => {
    const s = splitter();
    expect(s.push(CARD_FOUND)).toEqual({ frames: [parsed(CARD_FOUND)], errors: [] });
    expect(s.pendingBytes).toBe(0);
  });

  it.each([
    ['a short reply', CARD_FOUND],
    ['a 1295-byte read reply', READ_REPLY],
  ])('splits %s correctly at every byte boundary', (_, frame) => {
    // Compared as hex strings: a deep equal of a 1288-byte array 1296 times is needlessly slow.
    const expected = [key(frame)];
    for (let at = 0; at <= frame.length; at++) {
      const s = splitter();
      const first = s.push(frame.subarray(0, at));
      expect(first.frames.length).toBe(at === frame.length ? 1 : 0);
      expect(s.pendingBytes).toBe(at === frame.length ? 0 : at);
      const second = s.push(frame.subarray(at));
      expect([...first.frames, ...second.frames].map((f) => key(buildResponse(f)))).toEqual(expected);
      expect([...first.errors, ...second.errors]).toEqual([]);
    }
  });

  it('survives one byte per read', () => {
    const s = splitter();
    const result = pushAll(s, cut(READ_REPLY, Array.from(READ_REPLY, (_, i) => i)));
    expect(result).toEqual({ frames: [parsed(READ_REPLY)], errors: [] });
  });

  it('emits two frames from one read, and a third split across reads', () => {
    const s = splitter();
    const a = s.push(concat(NO_CARD, CARD_FOUND, READ_REPLY.subarray(0, 500)));
    expect(a.frames).toEqual([parsed(NO_CARD), parsed(CARD_FOUND)]);
    expect(s.pendingBytes).toBe(500);
    expect(s.push(READ_REPLY.subarray(500)).frames).toEqual([parsed(READ_REPLY)]);
  });

  it('skips and counts noise before the preamble, including partial preambles', () => {
    const s = splitter();
    const noise = hex('00 13 AA AA 96 AA AA AA AA');
    const result = s.push(concat(noise, NO_CARD));
    expect(result).toEqual({ frames: [parsed(NO_CARD)], errors: [{ kind: 'noise', skipped: 9 }] });
    expect(s.skippedBytes).toBe(9);
  });

  it('holds a tail that could begin a preamble, and drops the rest as noise', () => {
    const s = splitter();
    expect(s.push(hex('01 02 03 AA AA'))).toEqual({ frames: [], errors: [{ kind: 'noise', skipped: 3 }] });
    expect(s.pendingBytes).toBe(2);
    expect(s.push(NO_CARD.subarray(2)).frames).toEqual([parsed(NO_CARD)]);
  });

  it('reports a bad checksum, emits nothing for it, and reads the next frame', () => {
    const bad = NO_CARD.slice();
    bad[9] = 0x90; // SW3 changed after the checksum was computed
    const result = splitter().push(concat(bad, CARD_FOUND));
    expect(result.frames).toEqual([parsed(CARD_FOUND)]);
    expect(withoutNoise(result.errors)).toEqual([{ kind: 'bad-checksum', expected: 0x94, actual: 0x84 }]);
  });

  it('resyncs just after a bad frame’s preamble, finding a frame its false length swallowed', () => {
    // Len 00 04 corrupted to 00 0F: the claimed 22 bytes end inside the next, real frame.
    const corrupt = NO_CARD.slice();
    corrupt[6] = 0x0f;
    const result = splitter().push(concat(corrupt, NO_CARD));
    expect(result.frames).toEqual([parsed(NO_CARD)]);
    expect(withoutNoise(result.errors)).toMatchObject([{ kind: 'bad-checksum' }]);
  });

  it.each([
    ['over the maximum', 'FF FF'],
    ['zero', '00 00'],
    ['below the reply minimum', '00 03'],
  ])('refuses a length %s and reads on', (_, len) => {
    const s = splitter();
    const result = s.push(concat(hex(`AA AA AA 96 69 ${len} 00 00`), NO_CARD));
    expect(result.frames).toEqual([parsed(NO_CARD)]);
    expect(withoutNoise(result.errors)).toEqual([{ kind: 'bad-length', length: parseInt(len.replace(' ', ''), 16) }]);
    expect(s.pendingBytes).toBe(0);
  });

  it('holds a plausible length that never completes until the device expires it', () => {
    const s = splitter();
    const stalled = hex('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
    expect(s.push(concat(stalled, NO_CARD))).toEqual({ frames: [], errors: [] });
    expect(s.pendingBytes).toBe(stalled.length + NO_CARD.length);
    const expired = s.expirePending();
    expect(expired.errors[0]).toEqual({ kind: 'incomplete', have: 25, need: 7 + 0x0508 });
    expect(expired.frames).toEqual([parsed(NO_CARD)]);
    expect(s.pendingBytes).toBe(0);
    expect(s.expirePending()).toEqual({ frames: [], errors: [] });
  });

  it('expires a lone partial header completely', () => {
    const s = splitter();
    s.push(hex('AA AA AA 96 69 05'));
    expect(s.expirePending().errors).toEqual([{ kind: 'incomplete', have: 6, need: 7 }]);
    expect(s.pendingBytes).toBe(0);
  });

  it('keeps emitted frames intact while it reuses its buffer', () => {
    const s = splitter();
    const [first] = s.push(CARD_FOUND).frames;
    const copy = first ? first.data.slice() : undefined;
    for (let i = 0; i < 50; i++) s.push(READ_REPLY);
    expect(first?.data).toEqual(copy);
  });

  it('splits request frames for the simulator side', () => {
    const names: CommandName[] = ['reset', 'samStatus', 'samId', 'findCard', 'selectCard', 'readText', 'readWithFingerprint', 'readAppendedAddress'];
    const result = new FrameSplitter(REQUEST_FRAMES).push(concat(...names.map(buildRequest)));
    expect(result.frames.map((f) => f.command)).toEqual(names);
  });

  it('never emits a frame whose checksum is wrong, whatever byte is corrupted', () => {
    const frame = buildResponse({ sw3: 0x90, data: hex('01 02 03 04 05 06') });
    for (let at = 7; at < frame.length; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const bad = frame.slice();
        bad[at] = (bad[at] ?? 0) ^ mask;
        const s = splitter();
        const result = pushAll(s, [bad]);
        expect(result.frames).toEqual([]);
        expect(s.expirePending().frames).toEqual([]);
      }
    }
  });
});
