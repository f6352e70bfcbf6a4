/**
 * The speech-embedding front end: openWakeWord's backbone (facts/voice.md §3.2), a mel
 * spectrogram followed by Google's speech-embedding network, which was trained on a great deal of
 * speech to map what was said, not who said it or what noise was around it, into 96 numbers per
 * 80 ms. That is what a template engine enrolled from three voices needs to hear a fourth.
 *
 * Streaming is exact: the mel model sees each new 80 ms with the 30 ms before it, so its 10 ms
 * frames continue the same grid, and each embedding sees the latest 76 mel frames (760 ms).
 * The same audio gives the same features whether pushed at once or frame by frame.
 */
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
  readonly #mel = new Float32Array(EMBEDDING_WINDOW * MEL_BANDS);
  readonly #dc = new DcBlocker();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(models: EmbeddingModels) {
    this.#models = models;
    this.reset();
  }

  /** One 96-d embedding for every whole 80 ms block completed by `samples`; calls are taken in order. */
  push(samples: Int16Array): Promise<FeatureFrame[]> {
    const run = this.#queue.then(() => this.#push(samples));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #push(samples: Int16Array): Promise<FeatureFrame[]> {
    const out: FeatureFrame[] = [];
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(FRAME_SAMPLES - this.#pendingLength, samples.length - at);
      this.#pending.set(samples.subarray(at, at + take), this.#pendingLength);
      this.#pendingLength += take;
      at += take;
      if (this.#pendingLength === FRAME_SAMPLES) {
        this.#pendingLength = 0;
        out.push(await this.#block(this.#pending));
      }
    }
    return out;
  }

  /** Forgets all audio, as if it had heard only silence (openWakeWord starts its mel buffer at ones). */
  reset(): void {
    this.#pendingLength = 0;
    this.#audio.fill(0);
    this.#mel.fill(1);
    this.#dc.reset();
  }

  async #block(block: Int16Array): Promise<FeatureFrame> {
    const audio = this.#audio;
    audio.copyWithin(0, FRAME_SAMPLES);
    this.#dc.apply(block, audio, MEL_CONTEXT);
    const { mel, embedding } = this.#models;
    const melOut = await mel.session.run({ input: new mel.Tensor('float32', audio.slice(), [1, audio.length]) });
    const frames = melOut.output!.data as Float32Array;
    if (frames.length !== MEL_PER_FRAME * MEL_BANDS) throw new Error(`mel model gave ${frames.length} values, not ${MEL_PER_FRAME * MEL_BANDS}`);
    this.#mel.copyWithin(0, MEL_PER_FRAME * MEL_BANDS);
    const tail = (EMBEDDING_WINDOW - MEL_PER_FRAME) * MEL_BANDS;
    // openWakeWord's rescaling, which the embedding network was trained on.
    for (let i = 0; i < MEL_PER_FRAME * MEL_BANDS; i++) this.#mel[tail + i] = frames[i]! / 10 + 2;
    const input = new embedding.Tensor('float32', this.#mel.slice(), [1, EMBEDDING_WINDOW, MEL_BANDS, 1]);
    const result = await embedding.session.run({ input_1: input });
    return Float32Array.from(result[embedding.session.outputNames[0]!]!.data as Float32Array);
  }
}
