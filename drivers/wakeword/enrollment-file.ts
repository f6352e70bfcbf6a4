/**
 * Enrolments saved as a versioned JSON file, so a phrase recorded once at the front desk can be
 * copied to every kiosk in the hall. Templates only make sense to the front end that made them,
 * so the file names that front end (`frontEnd.id`; files from before there was a choice have no
 * id and were all MFCC) with its settings, and a file from another front end, a different version
 * or no enrolment at all is refused with a typed reason — never half-loaded, never thrown. A file
 * with no phrases is a valid, empty enrolment: it is what removing the last phrase leaves.
 */
import { checkPhraseInfo, type EnrolledPhrase } from './enrollment.ts';
import { DEFAULT_FRONT_END, PROFILES, isFrontEndId, type FrontEndId, type FrontEndProfile } from './front-end.ts';
import type { FeatureFrame } from './mfcc.ts';
import { err, ok, type Result } from './result.ts';

export const ENROLLMENT_FORMAT = 'linli-wakeword-enrollment';
export const ENROLLMENT_VERSION = 1;

/** Far above any real enrolment (a few phrases × 15 templates × 30 frames × 96 numbers); stops a stray huge file early. */
const MAX_FILE_CHARS = 20_000_000;

export type ImportProblem =
  | { readonly kind: 'too-large'; readonly chars: number }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'not-an-enrollment' }
  | { readonly kind: 'unsupported-version'; readonly version: unknown }
  /** `file` is the front end the file names, or null when its settings match no front end here. */
  | { readonly kind: 'front-end-mismatch'; readonly file: FrontEndId | null; readonly engine: FrontEndId }
  | { readonly kind: 'invalid'; readonly at: string; readonly expected: string };

/**
 * Four decimals keep distances unchanged to well under the gap between any two thresholds. One
 * engine holds phrases of one front end only, so a mixed list is a programming error and throws.
 */
export function exportEnrollments(phrases: readonly EnrolledPhrase[]): string {
  const id = phrases[0]?.frontEnd ?? DEFAULT_FRONT_END;
  if (phrases.some((p) => p.frontEnd !== id)) throw new RangeError('phrases from different front ends cannot share a file');
  return JSON.stringify({
    format: ENROLLMENT_FORMAT,
    version: ENROLLMENT_VERSION,
    frontEnd: { id, ...PROFILES[id].settings },
    phrases: phrases.map((p) => ({
      id: p.id,
      label: p.label,
      sensitivity: p.sensitivity,
      templates: p.templates.map((t) => t.map((f) => Array.from(f, (v) => Math.round(v * 1e4) / 1e4))),
    })),
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The profile a file's `frontEnd` describes, or null when it matches none exactly. */
function profileOf(value: unknown): FrontEndProfile | null {
  if (!isRecord(value)) return null;
  const { id = 'mfcc', ...settings } = value;
  if (!isFrontEndId(id)) return null;
  const profile = PROFILES[id];
  const keys = Object.keys(profile.settings);
  const same = Object.keys(settings).length === keys.length && keys.every((k) => settings[k] === profile.settings[k]);
  return same ? profile : null;
}

type Invalid = { readonly kind: 'invalid'; readonly at: string; readonly expected: string };

function readTemplate(value: unknown, at: string, profile: FrontEndProfile): Result<FeatureFrame[], Invalid> {
  const expected = `1–${profile.maxTemplateFrames} frames of ${profile.dims} finite numbers`;
  if (!Array.isArray(value) || value.length === 0 || value.length > profile.maxTemplateFrames) {
    return err({ kind: 'invalid', at, expected });
  }
  const frames: FeatureFrame[] = [];
  for (const [i, frame] of value.entries()) {
    const good =
      Array.isArray(frame) &&
      frame.length === profile.dims &&
      frame.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!good) return err({ kind: 'invalid', at: `${at}[${i}]`, expected });
    frames.push(Float32Array.from(frame as number[]));
  }
  return ok(frames);
}

function readPhrase(value: unknown, at: string, profile: FrontEndProfile): Result<EnrolledPhrase, Invalid> {
  if (!isRecord(value)) return err({ kind: 'invalid', at, expected: 'a phrase object' });
  const { id, label, sensitivity, templates } = value;
  const info = { id, label, sensitivity } as EnrolledPhrase;
  const problem = checkPhraseInfo(info);
  if (problem) return err({ kind: 'invalid', at: `${at}.${problem.kind.replace('invalid-', '')}`, expected: problem.kind });
  if (!Array.isArray(templates) || templates.length === 0) {
    return err({ kind: 'invalid', at: `${at}.templates`, expected: 'a non-empty list of templates' });
  }
  const read: FeatureFrame[][] = [];
  for (const [i, t] of templates.entries()) {
    const r = readTemplate(t, `${at}.templates[${i}]`, profile);
    if (!r.ok) return r;
    read.push(r.value);
  }
  return ok({ id: info.id, label: info.label, sensitivity: info.sensitivity, frontEnd: profile.id, templates: read });
}

/** The phrases in `text`, if it is an enrolment made by `frontEnd` (the engine's). */
export function importEnrollments(text: unknown, frontEnd: FrontEndId): Result<EnrolledPhrase[], ImportProblem> {
  if (typeof text !== 'string') return err({ kind: 'not-json' });
  if (text.length > MAX_FILE_CHARS) return err({ kind: 'too-large', chars: text.length });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err({ kind: 'not-json' });
  }
  if (!isRecord(parsed) || parsed.format !== ENROLLMENT_FORMAT) return err({ kind: 'not-an-enrollment' });
  if (parsed.version !== ENROLLMENT_VERSION) return err({ kind: 'unsupported-version', version: parsed.version });
  if (!Array.isArray(parsed.phrases)) return err({ kind: 'invalid', at: 'phrases', expected: 'a list of phrases' });
  // A kiosk whose last phrase was removed writes an empty list, stamped with the default front
  // end whatever it listens with; with no templates there is nothing a front end could misread.
  if (parsed.phrases.length === 0) return ok([]);
  const profile = profileOf(parsed.frontEnd);
  if (profile?.id !== frontEnd) return err({ kind: 'front-end-mismatch', file: profile?.id ?? null, engine: frontEnd });
  const phrases: EnrolledPhrase[] = [];
  const ids = new Set<string>();
  for (const [i, value] of parsed.phrases.entries()) {
    const r = readPhrase(value, `phrases[${i}]`, profile);
    if (!r.ok) return r;
    if (ids.has(r.value.id)) return err({ kind: 'invalid', at: `phrases[${i}].id`, expected: 'an id used once' });
    ids.add(r.value.id);
    phrases.push(r.value);
  }
  return ok(phrases);
}

export function describeImportProblem(problem: ImportProblem): string {
  switch (problem.kind) {
    case 'too-large':
      return `the file is too large to be an enrolment (${problem.chars} characters)`;
    case 'not-json':
      return 'the file is not JSON';
    case 'not-an-enrollment':
      return 'the file is not a wake-word enrolment';
    case 'unsupported-version':
      return `enrolment version ${String(problem.version)} is not supported (this kiosk reads version ${ENROLLMENT_VERSION})`;
    case 'front-end-mismatch':
      return problem.file === null
        ? 'the enrolment was made with different audio settings; record the phrases again'
        : `the enrolment was made for ${PROFILES[problem.file].description}, but this kiosk listens with ${PROFILES[problem.engine].description}; record the phrases again`;
    case 'invalid':
      return `the enrolment is damaged at ${problem.at}: expected ${problem.expected}`;
  }
}
