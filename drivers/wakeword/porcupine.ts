/**
 * Porcupine behind the common `WakeWordEngine` contract, for sites with a Picovoice licence
 * (facts/voice.md §0: optional, never the only way to start an interaction). Every `new
 * Porcupine` checks the AccessKey with Picovoice's servers (§1.3), so starting can fail for
 * reasons that fix themselves (no network, throttling) or that need staff (bad key, missing
 * file). Neither may stop the kiosk: `init` always resolves, `status()` says why the engine is
 * not listening, and transient failures are retried on a backoff. The library runs on a worker
 * thread (porcupine-thread.ts), so even an activation stuck on the network holds up nothing.
 */
import { Mutex } from '../mutex.ts';
import { clearTimeout, setTimeout } from 'node:timers';
import { SAMPLE_RATE, checkFrame, type Detection, type WakeWordEngine } from './engine.ts';
import { porcupineInThread } from './porcupine-thread.ts';
import { describeError, diagnose, staffWords, type Diagnosis, type PorcupineProblem, type StaffWords } from './porcupine-errors.ts';

export type { PorcupineProblem, StaffWords } from './porcupine-errors.ts';

export interface PorcupineKeyword {
  readonly phraseId: string;
  readonly label: string;
  /** Absolute path to the `.ppn` file for this platform and language (facts/voice.md §1.5). */
  readonly path: string;
  /** 0–1; higher means fewer misses and more false alarms (facts/voice.md §1.1). */
  readonly sensitivity: number;
}

/** The part of the library's `Porcupine` instance the engine uses (facts/voice.md §1.1). */
export interface NativePorcupine {
  readonly frameLength: number;
  readonly sampleRate: number;
  /** Index of the keyword that ended with this frame, or -1. */
  process(frame: Int16Array): number | Promise<number>;
  release(): void;
}

export type CreatePorcupine = (
  accessKey: string,
  keywordPaths: string[],
  sensitivities: number[],
  options: { modelPath?: string },
) => NativePorcupine | Promise<NativePorcupine>;

export interface RetryClock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type PorcupineStatus =
  | { readonly state: 'ready' }
  | {
      readonly state: 'unavailable';
      /** `words.en`, for the contract's single reason. */
      readonly reason: string;
      readonly words: StaffWords;
      readonly problem: PorcupineProblem;
      /** Clock time of the next attempt, or null when only a new `init` (new settings) can help. */
      readonly retryAt: number | null;
      /** The library's own message, AccessKey removed, for the support log. */
      readonly detail?: string;
    };

export interface PorcupineEngineOptions {
  readonly accessKey: string;
  readonly keywords: readonly PorcupineKeyword[];
  /** The `.pv` language model; the npm package ships only English, so Mandarin sites supply `porcupine_params_zh.pv` (facts/voice.md §1.5). */
  readonly modelPath?: string;
  /** Waits before each retry of a transient failure; the last repeats. */
  readonly retryDelaysMs?: readonly number[];
  readonly clock?: RetryClock;
  /** Builds the native engine; by default `@picovoice/porcupine-node` on a worker thread, loaded on first use. */
  readonly createPorcupine?: CreatePorcupine;
  /** Called on every status change, e.g. to update the staff health screen. */
  readonly onStatus?: (status: PorcupineStatus) => void;
}

export interface PorcupineStats {
  /** Frames accepted; each advances the audio clock whether or not Porcupine was listening. */
  readonly frames: number;
  /** Frames dropped because they were not 16-bit or not FRAME_SAMPLES long. */
  readonly rejectedFrames: number;
  readonly clippedFrames: number;
  readonly detections: number;
}

/**
 * One minute rides out a brief outage; the cap keeps a kiosk that is offline for days from
 * asking Picovoice often enough to be throttled (facts/voice.md §1.2: ACTIVATION_THROTTLED).
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000];

/** Timers that do not keep a CLI or test process alive just to retry. */
const systemClock: RetryClock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class PorcupineEngine implements WakeWordEngine {
  readonly #options: PorcupineEngineOptions;
  readonly #clock: RetryClock;
  readonly #delays: readonly number[];
  #status: PorcupineStatus;
  #native: NativePorcupine | null = null;
  /** Bumped by `init` and `release` so an attempt that finishes late cannot resurrect the engine. */
  #generation = 0;
  #failures = 0;
  #timer: unknown = null;
  /** Porcupine's frames are shorter than ours; the tail of each of ours waits here for the next. */
  #chunk = new Int16Array(0);
  #filled = 0;
  #samples = 0;
  readonly #queue = new Mutex();
  #stats = { frames: 0, rejectedFrames: 0, clippedFrames: 0, detections: 0 };

  constructor(options: PorcupineEngineOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#delays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
    this.#status = this.#unavailable({ problem: 'not-initialised', transient: false }, null);
  }

  /**
   * Resolves once the first attempt has succeeded or failed; `status()` says which, and says
   * `starting` meanwhile, so a caller need not wait on a licence check that may be slow.
   */
  async init(): Promise<void> {
    this.#stop();
    this.#failures = 0;
    this.#samples = 0;
    this.#stats = { frames: 0, rejectedFrames: 0, clippedFrames: 0, detections: 0 };
    this.#setStatus(this.#unavailable({ problem: 'starting', transient: false }, null));
    await this.#attempt(this.#generation);
  }

  status(): PorcupineStatus {
    return this.#status;
  }

  stats(): PorcupineStats {
    return { ...this.#stats };
  }

  /**
   * Porcupine reports no score, only which keyword fired, so a detection carries `distance` 0
   * and the keyword's sensitivity as `threshold` (higher is more lenient, as for the template
   * engine). `atMs` is the end of the Porcupine frame that fired: within 32 ms of the phrase's end.
   */
  process(frame: Int16Array): Promise<Detection | null> {
    const check = checkFrame(frame);
    if (check.kind !== 'ok') {
      this.#stats.rejectedFrames++;
      return Promise.resolve(null);
    }
    this.#stats.frames++;
    if (check.clipped) this.#stats.clippedFrames++;
    // Each frame's chunks must reach the engine after the last frame's, even when callers do not wait.
    return this.#queue.runExclusive(() => this.#feed(frame));
  }

  async #feed(frame: Int16Array): Promise<Detection | null> {
    const start = this.#samples;
    this.#samples += frame.length;
    const native = this.#native;
    if (!native) return null;
    let found: Detection | null = null;
    let offset = 0;
    try {
      while (offset < frame.length) {
        const take = Math.min(this.#chunk.length - this.#filled, frame.length - offset);
        let chunk: Int16Array;
        if (this.#filled === 0 && take === this.#chunk.length) {
          chunk = frame.subarray(offset, offset + take);
        } else {
          this.#chunk.set(frame.subarray(offset, offset + take), this.#filled);
          this.#filled += take;
          if (this.#filled < this.#chunk.length) break;
          this.#filled = 0;
          chunk = this.#chunk;
        }
        offset += take;
        const keyword = this.#options.keywords[await native.process(chunk)];
        if (native !== this.#native) return null;
        if (keyword && !found) found = this.#detection(keyword, start + offset);
      }
    } catch (error) {
      if (native !== this.#native) return null;
      this.#drop(native);
      this.#fail(diagnose(error), error, this.#generation);
    }
    return found;
  }

  release(): void {
    if (this.#status.state === 'unavailable' && this.#status.problem === 'released') return;
    this.#stop();
    this.#setStatus(this.#unavailable({ problem: 'released', transient: false }, null));
  }

  #detection(keyword: PorcupineKeyword, endSample: number): Detection {
    this.#stats.detections++;
    return {
      phraseId: keyword.phraseId,
      label: keyword.label,
      distance: 0,
      threshold: keyword.sensitivity,
      atMs: (endSample / SAMPLE_RATE) * 1000,
    };
  }

  async #attempt(generation: number): Promise<void> {
    const { accessKey, keywords, modelPath } = this.#options;
    // Caught here so the native library is not even loaded for a kiosk that was never given a key.
    if (accessKey.trim() === '') return this.#fail({ problem: 'missing-key', transient: false }, null, generation);
    if (keywords.length === 0) return this.#fail({ problem: 'no-keywords', transient: false }, null, generation);
    let native: NativePorcupine;
    try {
      const create = this.#options.createPorcupine ?? porcupineInThread();
      native = await create(
        accessKey,
        keywords.map((k) => k.path),
        keywords.map((k) => k.sensitivity),
        modelPath === undefined ? {} : { modelPath },
      );
    } catch (error) {
      return this.#fail(diagnose(error), error, generation);
    }
    if (generation !== this.#generation) return this.#drop(native);
    // 512 samples at 16 kHz in 4.0.2 (facts/voice.md §1.1); anything else would be fed wrongly.
    if (native.sampleRate !== SAMPLE_RATE || !Number.isInteger(native.frameLength) || native.frameLength < 1) {
      this.#drop(native);
      const subject = `frames of ${native.frameLength} samples at ${native.sampleRate} Hz`;
      return this.#fail({ problem: 'engine-error', transient: false, subject }, null, generation);
    }
    this.#native = native;
    this.#chunk = new Int16Array(native.frameLength);
    this.#filled = 0;
    this.#failures = 0;
    this.#setStatus({ state: 'ready' });
  }

  #fail(diagnosis: Diagnosis, error: unknown, generation: number): void {
    if (generation !== this.#generation) return;
    this.#native = null;
    const delay = diagnosis.transient ? this.#delays[Math.min(this.#failures, this.#delays.length - 1)]! : null;
    this.#failures++;
    this.#setStatus(this.#unavailable(diagnosis, delay, error));
    if (delay === null) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      void this.#attempt(generation);
    }, delay);
  }

  /** Cancels any retry, frees the native engine and orphans attempts still under way. */
  #stop(): void {
    this.#generation++;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    const native = this.#native;
    this.#native = null;
    if (native) this.#drop(native);
  }

  /** Best effort: an engine that failed mid-stream may refuse to be released too, which changes nothing. */
  #drop(native: NativePorcupine): void {
    try {
      native.release();
    } catch {
      // Nothing is left to undo.
    }
  }

  #unavailable(diagnosis: Diagnosis, retryInMs: number | null, error: unknown = null): PorcupineStatus {
    const words = staffWords(diagnosis, retryInMs);
    const detail = error === null ? undefined : this.#redact(describeError(error));
    return {
      state: 'unavailable',
      reason: words.en,
      words,
      problem: diagnosis.problem,
      retryAt: retryInMs === null ? null : this.#clock.now() + retryInMs,
      ...(detail === undefined ? {} : { detail }),
    };
  }

  /** The native stack quotes a malformed key back (facts/voice.md §1.2); keys stay out of logs. */
  #redact(text: string): string {
    const key = this.#options.accessKey;
    return key === '' ? text : text.split(key).join('<AccessKey>');
  }

  #setStatus(status: PorcupineStatus): void {
    this.#status = status;
    try {
      this.#options.onStatus?.(status);
    } catch {
      // A faulty listener must not stop the engine listening or retrying.
    }
  }
}
