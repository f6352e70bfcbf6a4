/**
 * Records one enrolment take from the live microphone: waits for the speaker to start, keeps a
 * little audio from before (soft onsets such as x, s and h), and stops once they have been quiet
 * for a moment or the take runs too long. Time is counted in frames, so a slow machine records
 * the same take as a fast one.
 */
import { FRAME_MS, FRAME_SAMPLES } from '../../../drivers/wakeword/engine.ts';
import { EnergyVad, frameDbfs } from '../../../drivers/wakeword/vad.ts';
import type { FrameTap } from './service.ts';

export interface RecordOptions {
  /** Subscribes to live frames; returns the unsubscribe. */
  tap(listener: FrameTap): () => void;
  onLevel?(db: number): void;
  /** Give up waiting for the first word after this long: the take is then silent. */
  waitMs?: number;
  maxTakeMs?: number;
  /** Quiet that ends the take; shorter than a conversation's, as staff say one phrase on cue. */
  endSilenceMs?: number;
  /** No frames at all for this long means the microphone is not delivering. */
  noAudioMs?: number;
}

export class NoAudioError extends Error {
  constructor() {
    super('no audio is arriving from the microphone');
    this.name = 'NoAudioError';
  }
}

const PRE_ROLL_FRAMES = 4;
const LEVEL_EVERY_FRAMES = 1;

export function recordTake(options: RecordOptions): Promise<Int16Array> {
  const waitFrames = Math.ceil((options.waitMs ?? 5000) / FRAME_MS);
  const maxFrames = Math.ceil((options.maxTakeMs ?? 3500) / FRAME_MS);
  const endFrames = Math.ceil((options.endSilenceMs ?? 700) / FRAME_MS);
  const vad = new EnergyVad();
  const frames: Int16Array[] = [];
  let started = false;
  let waited = 0;
  let quiet = 0;
  let seen = 0;
  return new Promise<Int16Array>((resolve, reject) => {
    let watchdog: NodeJS.Timeout | undefined;
    const armWatchdog = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => finish(new NoAudioError()), options.noAudioMs ?? 2000);
      watchdog.unref?.();
    };
    const finish = (error?: Error): void => {
      clearTimeout(watchdog);
      stop();
      if (error) reject(error);
      else resolve(join(frames));
    };
    const stop = options.tap((frame) => {
      armWatchdog();
      seen++;
      if (seen % LEVEL_EVERY_FRAMES === 0) options.onLevel?.(Math.max(-100, frameDbfs(frame)));
      const speech = vad.isSpeech(frame);
      frames.push(frame.slice());
      if (!started) {
        if (speech) started = true;
        else {
          if (frames.length > PRE_ROLL_FRAMES) frames.shift();
          if (++waited >= waitFrames) finish();
        }
        return;
      }
      quiet = speech ? 0 : quiet + 1;
      if (quiet >= endFrames || frames.length >= maxFrames + PRE_ROLL_FRAMES) finish();
    });
    armWatchdog();
  });
}

function join(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.length * FRAME_SAMPLES);
  frames.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
  return out;
}
