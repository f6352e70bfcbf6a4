import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../renderer/src/voice/resample.ts';

function run(from: number, to: number, input: Float32Array, block: number): number[] {
  const r = new Resampler(from, to);
  const out: number[] = [];
  for (let at = 0; at < input.length; at += block) r.push(input.subarray(at, at + block), (s) => out.push(s));
  return out;
}

/** Zero crossings per second of a signal at `rate`: twice its frequency for a sine. */
const crossingsPerSecond = (x: readonly number[], rate: number): number =>
  (x.slice(1).filter((v, i) => Math.sign(v) !== Math.sign(x[i]!)).length / x.length) * rate;

describe('Resampler', () => {
  it('turns 48 kHz and 44.1 kHz microphones into 16 kHz at the same pitch', () => {
    for (const rate of [48_000, 44_100]) {
      const sine = Float32Array.from({ length: rate }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / rate));
      const out = run(rate, 16_000, sine, 128);
      expect(Math.abs(out.length - 16_000)).toBeLessThanOrEqual(1);
      expect(crossingsPerSecond(out, 16_000) / 2).toBeCloseTo(440, -1);
      expect(Math.max(...out.map(Math.abs))).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same output however the input is cut into blocks', () => {
    fc.assert(
      fc.property(fc.float32Array({ noNaN: true, noDefaultInfinity: true, min: -1, max: 1, minLength: 1, maxLength: 600 }), fc.integer({ min: 1, max: 300 }), (x, block) => {
        expect(run(48_000, 16_000, x, block)).toEqual(run(48_000, 16_000, x, x.length));
      }),
    );
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new Resampler(0, 16_000)).toThrow(RangeError);
  });
});
