import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAck } from '../../../main/services/fleet/ack.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the duty centre\'s acknowledgement', () => {
  it('takes an alarm id and, if given, who', () => {
    expect(parseAck(bytes('{"alarmId":"3f2b-9a","by":" 值班员张 "}'))).toEqual({ ok: true, ack: { alarmId: '3f2b-9a', by: '值班员张' } });
    expect(parseAck(bytes('{"alarmId":"a1"}'))).toEqual({ ok: true, ack: { alarmId: 'a1' } });
  });

  it('refuses in words what is not one', () => {
    const refused = (text: string | Uint8Array): string => {
      const result = parseAck(typeof text === 'string' ? bytes(text) : text);
      expect(result.ok).toBe(false);
      return result.ok ? '' : result.error;
    };
    expect(refused('not json')).toMatch(/not JSON/);
    expect(refused(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatch(/UTF-8/);
    expect(refused('{}')).toMatch(/alarmId/);
    expect(refused('{"alarmId":"a b"}')).toMatch(/alarmId: an alarm id is/);
    expect(refused('{"alarmId":"a1","by":"x\\u0007"}')).toMatch(/by: no control characters/);
    expect(refused('{"alarmId":"a1","extra":1}')).toMatch(/extra/);
    expect(refused('[1]')).toMatch(/message/);
  });

  it('never throws, whatever arrives (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map(bytes), fc.record({ alarmId: fc.string(), by: fc.option(fc.string(), { nil: undefined }) }).map((o) => bytes(JSON.stringify(o)))), (body) => {
        const result = parseAck(body);
        if (result.ok) expect(result.ack.alarmId).toMatch(/^[A-Za-z0-9-]{1,64}$/);
        else expect(result.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
