import { describe, expect, it } from 'vitest';
import {
  buildResponse,
  parseAppendedAddressResponse,
  parseReadResponse,
  parseResponseFrame,
  parseSamId,
  type ResponseFrame,
} from '../../../drivers/idcard/index.ts';
import { FOREIGNER_2023_CARD, RESIDENT_CARD, SAMPLE_CARDS, samplePhoto } from '../../../drivers/idcard/testing/cards.ts';
import { encodeAppendedAddresses, encodeReadData, encodeReadReply, encodeTextBlock } from '../../../drivers/idcard/testing/encode.ts';
import { hex } from './fixtures.ts';

function frameOf(bytes: Uint8Array): ResponseFrame {
  const parsed = parseResponseFrame(bytes);
  if (!parsed.ok) throw new Error(`fixture frame did not parse: ${parsed.error.kind}`);
  return parsed.value;
}

const reply = (sw3: number, data: Uint8Array = new Uint8Array(0)): ResponseFrame => ({ sw1: 0, sw2: 0, sw3, data });
const photo = samplePhoto(7);

describe('read text + photo (30 01)', () => {
  it.each(SAMPLE_CARDS.map((c) => [c.cardType, c] as const))('decodes a %s card with its photo and no fingerprint', (_, card) => {
    const read = parseReadResponse(frameOf(encodeReadReply(card, photo)), 'readText');
    expect(read).toEqual({ ok: true, value: { text: card, photo } });
  });

  it('hands the photo over as its own 1024-byte buffer, not a view of the frame', () => {
    const read = parseReadResponse(frameOf(encodeReadReply(RESIDENT_CARD, photo)), 'readText');
    expect(read.ok && read.value.photo.buffer.byteLength).toBe(1024);
  });

  it('passes a failure status on as a typed status', () => {
    expect(parseReadResponse(frameOf(hex('AA AA AA 96 69 00 04 00 00 41 45')), 'readText')).toMatchObject({
      ok: false,
      error: { kind: 'status', status: { kind: 'card', hex: '41' } },
    });
  });

  it('does not accept 91 for a plain text read', () => {
    const data = encodeReadData(encodeTextBlock(RESIDENT_CARD), photo);
    expect(parseReadResponse(reply(0x91, data), 'readText')).toMatchObject({ ok: false, error: { kind: 'status' } });
  });

  it('reads the lengths from the header rather than assuming them', () => {
    const shortPhoto = photo.subarray(0, 100);
    const read = parseReadResponse(reply(0x90, encodeReadData(encodeTextBlock(RESIDENT_CARD), shortPhoto)), 'readText');
    expect(read).toEqual({ ok: true, value: { text: RESIDENT_CARD, photo: shortPhoto } });
  });

  it.each([
    ['no data', new Uint8Array(0), { kind: 'bad-lengths', reason: 'too-short', dataLength: 0 }],
    ['lengths that overrun the data', encodeReadData(encodeTextBlock(RESIDENT_CARD), photo).subarray(0, 1000), { kind: 'bad-lengths', reason: 'sum-mismatch', dataLength: 1000 }],
    ['a 255-byte text block', encodeReadData(encodeTextBlock(RESIDENT_CARD).subarray(0, 255), photo), { kind: 'text', error: { kind: 'bad-block-length', length: 255, expected: 256 } }],
  ])('refuses %s', (_, data, error) => {
    expect(parseReadResponse(reply(0x90, data), 'readText')).toEqual({ ok: false, error });
  });

  it('never returns an identity whose number fails its check', () => {
    const text = encodeTextBlock(RESIDENT_CARD);
    text[122 + 2 * 16] = '3'.charCodeAt(0); // one digit of the number changed
    const read = parseReadResponse(reply(0x90, encodeReadData(text, photo)), 'readText');
    expect(read).toMatchObject({ ok: false, error: { kind: 'text', error: { kind: 'bad-id-number' } } });
  });
});

describe('read with fingerprint (30 10)', () => {
  it.each([512, 1024])('returns %i bytes of templates', (fl) => {
    const finger = samplePhoto(9).subarray(0, fl);
    const read = parseReadResponse(frameOf(encodeReadReply(FOREIGNER_2023_CARD, photo, finger)), 'readWithFingerprint');
    expect(read).toEqual({ ok: true, value: { text: FOREIGNER_2023_CARD, photo, fingerprint: finger } });
  });

  it('accepts 90 with FL = 0 and 91 with FL = 0 as a card without fingerprints', () => {
    const data = encodeReadData(encodeTextBlock(RESIDENT_CARD), photo, new Uint8Array(0));
    for (const sw3 of [0x90, 0x91]) {
      expect(parseReadResponse(reply(sw3, data), 'readWithFingerprint')).toEqual({ ok: true, value: { text: RESIDENT_CARD, photo } });
    }
  });

  it('refuses 91 that nonetheless carries fingerprint bytes', () => {
    const data = encodeReadData(encodeTextBlock(RESIDENT_CARD), photo, new Uint8Array(512));
    expect(parseReadResponse(reply(0x91, data), 'readWithFingerprint')).toMatchObject({
      ok: false,
      error: { kind: 'bad-lengths', reason: 'fingerprint-despite-91' },
    });
  });

  it('refuses a 30 01-shaped reply, whose header is two words short', () => {
    const data = encodeReadData(encodeTextBlock(RESIDENT_CARD), photo);
    expect(parseReadResponse(reply(0x90, data), 'readWithFingerprint')).toMatchObject({ ok: false, error: { kind: 'bad-lengths' } });
  });
});

describe('appended address (30 03)', () => {
  it('decodes the entries of a 90 reply', () => {
    const frame = frameOf(buildResponse({ sw3: 0x90, data: encodeAppendedAddresses(['北京市海淀区学院路1号']) }));
    expect(parseAppendedAddressResponse(frame)).toEqual({ ok: true, value: { kind: 'addresses', entries: ['北京市海淀区学院路1号'] } });
  });

  it('reads 91 as no appended address', () => {
    expect(parseAppendedAddressResponse(reply(0x91))).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it('passes 41 (the card was lifted, facts §7.2) on as a status', () => {
    expect(parseAppendedAddressResponse(reply(0x41))).toMatchObject({ ok: false, error: { kind: 'status', status: { code: 0x41 } } });
  });

  it('refuses data that is not whole 70-byte entries', () => {
    expect(parseAppendedAddressResponse(reply(0x90, new Uint8Array(71)))).toMatchObject({ ok: false, error: { kind: 'text' } });
  });
});

describe('SAM ID (12 FF)', () => {
  it('prints the module number the way S8 does (facts §2.3)', () => {
    const data = new Uint8Array(16);
    const view = new DataView(data.buffer);
    data[0] = 0x05;
    data[1] = 0xee;
    data[2] = 0x01;
    data[3] = 0xee;
    view.setUint32(4, 20101129, true);
    view.setUint32(8, 12345678, true);
    view.setUint32(12, 1234567890, true);
    expect(parseSamId(reply(0x90, data))).toEqual({ ok: true, value: '05.01-20101129-0012345678-1234567890' });
  });

  it('refuses short data and failure statuses', () => {
    expect(parseSamId(reply(0x90, new Uint8Array(15)))).toMatchObject({ ok: false, error: { kind: 'bad-lengths' } });
    expect(parseSamId(reply(0x60))).toMatchObject({ ok: false, error: { kind: 'status', status: { kind: 'reader' } } });
  });

  it('reads data that is a view into a larger buffer', () => {
    const larger = new Uint8Array(24).fill(1);
    larger[3] = 0xff;
    expect(parseSamId(reply(0x90, larger.subarray(4, 20)))).toEqual({ ok: true, value: '01.01-16843009-0016843009-0016843009' });
  });
});
