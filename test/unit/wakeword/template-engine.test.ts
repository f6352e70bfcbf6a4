import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FRAME_SAMPLES,
  TemplateEngine,
  checkFrame,
  exportEnrollments,
  importEnrollments,
  type Detection,
} from '../../../drivers/wakeword/index.ts';
import { PHRASE_A, PHRASE_B, concat, frames, noise, phrase, silence, takesOf } from './synth.ts';

const recordings = [
  { id: 'a', label: '小邻小邻', sensitivity: 0.5, examples: takesOf(PHRASE_A) },
  { id: 'b', label: '救命', sensitivity: 0.5, examples: takesOf(PHRASE_B) },
];

/** Synthetic tones are MFCC's test material; the embedding engine is tested on espeak speech. */
const MFCC = { frontEnd: 'mfcc' } as const;

async function ready(options: Partial<ConstructorParameters<typeof TemplateEngine>[0]> = {}): Promise<TemplateEngine> {
  const engine = new TemplateEngine({ phrases: recordings, ...MFCC, ...options });
  await engine.init();
  expect(engine.status()).toEqual({ state: 'ready' });
  return engine;
}

/** Passes every frame without waiting, as a capture loop may: the engine must still hear them in order. */
async function run(engine: TemplateEngine, audio: Int16Array): Promise<Detection[]> {
  const found = await Promise.all(frames(audio).map((f) => engine.process(f)));
  return found.filter((d) => d !== null);
}

/** A take the engine was not enrolled with: another pace and pitch, in a quiet room. */
const unseen = (syllables = PHRASE_A): Int16Array =>
  concat(noise(1, 60, 9), phrase(syllables, { syllableMs: 228, pitch: 1.02 }), noise(1, 60, 10));

describe('template engine', () => {
  it('is unavailable until initialised and after release', async () => {
    const engine = new TemplateEngine({ phrases: recordings, ...MFCC });
    expect(engine.status()).toEqual({ state: 'unavailable', reason: 'not initialised' });
    expect(await engine.process(new Int16Array(FRAME_SAMPLES))).toBeNull();
    await engine.init();
    engine.release();
    expect(engine.status()).toEqual({ state: 'unavailable', reason: 'released' });
    expect(await run(engine, unseen())).toEqual([]);
  });

  it('says why when a phrase cannot be enrolled, and does not listen', async () => {
    const engine = new TemplateEngine({
      phrases: [recordings[0]!, { ...recordings[1]!, examples: [silence(1), ...takesOf(PHRASE_B).slice(1)] }],
      ...MFCC,
    });
    await engine.init();
    expect(engine.status()).toEqual({ state: 'unavailable', reason: 'b: take 1 is silent' });
    expect(engine.problems).toEqual([{ phraseId: 'b', problem: { kind: 'bad-take', take: 0, problem: expect.objectContaining({ kind: 'silent' }) } }]);
    const empty = new TemplateEngine({ phrases: [], ...MFCC });
    await empty.init();
    expect(empty.status()).toEqual({ state: 'unavailable', reason: 'no phrases enrolled' });
  });

  it('detects each phrase said by an unseen take, with its label', async () => {
    const engine = await ready();
    const found = await run(engine, concat(unseen(PHRASE_A), unseen(PHRASE_B)));
    expect(found.map((d) => [d.phraseId, d.label])).toEqual([
      ['a', '小邻小邻'],
      ['b', '救命'],
    ]);
    expect(found[0]!.atMs).toBeGreaterThan(1700);
    expect(found[0]!.atMs).toBeLessThan(2300);
    expect(engine.stats().detections).toBe(2);
  });

  it('drops frames it cannot use, counts them, and never throws', async () => {
    const engine = await ready();
    const junk = fc.oneof(
      fc.integer({ min: 0, max: 4000 }).map((n) => new Int16Array(n)),
      fc.integer({ min: 0, max: 2000 }).map((n) => new Float32Array(n)),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (frame) => {
        expect(await engine.process(frame as Int16Array)).toBeNull();
      }),
      { numRuns: 200 },
    );
    const { frames: used, rejectedFrames } = engine.stats();
    expect(rejectedFrames).toBeGreaterThan(150);
    expect(used).toBeLessThan(50);
    expect(checkFrame(new Int16Array(100))).toEqual({ kind: 'wrong-length', length: 100 });
  });

  it('hears nothing in a minute of silence, and skips it without comparing', async () => {
    const engine = await ready();
    expect(await run(engine, silence(60))).toEqual([]);
    const stats = engine.stats();
    expect(stats.quietFrames).toBe(stats.frames);
    expect(stats.deferredFrames).toBe(stats.frames);
  });

  it('hears a phrase whole after a long quiet in which it only deferred the features', async () => {
    const engine = await ready();
    const found = await run(engine, concat(silence(30), unseen()));
    expect(found.map((d) => d.phraseId)).toEqual(['a']);
    const stats = engine.stats();
    expect(stats.deferredFrames).toBeGreaterThan(30 * 12);
    expect(stats.deferredFrames).toBeLessThan(stats.frames);
    expect(found[0]!.atMs).toBeGreaterThan(31_000);
    // The same phrase, at the same moment, as an engine that computes and compares every frame.
    const everyFrame = await run(await ready({ vad: false }), concat(silence(30), unseen()));
    expect(everyFrame.map((d) => [d.phraseId, d.atMs])).toEqual(found.map((d) => [d.phraseId, d.atMs]));
  });

  it('hears nothing in a DC offset, steady noise, or clipped full-scale noise, and counts the clipping', async () => {
    const engine = await ready();
    const dc = new Int16Array(16_000 * 10).fill(-9000);
    const clipped = Int16Array.from(noise(10, 32767, 4), (x) => (x >= 0 ? 32767 : -32768));
    expect(await run(engine, concat(dc, noise(20, 3000, 3), clipped))).toEqual([]);
    expect(engine.stats().clippedFrames).toBe(frames(clipped).length);
  });

  it('does not hear a phrase while paused, and does after resuming', async () => {
    const engine = await ready();
    engine.pause();
    expect(engine.paused).toBe(true);
    expect(await run(engine, unseen())).toEqual([]);
    engine.resume();
    expect((await run(engine, unseen())).map((d) => d.phraseId)).toEqual(['a']);
  });

  it('pauses between the frames passed before and after the call, even when none was awaited', async () => {
    const engine = await ready();
    const before = frames(unseen()).map((f) => engine.process(f));
    engine.pause();
    const after = frames(unseen()).map((f) => engine.process(f));
    expect((await Promise.all(before)).filter((d) => d !== null).map((d) => d.phraseId)).toEqual(['a']);
    expect((await Promise.all(after)).filter((d) => d !== null)).toEqual([]);
  });

  it('works the same from an exported and re-imported enrolment', async () => {
    const first = await ready();
    const imported = importEnrollments(exportEnrollments(first.phrases), 'mfcc');
    if (!imported.ok) throw new Error(imported.error.kind);
    const second = await ready({ phrases: imported.value });
    const audio = concat(unseen(PHRASE_B), unseen(PHRASE_A));
    expect((await run(second, audio)).map((d) => d.phraseId)).toEqual((await run(first, audio)).map((d) => d.phraseId));
  });

  it('refuses phrases enrolled by another front end, saying so', async () => {
    const first = await ready();
    const engine = new TemplateEngine({ phrases: first.phrases, frontEnd: 'embedding' });
    await engine.init();
    expect(engine.status()).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/^a: it was enrolled for MFCC, but this engine listens with speech embeddings/) });
  });

  it('compares every window when the VAD is turned off', async () => {
    const engine = await ready({ vad: false });
    expect(await run(engine, silence(5))).toEqual([]);
    expect(engine.stats().quietFrames).toBe(0);
  });

  it('is unavailable with the reason when the speech-embedding models are missing', async () => {
    const engine = new TemplateEngine({ phrases: recordings, frontEnd: 'embedding', modelDir: '/nonexistent' });
    await engine.init();
    expect(engine.status()).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/speech embeddings front end cannot run: model file .*missing/) });
    expect(await engine.process(new Int16Array(FRAME_SAMPLES))).toBeNull();
  });

  it('falls back to the energy gate when silero cannot be loaded, and says why', async () => {
    const engine = await ready({ vad: 'silero', modelDir: '/nonexistent' });
    expect(engine.vadStatus).toEqual({ kind: 'energy', fallbackReason: expect.stringMatching(/silero VAD unavailable.*missing/) });
  });
});
