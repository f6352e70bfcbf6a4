/**
 * Noisy copies of an enrolment take. A phrase said in a noisy hall sounds less like its clean
 * takes than like the same takes heard through similar noise, so each take also becomes
 * templates "recorded" in noise. Everything is seeded, so enrolling the same takes always gives
 * the same templates, and nothing but the takes being enrolled is used: no stored speech.
 */
import { SAMPLE_RATE } from './engine.ts';

/** Steady noise (pink, like a hall's hum) or other speech (the takes played backwards: speech-like, never words). */
export type NoiseKind = 'pink' | 'reversed-speech';

export interface Augmentation {
  readonly noise: NoiseKind;
  /** The noise is this many dB below the take. */
  readonly snrDb: number;
}

/** Linear congruential generator in [-1, 1). */
function white(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2_147_483_648 - 1;
  };
}

/** Pink noise by Paul Kellet's filter. */
function pinkNoise(length: number, seed: number): Float64Array {
  const next = white(seed);
  const out = new Float64Array(length);
  let [b0, b1, b2] = [0, 0, 0];
  for (let i = 0; i < length; i++) {
    const w = next();
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    out[i] = b0 + b1 + b2 + w * 0.1848;
  }
  return out;
}

/** Six talkers: about as many as the crowd around a busy hall's front desk. */
const TALKERS = 6;

/** Several "talkers", each saying reversed takes back to back with short random gaps, each at the same level. */
function reversedSpeech(length: number, takes: readonly Int16Array[], seed: number): Float64Array {
  const next = white(seed);
  const random = (): number => (next() + 1) / 2;
  const out = new Float64Array(length);
  for (let talker = 0; talker < TALKERS; talker++) {
    let at = -Math.floor(random() * SAMPLE_RATE);
    while (at < length) {
      const take = takes[Math.floor(random() * takes.length)]!;
      const gain = 1 / Math.max(1, rms(take));
      for (let i = 0; i < take.length; i++) {
        const j = at + i;
        if (j >= 0 && j < length) out[j] = out[j]! + take[take.length - 1 - i]! * gain;
      }
      at += take.length + Math.floor(random() * 0.2 * SAMPLE_RATE);
    }
  }
  return out;
}

export function rms(x: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += x[i]! ** 2;
  return Math.sqrt(e / Math.max(1, x.length));
}

/**
 * `audio` with noise added `snrDb` below `speechRms` (the level of the take alone, so padding
 * around it does not change the SNR).
 */
export function addNoise(
  audio: Int16Array,
  speechRms: number,
  augmentation: Augmentation,
  takes: readonly Int16Array[],
  seed: number,
): Int16Array {
  const noise =
    augmentation.noise === 'pink' ? pinkNoise(audio.length, seed) : reversedSpeech(audio.length, takes, seed);
  const gain = speechRms / Math.max(1e-9, rms(noise)) / 10 ** (augmentation.snrDb / 20);
  return Int16Array.from(audio, (x, i) => Math.max(-32768, Math.min(32767, Math.round(x + noise[i]! * gain))));
}
