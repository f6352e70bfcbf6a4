import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MFCC,
  MfccFrontEnd,
  mfcc,
  normaliseMean,
  prepareWindow,
  smoothTime,
} from '../../../drivers/wakeword/mfcc.ts';
import { PHRASE_A, RATE, noise, phrase } from './synth.ts';

const tone = (hz: number, samples = DEFAULT_MFCC.frameLength, amplitude = 10_000): Int16Array =>
  Int16Array.from({ length: samples }, (_, n) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * n) / RATE)));

const argmax = (values: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
};

describe('MFCC front end', () => {
  const frontEnd = new MfccFrontEnd();
  const centres = frontEnd.bandCentresHz;

  it('has 40 mel bands rising from low to high frequency', () => {
    expect(centres).toHaveLength(40);
    for (let m = 1; m < centres.length; m++) expect(centres[m]!).toBeGreaterThan(centres[m - 1]!);
  });

  it.each([250, 1000, 3000, 6000])('puts a pure %i Hz tone in the band centred nearest to it', (hz) => {
    const band = argmax(frontEnd.logMel(tone(hz)));
    const nearest = argmax(centres.map((c) => -Math.abs(c - hz)));
    expect(Math.abs(band - nearest)).toBeLessThanOrEqual(1);
  });

  it('ignores a DC offset', () => {
    const signal = phrase(PHRASE_A);
    const shifted = Int16Array.from(signal, (x) => x + 6000);
    const a = mfcc(signal);
    const b = mfcc(shifted);
    expect(b).toHaveLength(a.length);
    a.forEach((frame, i) => frame.forEach((v, d) => expect(b[i]![d]).toBeCloseTo(v, 2)));
  });

  it('maps digital silence and a constant offset to one finite frame, over and over', () => {
    for (const level of [0, 12_000]) {
      const frames = mfcc(new Int16Array(RATE).fill(level));
      expect(frames.every((f) => f.every(Number.isFinite))).toBe(true);
      expect(new Set(frames.map((f) => f.join(','))).size).toBe(1);
    }
  });

  it('emits one 13-coefficient frame per 10 ms hop once a 25 ms window is full', () => {
    expect(mfcc(new Int16Array(399))).toHaveLength(0);
    expect(mfcc(new Int16Array(400))).toHaveLength(1);
    const frames = mfcc(new Int16Array(RATE));
    expect(frames).toHaveLength(Math.floor((RATE - 400) / 160) + 1);
    expect(frames[0]).toHaveLength(13);
  });

  it('gives the same features streamed in any chunk sizes as in one go', () => {
    const audio = noise(0.5, 8000, 3);
    const whole = mfcc(audio);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        const stream = new MfccFrontEnd();
        const got = [];
        let at = 0;
        for (let i = 0; at < audio.length; i++) {
          const size = sizes[i % sizes.length]!;
          got.push(...stream.push(audio.subarray(at, at + size)));
          at += size;
        }
        expect(got).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('is deterministic', () => {
    const audio = phrase(PHRASE_A);
    expect(mfcc(audio)).toEqual(mfcc(audio));
  });

  it('separates a louder copy only in c0', () => {
    const audio = phrase(PHRASE_A, { amplitude: 3000 });
    const louder = Int16Array.from(audio, (x) => x * 4);
    const [quiet, loud] = [mfcc(audio), mfcc(louder)];
    const mid = Math.floor(quiet.length / 2);
    expect(loud[mid]![0]! - quiet[mid]![0]!).toBeGreaterThan(1);
    for (let d = 1; d < 13; d++) expect(loud[mid]![d]).toBeCloseTo(quiet[mid]![d]!, 3);
  });
});

describe('normalisation', () => {
  it('leaves every coefficient with zero mean', () => {
    const frames = normaliseMean(mfcc(phrase(PHRASE_A)));
    for (let d = 0; d < 13; d++) {
      const mean = frames.reduce((s, f) => s + f[d]!, 0) / frames.length;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
    }
  });

  it('makes a fixed gain disappear from the prepared window', () => {
    const speech = phrase(PHRASE_A, { amplitude: 2000 });
    const room = noise(speech.length / RATE, 200, 5);
    const audio = Int16Array.from(speech, (x, i) => x + room[i]!);
    const a = prepareWindow(mfcc(audio));
    const b = prepareWindow(mfcc(Int16Array.from(audio, (x) => x * 8)));
    a.forEach((f, i) => f.forEach((v, d) => expect(b[i]![d]).toBeCloseTo(v, 2)));
  });

  it('smooths without changing a steady sequence or its length', () => {
    const steady = Array.from({ length: 7 }, () => Float32Array.of(1, -2, 3));
    expect(smoothTime(steady)).toEqual(steady);
    const spike = [Float32Array.of(0), Float32Array.of(3), Float32Array.of(0)];
    expect(Array.from(smoothTime(spike), (f) => f[0])).toEqual([1.5, 1, 1.5]);
    expect(normaliseMean([])).toEqual([]);
  });
});
