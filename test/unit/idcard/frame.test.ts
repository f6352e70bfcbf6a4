import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  MAX_LEN,
  buildRequest,
  buildResponse,
  encodeFrame,
  parseRequestFrame,
  parseResponseFrame,
  type CommandName,
} from '../../../drivers/idcard/index.ts';
import { RESIDENT_CARD, samplePhoto } from '../../../drivers/idcard/testing/cards.ts';
import { encodeReadReply } from '../../../drivers/idcard/testing/encode.ts';
import { hex, toHex } from './fixtures.ts';

// Every frame below is copied from facts/idcard.md §1.2 and §2.1.
const DOCUMENTED_REQUESTS: Record<CommandName, string> = {
  reset: 'AA AA AA 96 69 00 03 10 FF EC',
  samStatus: 'AA AA AA 96 69 00 03 11 FF ED',
  samId: 'AA AA AA 96 69 00 03 12 FF EE',
  findCard: 'AA AA AA 96 69 00 03 20 01 22',
  selectCard: 'AA AA AA 96 69 00 03 20 02 21',
  readText: 'AA AA AA 96 69 00 03 30 01 32',
  readWithFingerprint: 'AA AA AA 96 69 00 03 30 10 23',
  readAppendedAddress: 'AA AA AA 96 69 00 03 30 03 30',
};

describe('request frames', () => {
  it.each(Object.entries(DOCUMENTED_REQUESTS))('%s is byte-for-byte the documented frame', (name, frame) => {
    expect(toHex(buildRequest(name as CommandName))).toBe(frame);
  });

  it.each(Object.keys(COMMANDS))('%s parses back to its command name', (name) => {
    const parsed = parseRequestFrame(buildRequest(name as CommandName));
    expect(parsed).toMatchObject({ ok: true, value: { command: name, data: new Uint8Array(0) } });
  });

  it('encodes a frame with a data byte as the facts show (61 FF 50)', () => {
    const frame = encodeFrame(hex('61 FF 50'));
    expect(toHex(frame)).toBe('AA AA AA 96 69 00 04 61 FF 50 CA');
    expect(parseRequestFrame(frame)).toEqual({ ok: true, value: { command: undefined, cmd: 0x61, para: 0xff, data: hex('50') } });
  });

  it('reproduces the documented baud-rate checksums 63 62 61 60 67', () => {
    const sums = [0, 1, 2, 3, 4].map((p) => encodeFrame(Uint8Array.of(0x60, p)).at(-1));
    expect(sums).toEqual([0x63, 0x62, 0x61, 0x60, 0x67]);
  });

  it("rejects S12's find-card frame with the wrong checksum 21", () => {
    expect(parseRequestFrame(hex('AA AA AA 96 69 00 03 20 01 21'))).toEqual({
      ok: false,
      error: { kind: 'bad-checksum', expected: 0x22, actual: 0x21 },
    });
  });
});

describe('documented response frames', () => {
  it('card found: SW3 9F with four zero bytes', () => {
    expect(parseResponseFrame(hex('AA AA AA 96 69 | 00 08 | 00 00 9F | 00 00 00 00 | 97'))).toEqual({
      ok: true,
      value: { sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) },
    });
  });

  it.each([
    ['no card', 'AA AA AA 96 69 00 04 00 00 80 84', 0x80],
    ['select failed', 'AA AA AA 96 69 00 04 00 00 81 85', 0x81],
    ['read failed', 'AA AA AA 96 69 00 04 00 00 41 45', 0x41],
  ])('%s parses to its SW3 with no data', (_, frame, sw3) => {
    expect(parseResponseFrame(hex(frame))).toEqual({ ok: true, value: { sw1: 0, sw2: 0, sw3, data: new Uint8Array(0) } });
  });

  it('select OK: SW3 90 with eight zero bytes', () => {
    const frame = hex('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C');
    expect(parseResponseFrame(frame)).toEqual({ ok: true, value: { sw1: 0, sw2: 0, sw3: 0x90, data: new Uint8Array(8) } });
  });

  it('a read reply starts with the documented header and is 1295 bytes', () => {
    const reply = encodeReadReply(RESIDENT_CARD, samplePhoto());
    expect(reply.length).toBe(1295);
    expect(toHex(reply.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
  });

  it.each([
    [0, 1297],
    [512, 1809],
    [1024, 2321],
  ])('a 30 10 reply with %i fingerprint bytes is %i bytes, as S4 measured', (fl, total) => {
    expect(encodeReadReply(RESIDENT_CARD, samplePhoto(), new Uint8Array(fl)).length).toBe(total);
  });

  it('buildResponse round-trips SW1/SW2 other than zero', () => {
    const frame = buildResponse({ sw1: 0x6a, sw2: 0x82, sw3: 0x41 });
    expect(parseResponseFrame(frame)).toEqual({ ok: true, value: { sw1: 0x6a, sw2: 0x82, sw3: 0x41, data: new Uint8Array(0) } });
  });
});

describe('whole-frame errors', () => {
  const noCard = hex('AA AA AA 96 69 00 04 00 00 80 84');

  it.each([
    ['noise before it', hex('00 AA AA AA 96 69 00 04 00 00 80 84'), { kind: 'bad-preamble' }],
    ['a short non-frame', hex('01 02'), { kind: 'bad-preamble' }],
    ['a short preamble', hex('AA AA AA'), { kind: 'incomplete', have: 3, need: 7 }],
    ['the last byte missing', noCard.subarray(0, 10), { kind: 'incomplete', have: 10, need: 11 }],
    ['a byte after it', hex('AA AA AA 96 69 00 04 00 00 80 84 00'), { kind: 'trailing-bytes', extra: 1 }],
    ['Len 0', hex('AA AA AA 96 69 00 00'), { kind: 'bad-length', length: 0 }],
    ['Len below a reply minimum', hex('AA AA AA 96 69 00 03 00 00 03'), { kind: 'bad-length', length: 3 }],
    ['Len over the maximum', hex('AA AA AA 96 69 FF FF'), { kind: 'bad-length', length: 0xffff }],
  ])('%s', (_, bytes, error) => {
    expect(parseResponseFrame(bytes)).toEqual({ ok: false, error });
  });

  it('accepts a frame of exactly the maximum length and refuses to build a longer one', () => {
    const body = new Uint8Array(MAX_LEN - 1);
    body[2] = 0x90;
    expect(parseResponseFrame(encodeFrame(body)).ok).toBe(true);
    expect(() => encodeFrame(new Uint8Array(MAX_LEN))).toThrow(RangeError);
  });
});
