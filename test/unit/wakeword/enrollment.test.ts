import { describe, expect, it } from 'vitest';
import { describeEnrollmentProblem, enrollPhrase as enrollWith, type PhraseRecording } from '../../../drivers/wakeword/enrollment.ts';
import { PHRASE_A, PHRASE_B, silence, takesOf } from './synth.ts';

/** Synthetic tones are MFCC's test material; the embedding front end is tested on speech (embedding.test.ts). */
const enrollPhrase = (r: PhraseRecording) => enrollWith(r, { frontEnd: 'mfcc' });

const recording = (overrides: Partial<PhraseRecording> = {}): PhraseRecording => ({
  id: 'help',
  label: '救命',
  sensitivity: 0.5,
  examples: takesOf(PHRASE_A),
  ...overrides,
});

describe('enrolling a phrase', () => {
  it('keeps each take as a template plus a copy heard through noise, and names its front end', async () => {
    const result = await enrollPhrase(recording());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ id: 'help', label: '救命', sensitivity: 0.5, frontEnd: 'mfcc' });
    expect(result.value.templates).toHaveLength(6);
    const [clean, noisy] = [result.value.templates[0]!, result.value.templates[3]!];
    expect(noisy).toHaveLength(clean.length);
    expect(noisy).not.toEqual(clean);
  });

  it('gives the same templates every time', async () => {
    expect(await enrollPhrase(recording())).toEqual(await enrollPhrase(recording()));
  });

  it('asks for at least three takes', async () => {
    expect(await enrollPhrase(recording({ examples: takesOf(PHRASE_A).slice(0, 2) }))).toEqual({
      ok: false,
      error: { kind: 'too-few-takes', takes: 2, minimum: 3 },
    });
  });

  it('names the take that is silent', async () => {
    const examples = takesOf(PHRASE_A);
    examples[1] = silence(1.5);
    const result = await enrollPhrase(recording({ examples }));
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-take', take: 1, problem: { kind: 'silent' } } });
    if (!result.ok) expect(describeEnrollmentProblem(result.error)).toBe('take 2 is silent');
  });

  it('names the take that sounds like something else', async () => {
    const examples = [...takesOf(PHRASE_A).slice(0, 2), takesOf(PHRASE_B)[0]!];
    expect(await enrollPhrase(recording({ examples }))).toMatchObject({ ok: false, error: { kind: 'take-disagrees', take: 2 } });
  });

  it.each([
    [{ id: '' }, 'invalid-id'],
    [{ id: 'x'.repeat(65) }, 'invalid-id'],
    [{ label: '' }, 'invalid-label'],
    [{ sensitivity: 1.5 }, 'invalid-sensitivity'],
    [{ sensitivity: Number.NaN }, 'invalid-sensitivity'],
  ] as const)('refuses %j as %s', async (overrides, kind) => {
    const result = await enrollPhrase(recording(overrides));
    expect(result).toMatchObject({ ok: false, error: { kind } });
    if (!result.ok) expect(describeEnrollmentProblem(result.error)).not.toBe('');
  });

  it('says plainly when the front end cannot run', async () => {
    const result = await enrollWith(recording(), { frontEnd: 'embedding', modelDir: '/nonexistent' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'front-end-unavailable' } });
    if (!result.ok) expect(describeEnrollmentProblem(result.error)).toMatch(/missing/);
  });
});
