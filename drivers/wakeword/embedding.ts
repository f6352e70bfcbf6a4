/**
 * The speech-embedding front end: openWakeWord's backbone (facts/voice.md §3.2), a mel
 * spectrogram followed by Google's speech-embedding network, which was trained on a great deal of
 * speech to map what was said, not who said it or what noise was around it, into 96 numbers per
 * 80 ms. That is what a template engine enrolled from three voices needs to hear a fourth.
 *
 * Streaming is exact: the mel model sees each new 80 ms with the 30 ms before it, so its 10 ms
 * frames continue the same grid, and each embedding sees the latest 76 mel frames (760 ms).
 * The same audio gives the same features whether pushed at once or frame by frame.
 *
 * The embedding network costs ten times the mel model, and most of a hall's day is nobody
 * talking to the kiosk. So audio can also be `defer`red: its mel frames are kept but no embedding
 * is made, and `recall` makes the embeddings of the latest deferred blocks later — the same
 * numbers `push` would have given — once the VAD hears speech and the spotter needs the start
 * of the phrase.
 */
import { Mutex } from '../mutex.ts';
import { DcBlocker } from './dc-blocker.ts';
import { FRAME_SAMPLES } from './engine.ts';
import type { FeatureFrame } from './mfcc.ts';
import { checkIo, loadModel, type OnnxModel } from './onnx-models.ts';
import { err, ok, type Result } from './result.ts';

/** The mel model's window is 512 samples with a 160-sample hop, so 1280 new samples need 352 before them; openWakeWord keeps 480 (3 hops), which gives exactly 8 frames. */
const MEL_CONTEXT = 480;
const MEL_BANDS = 32;
/** Mel frames one embedding looks at, and mel frames per 80 ms (facts/voice.md §3.2). */
export const EMBEDDING_WINDOW = 76;
const MEL_PER_FRAME = 8;
export const EMBEDDING_DIMS = 96;
/** Deferred blocks that can still be recalled: 4 s, longer than any template (front-end.ts). */
export const MAX_RECALL = 50;
/** Mel frames kept: the window of the newest block and of every block that can be recalled. */
const MEL_HISTORY = EMBEDDING_WINDOW + MAX_RECALL * MEL_PER_FRAME;

export interface EmbeddingModels {
  readonly mel: OnnxModel;
  readonly embedding: OnnxModel;
}

/** Both models, or a plain reason why the front end cannot run. */
export async function loadEmbeddingModels(dir?: string | null): Promise<Result<EmbeddingModels, string>> {
  const [mel, embedding] = await Promise.all([loadModel('mel', dir), loadModel('embedding', dir)]);
  if (!mel.ok) return mel;
  if (!embedding.ok) return embedding;
  const wrong = checkIo(mel.value, ['input'], ['output']) ?? checkIo(embedding.value, ['input_1'], []);
  if (wrong) return err(`the speech-embedding models are not the expected ones: ${wrong}`);
  const models = { mel: mel.value, embedding: embedding.value };
  try {
    const probe = await new EmbeddingFrontEnd(models).push(new Int16Array(FRAME_SAMPLES));
    if (probe[0]?.length !== EMBEDDING_DIMS) return err('the speech-embedding model does not give 96 numbers per frame');
  } catch (e) {
    return err(`the speech-embedding models do not run (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  return ok(models);
}

export class EmbeddingFrontEnd {
  readonly #models: EmbeddingModels;
  /** Samples not yet making a whole 80 ms block. */
  readonly #pending = new Int16Array(FRAME_SAMPLES);
  #pendingLength = 0;
  /** DC-blocked samples: the context before the next block, then the block. */
  readonly #audio = new Float32Array(MEL_CONTEXT + FRAME_SAMPLES);
  /** The latest MEL_HISTORY mel frames, oldest first. */
  readonly #mel = new Float32Array(MEL_HISTORY * MEL_BANDS);
  /** Blocks heard since the last embedding was made, newest last, at most MAX_RECALL. */
  #deferred = 0;
  readonly #dc = new DcBlocker();
  readonly #queue = new Mutex();

  constructor(models: EmbeddingModels) {
    this.#models = models;
    this.reset();
  }

  /**
   * One 96-d embedding for every whole 80 ms block completed by `samples`; calls are taken in
   * order. Blocks deferred before and not recalled are never embedded.
   */
  push(samples: Int16Array): Promise<FeatureFrame[]> {
    return this.#queue.runExclusive(async () => {
      this.#deferred = 0;
      const out: FeatureFrame[] = [];
      for (const block of this.#blocks(samples)) {
        await this.#melOf(block);
        out.push(await this.#embed(0));
      }
      return out;
    });
  }

  /**
   * Hears `samples` without making embeddings, so they cost only the mel model; see `recall`.
   * Resolves with the number of whole blocks they completed.
   */
  defer(samples: Int16Array): Promise<number> {
    return this.#queue.runExclusive(async () => {
      let blocks = 0;
      for (const block of this.#blocks(samples)) {
        await this.#melOf(block);
        this.#deferred = Math.min(MAX_RECALL, this.#deferred + 1);
        blocks++;
      }
      return blocks;
    });
  }

  /**
   * The embeddings of the last `count` deferred blocks (fewer if fewer were kept), oldest first:
   * exactly what `push` would have given for them. They are then no longer deferred.
   */
  recall(count: number): Promise<FeatureFrame[]> {
    return this.#queue.runExclusive(async () => {
      const n = Math.max(0, Math.min(Math.floor(count), this.#deferred));
      const out: FeatureFrame[] = [];
      for (let back = n - 1; back >= 0; back--) out.push(await this.#embed(back));
      this.#deferred = 0;
      return out;
    });
  }


  /** The whole 80 ms blocks `samples` completes, carrying the rest over to the next call. */
  *#blocks(samples: Int16Array): Generator<Int16Array> {
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(FRAME_SAMPLES - this.#pendingLength, samples.length - at);
      this.#pending.set(samples.subarray(at, at + take), this.#pendingLength);
      this.#pendingLength += take;
      at += take;
      if (this.#pendingLength === FRAME_SAMPLES) {
        this.#pendingLength = 0;
        yield this.#pending;
      }
    }
  }

  /** Forgets all audio, as if it had heard only silence (openWakeWord starts its mel buffer at ones). */
  reset(): void {
    this.#pendingLength = 0;
    this.#deferred = 0;
    this.#audio.fill(0);
    this.#mel.fill(1);
    this.#dc.reset();
  }

  /** Runs the mel model on the next block and appends its frames to the history. */
  async #melOf(block: Int16Array): Promise<void> {
    const audio = this.#audio;
    audio.copyWithin(0, FRAME_SAMPLES);
    this.#dc.apply(block, audio, MEL_CONTEXT);
    const { mel } = this.#models;
    const melOut = await mel.session.run({ input: new mel.Tensor('float32', audio.slice(), [1, audio.length]) });
    const frames = melOut.output!.data as Float32Array;
    if (frames.length !== MEL_PER_FRAME * MEL_BANDS) throw new Error(`mel model gave ${frames.length} values, not ${MEL_PER_FRAME * MEL_BANDS}`);
    this.#mel.copyWithin(0, MEL_PER_FRAME * MEL_BANDS);
    const tail = (MEL_HISTORY - MEL_PER_FRAME) * MEL_BANDS;
    // openWakeWord's rescaling, which the embedding network was trained on.
    for (let i = 0; i < MEL_PER_FRAME * MEL_BANDS; i++) this.#mel[tail + i] = frames[i]! / 10 + 2;
  }

  /** The embedding of the block `back` blocks before the newest one heard. */
  async #embed(back: number): Promise<FeatureFrame> {
    const { embedding } = this.#models;
    const end = (MEL_HISTORY - back * MEL_PER_FRAME) * MEL_BANDS;
    const window = this.#mel.slice(end - EMBEDDING_WINDOW * MEL_BANDS, end);
    const input = new embedding.Tensor('float32', window, [1, EMBEDDING_WINDOW, MEL_BANDS, 1]);
    const result = await embedding.session.run({ input_1: input });
    return Float32Array.from(result[embedding.session.outputNames[0]!]!.data as Float32Array);
  }
}
