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

async function ready(options: Partial<ConstructorParameters<typeof TemplateEngine>[0]> = {}): Promise<TemplateEngine> {
  const engine = new TemplateEngine({ phrases: recordings, ...options });
  await engine.init();
  expect(engine.status()).toEqual({ state: 'ready' });
  return engine;
}

function run(engine: TemplateEngine, audio: Int16Array): Detection[] {
  return frames(audio).flatMap((f) => engine.process(f) ?? []);
}

/** A take the engine was not enrolled with: another pace and pitch, in a quiet room. */
const unseen = (syllables = PHRASE_A): Int16Array =>
  concat(noise(1, 60, 9), phrase(syllables, { syllableMs: 228, pitch: 1.02 }), noise(1, 60, 10));

describe('template engine', () => {
  it('is unavailable until initialised and after release', async () => {
    const engine = new TemplateEngine({ phrases: recordings });
    expect(engine.status()).toEqual({ state: 'unavailable', reason: 'not initialised' });
    expect(engine.process(new Int16Array(FRAME_SAMPLES))).toBeNull();
    await engine.init();
    engine.release();
    expect(engine.status()).toEqual({ state: 'unavailable', reason: 'released' });
    expect(run(engine, unseen())).toEqual([]);
  });

  it('says why when a phrase cannot be enrolled, and does not listen', async () => {
    const engine = new TemplateEngine({
      phrases: [recordings[0]!, { ...recordings[1]!, examples: [silence(1), ...takesOf(PHRASE_B).slice(1)] }],
    });
    await engine.init();
    expect(engine.status()).toEqual({ state: 'unavailable', reason: 'b: take 1 is silent' });
    expect(engine.problems).toEqual([{ phraseId: 'b', problem: { kind: 'bad-take', take: 0, problem: expect.objectContaining({ kind: 'silent' }) } }]);
    const empty = new TemplateEngine({ phrases: [] });
    await empty.init();
    expect(empty.status()).toEqual({ state: 'unavailable', reason: 'no phrases enrolled' });
  });

  it('detects each phrase said by an unseen take, with its label', async () => {
    const engine = await ready();
    const found = run(engine, concat(unseen(PHRASE_A), unseen(PHRASE_B)));
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
    fc.assert(
      fc.property(junk, (frame) => {
        expect(engine.process(frame as Int16Array)).toBeNull();
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
    expect(run(engine, silence(60))).toEqual([]);
    const stats = engine.stats();
    expect(stats.quietFrames).toBe(stats.frames);
  });

  it('hears nothing in a DC offset, steady noise, or clipped full-scale noise, and counts the clipping', async () => {
    const engine = await ready();
    const dc = new Int16Array(16_000 * 10).fill(-9000);
    const clipped = Int16Array.from(noise(10, 32767, 4), (x) => (x >= 0 ? 32767 : -32768));
    expect(run(engine, concat(dc, noise(20, 3000, 3), clipped))).toEqual([]);
    expect(engine.stats().clippedFrames).toBe(frames(clipped).length);
  });

  it('does not hear a phrase while paused, and does after resuming', async () => {
    const engine = await ready();
    engine.pause();
    expect(engine.paused).toBe(true);
    expect(run(engine, unseen())).toEqual([]);
    engine.resume();
    expect(run(engine, unseen()).map((d) => d.phraseId)).toEqual(['a']);
  });

  it('works the same from an exported and re-imported enrolment', async () => {
    const first = await ready();
    const imported = importEnrollments(exportEnrollments(first.phrases));
    if (!imported.ok) throw new Error(imported.error.kind);
    const second = await ready({ phrases: imported.value });
    const audio = concat(unseen(PHRASE_B), unseen(PHRASE_A));
    expect(run(second, audio).map((d) => d.phraseId)).toEqual(run(first, audio).map((d) => d.phraseId));
  });

  it('compares every window when the VAD is turned off', async () => {
    const engine = await ready({ vad: false });
    expect(run(engine, silence(5))).toEqual([]);
    expect(engine.stats().quietFrames).toBe(0);
  });
});
