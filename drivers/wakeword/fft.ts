/**
 * In-place iterative radix-2 FFT, written here so the dependency-free front end needs no package
 * (facts/voice.md §0: the MFCC path is the fallback that must work when nothing else installs).
 */
export interface Fft {
  readonly size: number;
  /** Transforms `re`/`im` (each `size` long) in place. */
  transform(re: Float64Array, im: Float64Array): void;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Twiddles and the bit-reversal table are computed once per size; a frame costs only the butterflies. */
export function createFft(size: number): Fft {
  if (!isPowerOfTwo(size)) throw new RangeError(`FFT size must be a power of two, got ${size}`);
  const reverse = new Uint32Array(size);
  const bits = Math.log2(size);
  for (let i = 0; i < size; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  const cos = new Float64Array(size / 2);
  const sin = new Float64Array(size / 2);
  for (let k = 0; k < size / 2; k++) {
    cos[k] = Math.cos((-2 * Math.PI * k) / size);
    sin[k] = Math.sin((-2 * Math.PI * k) / size);
  }

  return {
    size,
    transform(re, im) {
      for (let i = 0; i < size; i++) {
        const j = reverse[i]!;
        if (j > i) {
          const tr = re[i]!;
          re[i] = re[j]!;
          re[j] = tr;
          const ti = im[i]!;
          im[i] = im[j]!;
          im[j] = ti;
        }
      }
      for (let half = 1; half < size; half *= 2) {
        const step = size / (2 * half);
        for (let start = 0; start < size; start += 2 * half) {
          for (let k = 0; k < half; k++) {
            const wr = cos[k * step]!;
            const wi = sin[k * step]!;
            const a = start + k;
            const b = a + half;
            const xr = re[b]! * wr - im[b]! * wi;
            const xi = re[b]! * wi + im[b]! * wr;
            re[b] = re[a]! - xr;
            im[b] = im[a]! - xi;
            re[a] = re[a]! + xr;
            im[a] = im[a]! + xi;
          }
        }
      }
    },
  };
}
