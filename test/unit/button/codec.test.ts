import { describe, expect, it } from 'vitest';
import {
  ButtonCommandDecoder,
  ButtonDecoder,
  encodeButtonCommand,
  encodeButtonMessage,
  type ButtonCommand,
  type ButtonMessage,
} from '../../../drivers/button/codec.ts';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (b: Uint8Array): string => String.fromCharCode(...b);

function decodeAll(input: string) {
  return new ButtonDecoder().push(bytes(input));
}

describe('ButtonDecoder: device → kiosk messages', () => {
  it.each<[string, ButtonMessage]>([
    ['SOS\n', { type: 'sos' }],
    ['REL\n', { type: 'rel' }],
    ['PONG\n', { type: 'pong' }],
    ['HB 0\n', { type: 'hb', seq: 0 }],
    ['HB 17\n', { type: 'hb', seq: 17 }],
    ['HB 4294967295\n', { type: 'hb', seq: 4294967295 }],
    ['FAULT x\n', { type: 'fault', text: 'x' }],
    ['FAULT button contact open\n', { type: 'fault', text: 'button contact open' }],
    ['FAULT  leading space kept\n', { type: 'fault', text: ' leading space kept' }],
  ])('%j', (input, message) => {
    expect(decodeAll(input)).toEqual({ messages: [message], errors: [] });
  });

  it('decodes several lines from one push, in order', () => {
    expect(decodeAll('SOS\nHB 1\nREL\n').messages).toEqual([{ type: 'sos' }, { type: 'hb', seq: 1 }, { type: 'rel' }]);
  });
});

describe('ButtonDecoder: errors', () => {
  it.each([
    ['\n', 'empty-line'],
    ['SOS\r\n', 'carriage-return'],
    ['S\rOS\n', 'carriage-return'],
    ['SO\xc3\x93\n', 'non-ascii'],
    ['FAULT caf\xe9\n', 'non-ascii'],
    ['sos\n', 'unknown-command'],
    ['SOSX\n', 'unknown-command'],
    ['HELLO world\n', 'unknown-command'],
    [' SOS\n', 'unknown-command'],
    ['SOS\x00\n', 'unknown-command'],
    ['LED ON\n', 'unknown-command'],
    ['SOS \n', 'bad-argument'],
    ['REL 1\n', 'bad-argument'],
    ['PONG x\n', 'bad-argument'],
    ['HB\n', 'bad-argument'],
    ['HB \n', 'bad-argument'],
    ['HB -1\n', 'bad-argument'],
    ['HB abc\n', 'bad-argument'],
    ['HB 007\n', 'bad-argument'],
    ['HB +5\n', 'bad-argument'],
    ['HB 1.5\n', 'bad-argument'],
    ['HB 4294967296\n', 'bad-argument'],
    ['HB  5\n', 'bad-argument'],
    ['HB 5 \n', 'bad-argument'],
    ['FAULT\n', 'bad-argument'],
    ['FAULT \n', 'bad-argument'],
    ['FAULT bad\x07bell\n', 'bad-argument'],
  ])('%j → %s', (input, kind) => {
    const result = decodeAll(input);
    expect(result.messages).toEqual([]);
    expect(result.errors.map((e) => e.kind)).toEqual([kind]);
  });

  it('carries the offending line and a reason for grammar errors', () => {
    expect(decodeAll('HB -1\n').errors[0]).toMatchObject({ kind: 'bad-argument', line: 'HB -1', reason: expect.any(String) });
    expect(decodeAll('WHAT\n').errors[0]).toEqual({ kind: 'unknown-command', line: 'WHAT' });
  });

  it('accepts a 63-byte line and rejects a 64-byte one', () => {
    const fault63 = `FAULT ${'x'.repeat(57)}`;
    expect(fault63.length).toBe(63);
    expect(decodeAll(`${fault63}\n`).messages).toEqual([{ type: 'fault', text: 'x'.repeat(57) }]);
    expect(decodeAll(`${fault63}x\n`).errors).toEqual([{ kind: 'too-long' }]);
  });

  it('reports an over-long line once, discards up to the next LF, then recovers', () => {
    const decoder = new ButtonDecoder();
    const first = decoder.push(bytes('x'.repeat(200)));
    expect(first.errors).toEqual([{ kind: 'too-long' }]);
    expect(decoder.pendingBytes).toBe(0);
    // The tail of the long line, including something that looks like SOS, is not a line of its own.
    const second = decoder.push(bytes(`${'y'.repeat(100)}SOS\nSOS\n`));
    expect(second).toEqual({ messages: [{ type: 'sos' }], errors: [] });
  });

  it('does not treat the LF ending an over-long line as an empty line', () => {
    expect(decodeAll(`${'z'.repeat(64)}\nREL\n`)).toEqual({ messages: [{ type: 'rel' }], errors: [{ kind: 'too-long' }] });
  });
});

describe('ButtonDecoder: partial lines', () => {
  const stream = 'HB 41\nSOS\nFAULT low battery\nREL\nHB 42\nPONG\n';
  const expected = decodeAll(stream);

  it('holds a partial line across pushes and exposes pendingBytes', () => {
    const decoder = new ButtonDecoder();
    expect(decoder.push(bytes('HB 12'))).toEqual({ messages: [], errors: [] });
    expect(decoder.pendingBytes).toBe(5);
    expect(decoder.push(bytes('34\nSO'))).toEqual({ messages: [{ type: 'hb', seq: 1234 }], errors: [] });
    expect(decoder.pendingBytes).toBe(2);
    expect(decoder.push(bytes('S\n')).messages).toEqual([{ type: 'sos' }]);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('gives the same result when split at every byte boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new ButtonDecoder();
      const a = decoder.push(bytes(stream.slice(0, cut)));
      const b = decoder.push(bytes(stream.slice(cut)));
      expect({ messages: [...a.messages, ...b.messages], errors: [...a.errors, ...b.errors] }).toEqual(expected);
    }
  });

  it('gives the same result fed one byte at a time', () => {
    const decoder = new ButtonDecoder();
    const messages: ButtonMessage[] = [];
    for (const b of bytes(stream)) messages.push(...decoder.push(Uint8Array.of(b)).messages);
    expect(messages).toEqual(expected.messages);
  });
});

describe('kiosk → device commands', () => {
  it.each<[ButtonCommand, string]>([
    [{ type: 'led', mode: 'off' }, 'LED OFF\n'],
    [{ type: 'led', mode: 'on' }, 'LED ON\n'],
    [{ type: 'led', mode: 'blink' }, 'LED BLINK\n'],
    [{ type: 'buzz', ms: 1 }, 'BUZZ 1\n'],
    [{ type: 'buzz', ms: 250 }, 'BUZZ 250\n'],
    [{ type: 'buzz', ms: 60000 }, 'BUZZ 60000\n'],
    [{ type: 'ping' }, 'PING\n'],
  ])('encodes %j and the device decodes it back', (command, line) => {
    const encoded = encodeButtonCommand(command);
    expect(text(encoded)).toBe(line);
    expect(new ButtonCommandDecoder().push(encoded)).toEqual({ messages: [command], errors: [] });
  });

  it.each([0, -1, 60001, 1.5, Number.NaN])('refuses to encode BUZZ %d', (ms) => {
    expect(() => encodeButtonCommand({ type: 'buzz', ms })).toThrow(RangeError);
  });

  it.each([
    ['BUZZ 0\n', 'bad-argument'],
    ['BUZZ 60001\n', 'bad-argument'],
    ['BUZZ -5\n', 'bad-argument'],
    ['BUZZ\n', 'bad-argument'],
    ['LED\n', 'bad-argument'],
    ['LED on\n', 'bad-argument'],
    ['LED DIM\n', 'bad-argument'],
    ['PING 1\n', 'bad-argument'],
    ['SOS\n', 'unknown-command'],
    ['LED ON\r\n', 'carriage-return'],
    ['\n', 'empty-line'],
  ])('device side rejects %j as %s', (input, kind) => {
    const result = new ButtonCommandDecoder().push(bytes(input));
    expect(result.messages).toEqual([]);
    expect(result.errors.map((e) => e.kind)).toEqual([kind]);
  });
});

describe('encodeButtonMessage (simulator side)', () => {
  it.each<ButtonMessage>([
    { type: 'sos' },
    { type: 'rel' },
    { type: 'pong' },
    { type: 'hb', seq: 0 },
    { type: 'hb', seq: 4294967295 },
    { type: 'fault', text: 'watchdog reset' },
  ])('round-trips %j', (message) => {
    expect(new ButtonDecoder().push(encodeButtonMessage(message)).messages).toEqual([message]);
  });

  it('refuses what the protocol cannot carry', () => {
    expect(() => encodeButtonMessage({ type: 'hb', seq: -1 })).toThrow(RangeError);
    expect(() => encodeButtonMessage({ type: 'hb', seq: 2 ** 32 })).toThrow(RangeError);
    expect(() => encodeButtonMessage({ type: 'fault', text: '' })).toThrow(RangeError);
    expect(() => encodeButtonMessage({ type: 'fault', text: 'bad\nline' })).toThrow(RangeError);
    expect(() => encodeButtonMessage({ type: 'fault', text: 'x'.repeat(58) })).toThrow(RangeError);
  });
});
