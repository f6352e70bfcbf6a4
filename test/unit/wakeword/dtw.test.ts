import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dtwDistance } from '../../../drivers/wakeword/dtw.ts';
import type { FeatureFrame } from '../../../drivers/wakeword/mfcc.ts';

/** A smooth 3-d trajectory, sampled at `length` points; `stretch` resamples it slower or faster. */
const trajectory = (length: number, shape = 1): FeatureFrame[] =>
  Array.from({ length }, (_, i) => {
    const t = i / (length - 1);
    return Float32Array.of(Math.sin(2 * Math.PI * t * shape), Math.cos(3 * Math.PI * t), t - 0.5);
  });

const frame = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 3 }).map((v) => Float32Array.from(v));
const sequence = fc.array(frame, { minLength: 1, maxLength: 30 });

describe('frame distance, through a one-frame DTW', () => {
  const one = (a: number[], b: number[], metric: 'cosine' | 'euclidean' = 'cosine'): number =>
    dtwDistance([Float32Array.from(a)], [Float32Array.from(b)], { metric, band: 1 });

  it('is 0 for the same direction and 2 for the opposite one (cosine)', () => {
    expect(one([1, 2], [2, 4])).toBeCloseTo(0, 6);
    expect(one([1, 2], [-1, -2])).toBeCloseTo(2, 6);
    expect(one([3, 0], [0, 4], 'euclidean')).toBeCloseTo(5, 6);
  });

  it('treats a zero frame (silence after normalisation) as far from everything', () => {
    expect(one([0, 0, 0], [1, 0, 0])).toBe(1);
    expect(one([0, 0, 0], [0, 0, 0])).toBe(1);
  });
});

describe('DTW', () => {
  it('is zero between a sequence and itself', () => {
    fc.assert(
      fc.property(sequence, (s) => {
        expect(dtwDistance(s, s, { metric: 'euclidean', band: 5 })).toBeCloseTo(0, 9);
      }),
    );
  });

  it('stays within the range of one frame distance, whatever the inputs', () => {
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const d = dtwDistance(a, b, { metric: 'cosine', band: 40 });
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(2 + 1e-9);
      }),
    );
  });

  it('is symmetric for sequences of equal length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((n) => fc.tuple(fc.array(frame, { minLength: n, maxLength: n }), fc.array(frame, { minLength: n, maxLength: n }))),
        ([x, y]) => {
          expect(dtwDistance(x, y)).toBeCloseTo(dtwDistance(y, x), 9);
        },
      ),
    );
  });

  it('forgives a change of pace but not a change of shape', () => {
    const template = trajectory(60);
    const slower = trajectory(80);
    const other = trajectory(60, 3);
    const stretched = dtwDistance(template, slower);
    expect(stretched).toBeLessThan(0.05);
    expect(dtwDistance(template, other)).toBeGreaterThan(stretched * 4);
  });

  it('normalises by path length, so a long match is not penalised for being long', () => {
    const short = dtwDistance(trajectory(30), trajectory(36));
    const long = dtwDistance(trajectory(150), trajectory(180));
    expect(Math.abs(short - long)).toBeLessThan(0.02);
  });

  it('keeps the alignment inside the band', () => {
    const a = [...trajectory(40), ...Array.from({ length: 40 }, () => Float32Array.of(0, 0, 1))];
    const b = [...Array.from({ length: 40 }, () => Float32Array.of(0, 0, 1)), ...trajectory(40)];
    expect(dtwDistance(a, b, { metric: 'cosine', band: 80 })).toBeLessThan(dtwDistance(a, b, { metric: 'cosine', band: 3 }));
  });

  it('is Infinity for an empty side or a band that cannot connect the ends', () => {
    expect(dtwDistance([], trajectory(5))).toBe(Infinity);
    expect(dtwDistance(trajectory(5), [])).toBe(Infinity);
    expect(dtwDistance(trajectory(10), trajectory(7), { metric: 'cosine', band: 0 })).toBe(Infinity);
  });
});
