/**
 * Checks one recorded example of a phrase before it becomes a template. A silent or clipped
 * take would make a template that matches nothing or everything, so it is refused with the
 * reason, and the enrolment screen can ask for another take in plain words.
 */
import { SAMPLE_RATE } from './engine.ts';
import { err, ok, type Result } from './result.ts';

export interface TakeLimits {
  /** The loudest 10 ms of a take must reach this level, or the take is silent. */
  readonly silentBelowDbfs: number;
  /** More than this share of samples at full scale means the microphone gain is too high. */
  readonly clippedFraction: number;
  /** Blocks this far below the loudest are silence to trim. */
  readonly trimBelowPeakDb: number;
  readonly minimumSeconds: number;
  readonly maximumSeconds: number;
}

/** Short wake phrases are 2–4 syllables (facts/voice.md §1.5), 0.3–1.5 s when spoken slowly. */
export const DEFAULT_TAKE_LIMITS: TakeLimits = Object.freeze({
  silentBelowDbfs: -50,
  clippedFraction: 0.001,
  trimBelowPeakDb: 35,
  minimumSeconds: 0.25,
  maximumSeconds: 3,
});

export type TakeProblem =
  | { readonly kind: 'not-audio' }
  | { readonly kind: 'silent'; readonly peakDbfs: number }
  | { readonly kind: 'clipped'; readonly fraction: number }
  | { readonly kind: 'too-short'; readonly seconds: number }
  | { readonly kind: 'too-long'; readonly seconds: number };

const BLOCK = SAMPLE_RATE / 100;
/** Kept either side of the trimmed speech, so soft onsets (s, x, h) are not cut. */
const MARGIN_BLOCKS = 5;

function blockLevels(samples: Int16Array): number[] {
  const levels: number[] = [];
  for (let start = 0; start + BLOCK <= samples.length; start += BLOCK) {
    let e = 0;
    for (let i = start; i < start + BLOCK; i++) e += samples[i]! ** 2;
    levels.push(e === 0 ? -Infinity : 10 * Math.log10(e / BLOCK / 32768 ** 2));
  }
  return levels;
}

/** The speech in `samples` with the silence either side removed, if it is fit to be a template. */
export function checkTake(samples: unknown, limits: TakeLimits = DEFAULT_TAKE_LIMITS): Result<Int16Array, TakeProblem> {
  if (!(samples instanceof Int16Array)) return err({ kind: 'not-audio' });
  const levels = blockLevels(samples);
  const peak = Math.max(-Infinity, ...levels);
  if (!(peak >= limits.silentBelowDbfs)) return err({ kind: 'silent', peakDbfs: peak });
  let fullScale = 0;
  for (let i = 0; i < samples.length; i++) if (samples[i]! >= 32767 || samples[i]! <= -32768) fullScale++;
  const fraction = fullScale / samples.length;
  if (fraction > limits.clippedFraction) return err({ kind: 'clipped', fraction });
  const floor = peak - limits.trimBelowPeakDb;
  const first = levels.findIndex((l) => l >= floor);
  const last = levels.findLastIndex((l) => l >= floor);
  const seconds = ((last - first + 1) * BLOCK) / SAMPLE_RATE;
  if (seconds < limits.minimumSeconds) return err({ kind: 'too-short', seconds });
  if (seconds > limits.maximumSeconds) return err({ kind: 'too-long', seconds });
  const from = Math.max(0, first - MARGIN_BLOCKS) * BLOCK;
  const to = Math.min(levels.length, last + 1 + MARGIN_BLOCKS) * BLOCK;
  return ok(samples.slice(from, to));
}
