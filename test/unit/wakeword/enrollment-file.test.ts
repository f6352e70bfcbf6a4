import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enrollPhrase, type EnrolledPhrase } from '../../../drivers/wakeword/enrollment.ts';
import {
  ENROLLMENT_FORMAT,
  describeImportProblem,
  exportEnrollments,
  importEnrollments,
} from '../../../drivers/wakeword/enrollment-file.ts';
import { PHRASE_A, PHRASE_B, takesOf } from './synth.ts';

function enrolled(id: string, syllables = PHRASE_A): EnrolledPhrase {
  const result = enrollPhrase({ id, label: `${id} 标签`, sensitivity: 0.6, examples: takesOf(syllables) });
  if (!result.ok) throw new Error(`could not enrol ${id}: ${result.error.kind}`);
  return result.value;
}

const phrases = [enrolled('wake'), enrolled('help', PHRASE_B)];
const file = exportEnrollments(phrases);
const edit = (change: (json: Record<string, any>) => void): string => {
  const json = JSON.parse(file) as Record<string, any>;
  change(json);
  return JSON.stringify(json);
};

describe('enrolment file', () => {
  it('round-trips phrases to within the rounding of the file', () => {
    const back = importEnrollments(file);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.map((p) => [p.id, p.label, p.sensitivity])).toEqual(phrases.map((p) => [p.id, p.label, p.sensitivity]));
    back.value.forEach((p, i) =>
      p.templates.forEach((t, j) =>
        t.forEach((f, k) => f.forEach((v, d) => expect(Math.abs(v - phrases[i]!.templates[j]![k]![d]!)).toBeLessThan(1e-4))),
      ),
    );
  });

  it('says what it is and which version', () => {
    expect(JSON.parse(file)).toMatchObject({ format: ENROLLMENT_FORMAT, version: 1 });
  });

  it.each([
    ['not JSON', '{"format": ', 'not-json'],
    ['another JSON file', '{"name":"linli"}', 'not-an-enrollment'],
    ['a list', '[1,2,3]', 'not-an-enrollment'],
    ['a newer version', edit((j) => (j.version = 2)), 'unsupported-version'],
    ['a version as text', edit((j) => (j.version = '1')), 'unsupported-version'],
    ['another front end', edit((j) => (j.frontEnd.melBands = 26)), 'front-end-mismatch'],
    ['no front end', edit((j) => delete j.frontEnd), 'front-end-mismatch'],
    ['no phrases', edit((j) => (j.phrases = [])), 'invalid'],
    ['a phrase without templates', edit((j) => (j.phrases[0].templates = [])), 'invalid'],
    ['a short frame', edit((j) => j.phrases[1].templates[2][5].pop()), 'invalid'],
    ['a number as text', edit((j) => (j.phrases[0].templates[0][0][3] = '0.5')), 'invalid'],
    ['a sensitivity out of range', edit((j) => (j.phrases[0].sensitivity = 3)), 'invalid'],
    ['the same id twice', edit((j) => (j.phrases[1].id = 'wake')), 'invalid'],
  ])('refuses %s', (_, text, kind) => {
    const result = importEnrollments(text);
    expect(result).toMatchObject({ ok: false, error: { kind } });
    if (!result.ok) expect(describeImportProblem(result.error)).toMatch(/\w/);
  });

  it('points at the damaged place', () => {
    const result = importEnrollments(edit((j) => (j.phrases[1].templates[2][5] = [1, 2])));
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid', at: 'phrases[1].templates[2][5]' } });
  });

  it('refuses a file far larger than any enrolment before parsing it', () => {
    expect(importEnrollments(' '.repeat(20_000_001))).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (input) => {
        expect(importEnrollments(input).ok).toBe(false);
      }),
    );
  });

  it('never throws on a damaged copy of a real file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: file.length - 1 }), fc.string({ minLength: 0, maxLength: 3 }), (at, junk) => {
        const result = importEnrollments(file.slice(0, at) + junk + file.slice(at + 1));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
