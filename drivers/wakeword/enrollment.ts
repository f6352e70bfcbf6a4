/**
 * Turns recorded examples of a phrase into DTW templates (facts/voice.md §3.3: Raven wants at
 * least three). Each take is checked, trimmed and also copied with pink noise added, so a phrase
 * said over the hall's hum still finds a template recorded "in" similar noise; templates are
 * features only, so no recording of a resident's voice is kept.
 */
import { dtwDistance } from './dtw.ts';
import { mfcc, prepareWindow, type FeatureFrame } from './mfcc.ts';
import { err, ok, type Result } from './result.ts';
import { checkTake, type TakeProblem } from './takes.ts';

export const MINIMUM_TAKES = 3;

export interface PhraseInfo {
  readonly id: string;
  /** What staff see, e.g. 救命. */
  readonly label: string;
  /** 0–1, as Porcupine's (facts/voice.md §1.1): higher means fewer misses and more false alarms. */
  readonly sensitivity: number;
}

export interface PhraseRecording extends PhraseInfo {
  readonly examples: readonly Int16Array[];
}

export interface EnrolledPhrase extends PhraseInfo {
  readonly templates: readonly (readonly FeatureFrame[])[];
}

export type EnrollmentProblem =
  | { readonly kind: 'invalid-id' }
  | { readonly kind: 'invalid-label' }
  | { readonly kind: 'invalid-sensitivity'; readonly sensitivity: unknown }
  | { readonly kind: 'too-few-takes'; readonly takes: number; readonly minimum: number }
  | { readonly kind: 'bad-take'; readonly take: number; readonly problem: TakeProblem }
  /** This take sounds like none of the others: most likely someone said something else. */
  | { readonly kind: 'take-disagrees'; readonly take: number; readonly distance: number };

/** Takes of one phrase by different espeak-ng voices measured 0.02–0.2 apart; of another phrase, 0.4 and up. */
const DISAGREEMENT = 0.3;

/** The noisy copies carry pink noise this many dB below the take: the SNR the spotter must still work at. */
const AUGMENT_SNR_DB = 10;
const MAX_ID_LENGTH = 64;

export function checkPhraseInfo(info: PhraseInfo): EnrollmentProblem | null {
  if (typeof info.id !== 'string' || info.id.length === 0 || info.id.length > MAX_ID_LENGTH) return { kind: 'invalid-id' };
  if (typeof info.label !== 'string' || info.label.length === 0) return { kind: 'invalid-label' };
  const s = info.sensitivity;
  if (typeof s !== 'number' || !(s >= 0 && s <= 1)) return { kind: 'invalid-sensitivity', sensitivity: s };
  return null;
}

/**
 * Pink noise by Paul Kellet's filter over a seeded generator, so enrolling the same takes always
 * gives the same templates.
 */
function pinkNoise(length: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const white = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2_147_483_648 - 1;
  };
  const out = new Float64Array(length);
  let [b0, b1, b2] = [0, 0, 0];
  for (let i = 0; i < length; i++) {
    const w = white();
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    out[i] = b0 + b1 + b2 + w * 0.1848;
  }
  return out;
}

function rms(x: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += x[i]! ** 2;
  return Math.sqrt(e / Math.max(1, x.length));
}

function withNoise(take: Int16Array, seed: number): Int16Array {
  const noise = pinkNoise(take.length, seed);
  const gain = rms(take) / Math.max(1e-9, rms(noise)) / 10 ** (AUGMENT_SNR_DB / 20);
  return Int16Array.from(take, (x, i) => Math.max(-32768, Math.min(32767, Math.round(x + noise[i]! * gain))));
}

const templateOf = (samples: Int16Array): FeatureFrame[] => prepareWindow(mfcc(samples));

export function enrollPhrase(recording: PhraseRecording): Result<EnrolledPhrase, EnrollmentProblem> {
  const invalid = checkPhraseInfo(recording);
  if (invalid) return err(invalid);
  const examples = Array.isArray(recording.examples) ? recording.examples : [];
  if (examples.length < MINIMUM_TAKES) return err({ kind: 'too-few-takes', takes: examples.length, minimum: MINIMUM_TAKES });
  const takes: Int16Array[] = [];
  for (const [take, samples] of examples.entries()) {
    const checked = checkTake(samples);
    if (!checked.ok) return err({ kind: 'bad-take', take, problem: checked.error });
    takes.push(checked.value);
  }
  const clean = takes.map(templateOf);
  for (const [take, mine] of clean.entries()) {
    const nearest = Math.min(...clean.filter((_, other) => other !== take).map((t) => dtwDistance(mine, t)));
    if (nearest > DISAGREEMENT) return err({ kind: 'take-disagrees', take, distance: nearest });
  }
  const noisy = takes.map((t, i) => templateOf(withNoise(t, i + 1)));
  const { id, label, sensitivity } = recording;
  return ok({ id, label, sensitivity, templates: [...clean, ...noisy] });
}

export function describeEnrollmentProblem(problem: EnrollmentProblem): string {
  switch (problem.kind) {
    case 'invalid-id':
      return `a phrase id must be 1–${MAX_ID_LENGTH} characters`;
    case 'invalid-label':
      return 'a phrase needs a label';
    case 'invalid-sensitivity':
      return `sensitivity must be between 0 and 1, got ${String(problem.sensitivity)}`;
    case 'too-few-takes':
      return `${problem.minimum} takes are needed, got ${problem.takes}`;
    case 'bad-take':
      return `take ${problem.take + 1} is ${problem.problem.kind.replace('-', ' ')}`;
    case 'take-disagrees':
      return `take ${problem.take + 1} does not sound like the others`;
  }
}
