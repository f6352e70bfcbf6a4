import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enrollPhrase, type EnrolledPhrase } from '../../../drivers/wakeword/enrollment.ts';
import { EMBEDDING_DIMS } from '../../../drivers/wakeword/embedding.ts';
import {
  ENROLLMENT_FORMAT,
  describeImportProblem,
  exportEnrollments,
  importEnrollments as importAs,
} from '../../../drivers/wakeword/enrollment-file.ts';
import { PHRASE_A, PHRASE_B, takesOf } from './synth.ts';

async function enrolled(id: string, syllables = PHRASE_A): Promise<EnrolledPhrase> {
  const result = await enrollPhrase({ id, label: `${id} 标签`, sensitivity: 0.6, examples: takesOf(syllables) }, { frontEnd: 'mfcc' });
  if (!result.ok) throw new Error(`could not enrol ${id}: ${result.error.kind}`);
  return result.value;
}

const phrases = [await enrolled('wake'), await enrolled('help', PHRASE_B)];
const file = exportEnrollments(phrases);
const importEnrollments = (text: unknown) => importAs(text, 'mfcc');

/** Embedding templates without running the models: the file only checks their shape. */
const embedded: EnrolledPhrase = {
  id: 'wake',
  label: '小邻小邻',
  sensitivity: 0.5,
  frontEnd: 'embedding',
  templates: [Array.from({ length: 12 }, (_, i) => Float32Array.from({ length: EMBEDDING_DIMS }, (_, d) => Math.sin(i + d)))],
};
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
    expect(back.value.map((p) => [p.id, p.label, p.sensitivity, p.frontEnd])).toEqual(phrases.map((p) => [p.id, p.label, p.sensitivity, 'mfcc']));
    back.value.forEach((p, i) =>
      p.templates.forEach((t, j) =>
        t.forEach((f, k) => f.forEach((v, d) => expect(Math.abs(v - phrases[i]!.templates[j]![k]![d]!)).toBeLessThan(1e-4))),
      ),
    );
  });

  it('says what it is, which version and which front end made it', () => {
    expect(JSON.parse(file)).toMatchObject({ format: ENROLLMENT_FORMAT, version: 1, frontEnd: { id: 'mfcc' } });
  });

  it('reads a file from before the front end was named as MFCC', () => {
    const old = importEnrollments(edit((j) => delete j.frontEnd.id));
    expect(old.ok && old.value.map((p) => p.frontEnd)).toEqual(['mfcc', 'mfcc']);
  });

  it('round-trips speech-embedding templates', () => {
    const back = importAs(exportEnrollments([embedded]), 'embedding');
    expect(back.ok && back.value[0]!.frontEnd).toBe('embedding');
    expect(back.ok && back.value[0]!.templates[0]![3]![5]).toBeCloseTo(Math.sin(8), 4);
  });

  it.each([
    ['an embedding file to an MFCC engine', exportEnrollments([embedded]), 'mfcc', 'embedding', /made for speech embeddings, but this kiosk listens with MFCC/],
    ['an MFCC file to an embedding engine', file, 'embedding', 'mfcc', /made for MFCC, but this kiosk listens with speech embeddings/],
    ['an old MFCC file to an embedding engine', edit((j) => delete j.frontEnd.id), 'embedding', 'mfcc', /made for MFCC/],
  ] as const)('refuses %s, saying which is which', (_, text, engine, fileFrontEnd, words) => {
    const result = importAs(text, engine);
    expect(result).toEqual({ ok: false, error: { kind: 'front-end-mismatch', file: fileFrontEnd, engine } });
    if (!result.ok) expect(describeImportProblem(result.error)).toMatch(words);
  });

  it('reads back the empty file that removing the last phrase writes, whichever front end the kiosk listens with', () => {
    const empty = exportEnrollments([]);
    expect(importAs(empty, 'mfcc')).toEqual({ ok: true, value: [] });
    expect(importAs(empty, 'embedding')).toEqual({ ok: true, value: [] });
    expect(importEnrollments(edit((j) => (j.phrases = [])))).toEqual({ ok: true, value: [] });
  });

  it('cannot put phrases of two front ends in one file', () => {
    expect(() => exportEnrollments([phrases[0]!, { ...embedded, id: 'other' }])).toThrow(RangeError);
  });

  it.each([
    ['not JSON', '{"format": ', 'not-json'],
    ['another JSON file', '{"name":"linli"}', 'not-an-enrollment'],
    ['a list', '[1,2,3]', 'not-an-enrollment'],
    ['a newer version', edit((j) => (j.version = 2)), 'unsupported-version'],
    ['a version as text', edit((j) => (j.version = '1')), 'unsupported-version'],
    ['other MFCC settings', edit((j) => (j.frontEnd.melBands = 26)), 'front-end-mismatch'],
    ['an unknown front end', edit((j) => (j.frontEnd.id = 'wav2vec')), 'front-end-mismatch'],
    ['no front end', edit((j) => delete j.frontEnd), 'front-end-mismatch'],
    ['embedding-sized frames in an MFCC file', edit((j) => j.phrases[0].templates[0].forEach((f: number[]) => f.push(...new Array(83).fill(0)))), 'invalid'],
    ['phrases that are not a list', edit((j) => (j.phrases = { wake: j.phrases[0] })), 'invalid'],
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
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), fc.constantFrom('mfcc', 'embedding'), (input, frontEnd) => {
        expect(importAs(input, frontEnd).ok).toBe(false);
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
