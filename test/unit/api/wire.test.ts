import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../main/api/contract.ts';
import { parseClientFrame } from '../../../main/api/wire.ts';

const parse = (text: string) => parseClientFrame(text, Buffer.byteLength(text));

describe('parseClientFrame', () => {
  it('accepts a command envelope', () => {
    expect(parse('{"type":"command","id":7,"name":"guides.get","payload":{"id":"x"}}')).toEqual({
      kind: 'command',
      id: 7,
      name: 'guides.get',
      payload: { id: 'x' },
    });
  });

  it('rejects text that is not JSON as malformed, with no id', () => {
    expect(parse('{not json')).toMatchObject({ kind: 'rejected', id: null, error: { code: 'malformed' } });
  });

  it('keeps the id of a wrong envelope so the caller can match the error', () => {
    expect(parse('{"type":"cmd","id":"a1","name":"x"}')).toMatchObject({ kind: 'rejected', id: 'a1', error: { code: 'malformed' } });
  });

  it('rejects an oversized message before parsing it', () => {
    const big = JSON.stringify({ type: 'command', id: 1, name: 'system.ping', payload: { nonce: 'x'.repeat(MAX_MESSAGE_BYTES) } });
    expect(parse(big)).toMatchObject({ kind: 'rejected', error: { code: 'too-large' } });
  });

  it('never throws and always returns a typed result, whatever arrives (fuzz)', () => {
    const anyJson = fc.jsonValue().map((v) => JSON.stringify(v));
    const envelopeLike = fc
      .record({ type: fc.oneof(fc.constant('command'), fc.string()), id: fc.anything(), name: fc.anything(), payload: fc.anything() }, { requiredKeys: [] })
      .map((v) => {
        try {
          return JSON.stringify(v) ?? '';
        } catch {
          return '';
        }
      });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), anyJson, envelopeLike), (text) => {
        const frame = parse(text);
        expect(['command', 'rejected']).toContain(frame.kind);
        if (frame.kind === 'rejected') expect(frame.error.message.length).toBeGreaterThan(0);
        if (frame.kind === 'command') expect(typeof frame.name).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });
});
