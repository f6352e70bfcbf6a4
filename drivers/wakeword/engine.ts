/**
 * The contract every wake-word engine meets (facts/voice.md §7.2), so the voice service can hold
 * a template engine, Porcupine or sherpa-onnx alike. Audio arrives as it is captured, in 80 ms
 * frames. `process` is asynchronous because ONNX inference is, but frames are still heard
 * strictly in the order they were passed, whether or not the caller awaits each one before
 * passing the next. A frame the engine cannot use is dropped and counted, never thrown, because the
 * capture loop must not die on one bad buffer and the wake word is never the only way to call
 * for help (facts/voice.md §0: the on-screen button is the main trigger).
 */
export const SAMPLE_RATE = 16_000;
/** 80 ms at 16 kHz: the frame openWakeWord's backbone steps by (facts/voice.md §3.2). */
export const FRAME_SAMPLES = 1_280;
export const FRAME_MS = (FRAME_SAMPLES / SAMPLE_RATE) * 1000;

export interface Detection {
  readonly phraseId: string;
  readonly label: string;
  /** How far the audio was from the phrase's examples, and the threshold it had to beat. */
  readonly distance: number;
  readonly threshold: number;
  /**
   * Audio time, since `init`, at which the phrase ended (pauses included). The detection itself
   * comes up to the spotter's settle time later.
   */
  readonly atMs: number;
}

export type EngineStatus = { readonly state: 'ready' } | { readonly state: 'unavailable'; readonly reason: string };

export interface WakeWordEngine {
  init(): Promise<void>;
  /** One frame of 16 kHz mono audio, FRAME_SAMPLES long; never rejects. */
  process(frame: Int16Array): Promise<Detection | null>;
  release(): void;
  status(): EngineStatus;
}

export type FrameCheck =
  | { readonly kind: 'ok'; readonly clipped: boolean }
  | { readonly kind: 'not-int16' }
  | { readonly kind: 'wrong-length'; readonly length: number };

/** Full-scale samples in more than this share of a frame mean the microphone gain is too high. */
const CLIPPED_FRACTION = 0.01;

export function checkFrame(frame: unknown): FrameCheck {
  if (!(frame instanceof Int16Array)) return { kind: 'not-int16' };
  if (frame.length !== FRAME_SAMPLES) return { kind: 'wrong-length', length: frame.length };
  let fullScale = 0;
  for (let i = 0; i < frame.length; i++) if (frame[i]! >= 32767 || frame[i]! <= -32768) fullScale++;
  return { kind: 'ok', clipped: fullScale > CLIPPED_FRACTION * frame.length };
}
