/**
 * Turns recorded examples of a phrase into DTW templates (facts/voice.md §3.3: Raven wants at
 * least three) for one front end. Each take is checked, trimmed and also copied with noise added
 * (augment.ts), so a phrase said over the hall's hum or chatter still finds a template recorded
 * "in" similar noise; templates are features only, so no recording of a resident's voice is kept.
 */
import { addNoise, rms } from './augment.ts';
import { DEFAULT_DTW, dtwDistance } from './dtw.ts';
import { DEFAULT_FRONT_END, PROFILES, type FeatureFrontEnd, type FrontEndId, type FrontEndProfile } from './front-end.ts';
import type { FeatureFrame } from './mfcc.ts';
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
  /** Which front end made the templates; no other can compare them. */
  readonly frontEnd: FrontEndId;
  readonly templates: readonly (readonly FeatureFrame[])[];
}

export type EnrollmentProblem =
  | { readonly kind: 'invalid-id' }
  | { readonly kind: 'invalid-label' }
  | { readonly kind: 'invalid-sensitivity'; readonly sensitivity: unknown }
  | { readonly kind: 'too-few-takes'; readonly takes: number; readonly minimum: number }
  | { readonly kind: 'bad-take'; readonly take: number; readonly problem: TakeProblem }
  /** This take sounds like none of the others: most likely someone said something else. */
  | { readonly kind: 'take-disagrees'; readonly take: number; readonly distance: number }
  /** The front end's models could not be loaded, so nothing can be enrolled with it. */
  | { readonly kind: 'front-end-unavailable'; readonly reason: string }
  /** Templates made by one front end, offered to an engine listening with another. */
  | { readonly kind: 'wrong-front-end'; readonly frontEnd: FrontEndId; readonly expected: FrontEndId };

const MAX_ID_LENGTH = 64;

export function checkPhraseInfo(info: PhraseInfo): EnrollmentProblem | null {
  if (typeof info.id !== 'string' || info.id.length === 0 || info.id.length > MAX_ID_LENGTH) return { kind: 'invalid-id' };
  if (typeof info.label !== 'string' || info.label.length === 0) return { kind: 'invalid-label' };
  const s = info.sensitivity;
  if (typeof s !== 'number' || !(s >= 0 && s <= 1)) return { kind: 'invalid-sensitivity', sensitivity: s };
  return null;
}

export interface EnrollOptions {
  readonly frontEnd?: FrontEndId;
  /** Where the ONNX models are; the installed package's by default. */
  readonly modelDir?: string | null;
}

async function templatesOf(
  takes: readonly Int16Array[],
  profile: FrontEndProfile,
  frontEnd: FeatureFrontEnd,
): Promise<{ clean: FeatureFrame[][]; noisy: FeatureFrame[][] }> {
  const padded = takes.map((t) => {
    const out = new Int16Array(profile.leadSamples + t.length + profile.tailSamples);
    out.set(t, profile.leadSamples);
    return out;
  });
  const clean: FeatureFrame[][] = [];
  for (const [i, p] of padded.entries()) clean.push(await profile.template(p, takes[i]!.length, frontEnd));
  const noisy: FeatureFrame[][] = [];
  for (const [a, augmentation] of profile.augmentations.entries()) {
    for (const [i, p] of padded.entries()) {
      const heard = addNoise(p, rms(takes[i]!), augmentation, takes, i + 1 + 1000 * a);
      noisy.push(await profile.template(heard, takes[i]!.length, frontEnd));
    }
  }
  return { clean, noisy };
}

/** Templates for `recording` made by the chosen front end (`DEFAULT_FRONT_END` unless told). */
export async function enrollPhrase(
  recording: PhraseRecording,
  options: EnrollOptions = {},
): Promise<Result<EnrolledPhrase, EnrollmentProblem>> {
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
  const profile = PROFILES[options.frontEnd ?? DEFAULT_FRONT_END];
  const opened = await profile.open(options.modelDir);
  if (!opened.ok) return err({ kind: 'front-end-unavailable', reason: opened.error });
  const { clean, noisy } = await templatesOf(takes, profile, opened.value);
  const dtw = { ...DEFAULT_DTW, ...profile.spotter.dtw };
  for (const [take, mine] of clean.entries()) {
    const nearest = Math.min(...clean.filter((_, other) => other !== take).map((t) => dtwDistance(mine, t, dtw)));
    if (nearest > profile.disagreement) return err({ kind: 'take-disagrees', take, distance: nearest });
  }
  const { id, label, sensitivity } = recording;
  return ok({ id, label, sensitivity, frontEnd: profile.id, templates: [...clean, ...noisy] });
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
    case 'front-end-unavailable':
      return `phrases cannot be enrolled now: ${problem.reason}`;
    case 'wrong-front-end':
      return `it was enrolled for ${PROFILES[problem.frontEnd].description}, but this engine listens with ${PROFILES[problem.expected].description}; record it again`;
  }
}
