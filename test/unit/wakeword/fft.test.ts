import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFft } from '../../../drivers/wakeword/fft.ts';

function naiveDft(re: number[], im: number[]): { re: number[]; im: number[] } {
  const n = re.length;
  const out = { re: new Array<number>(n).fill(0), im: new Array<number>(n).fill(0) };
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      out.re[k]! += re[t]! * Math.cos(angle) - im[t]! * Math.sin(angle);
      out.im[k]! += re[t]! * Math.sin(angle) + im[t]! * Math.cos(angle);
    }
  }
  return out;
}

describe('radix-2 FFT', () => {
  it('agrees with a direct DFT on any input', () => {
    const sample = fc.double({ min: -1000, max: 1000, noNaN: true });
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 4, 8, 16, 64).chain((n) =>
          fc.tuple(fc.array(sample, { minLength: n, maxLength: n }), fc.array(sample, { minLength: n, maxLength: n })),
        ),
        ([re, im]) => {
          const expected = naiveDft(re, im);
          const r = Float64Array.from(re);
          const i = Float64Array.from(im);
          createFft(re.length).transform(r, i);
          r.forEach((v, k) => expect(v).toBeCloseTo(expected.re[k]!, 6));
          i.forEach((v, k) => expect(v).toBeCloseTo(expected.im[k]!, 6));
        },
      ),
    );
  });

  it('puts a cosine at bin k into bins k and n−k only', () => {
    const n = 512;
    const k = 37;
    const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * k * t) / n));
    const im = new Float64Array(n);
    createFft(n).transform(re, im);
    const magnitude = Array.from(re, (v, b) => Math.hypot(v, im[b]!));
    expect(magnitude[k]).toBeCloseTo(n / 2, 6);
    expect(magnitude[n - k]).toBeCloseTo(n / 2, 6);
    const elsewhere = magnitude.filter((_, b) => b !== k && b !== n - k);
    expect(Math.max(...elsewhere)).toBeLessThan(1e-9);
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => createFft(400)).toThrow(RangeError);
    expect(() => createFft(0)).toThrow(RangeError);
  });
});
