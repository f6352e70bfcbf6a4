import { describe, expect, it } from 'vitest';
import { checkTake } from '../../../drivers/wakeword/takes.ts';
import { PHRASE_A, concat, noise, phrase, silence } from './synth.ts';

describe('checking a take', () => {
  it('trims the silence either side and keeps a small margin', () => {
    const speech = phrase(PHRASE_A);
    const result = checkTake(concat(silence(1), speech, silence(2)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const seconds = result.value.length / 16_000;
    expect(seconds).toBeGreaterThan(speech.length / 16_000 - 0.1);
    expect(seconds).toBeLessThan(speech.length / 16_000 + 0.2);
  });

  it('refuses silence and near-silence', () => {
    expect(checkTake(silence(2))).toMatchObject({ ok: false, error: { kind: 'silent' } });
    expect(checkTake(noise(2, 40, 1))).toMatchObject({ ok: false, error: { kind: 'silent' } });
    expect(checkTake(new Int16Array(0))).toMatchObject({ ok: false, error: { kind: 'silent' } });
  });

  it('refuses a clipped take and says how much was clipped', () => {
    const loud = Int16Array.from(phrase(PHRASE_A, { amplitude: 30_000 }), (x) => Math.max(-32768, Math.min(32767, x * 3)));
    const result = checkTake(loud);
    expect(result).toMatchObject({ ok: false, error: { kind: 'clipped' } });
    if (!result.ok && result.error.kind === 'clipped') expect(result.error.fraction).toBeGreaterThan(0.01);
  });

  it('refuses a click and a ramble', () => {
    expect(checkTake(concat(silence(1), phrase(PHRASE_A, { syllableMs: 40 }).slice(0, 1600), silence(1)))).toMatchObject({
      ok: false,
      error: { kind: 'too-short' },
    });
    const ramble = concat(...Array.from({ length: 6 }, () => phrase(PHRASE_A)));
    expect(checkTake(ramble)).toMatchObject({ ok: false, error: { kind: 'too-long' } });
  });

  it('refuses what is not 16-bit audio', () => {
    expect(checkTake(new Float32Array(16_000))).toEqual({ ok: false, error: { kind: 'not-audio' } });
    expect(checkTake(null)).toEqual({ ok: false, error: { kind: 'not-audio' } });
  });
});
