/**
 * Records one enrolment take from the live microphone: waits for the speaker to start, keeps a
 * little audio from before (soft onsets such as x, s and h), and stops once they have been quiet
 * for a moment or the take runs too long. A take only starts after a stretch of quiet longer
 * than the pauses between syllables, so it never begins half-way through a phrase someone was
 * already saying. Time is counted in frames, so a slow machine records the same take as a fast
 * one; the quiet either side is trimmed later by checkTake.
 */
import { FRAME_MS, FRAME_SAMPLES } from '../../../drivers/wakeword/engine.ts';
import { frameDbfs } from '../../../drivers/wakeword/vad.ts';
import type { FrameTap } from './service.ts';

export interface RecordOptions {
  /** Subscribes to live frames; returns the unsubscribe. */
  tap(listener: FrameTap): () => void;
  onLevel?(db: number): void;
  /** Give up waiting for the first word after this long: the take is then silent. */
  waitMs?: number;
  maxTakeMs?: number;
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
/** Quiet longer than a pause between syllables (320 ms) before a take may start… */
const ARM_QUIET_FRAMES = Math.ceil(320 / FRAME_MS);
/** …and quiet this long after speech ends it; staff say one phrase on cue, so shorter than a conversation's 1.5 s. */
const END_QUIET_FRAMES = Math.ceil(640 / FRAME_MS);

export function recordTake(options: RecordOptions): Promise<Int16Array> {
  const waitFrames = Math.ceil((options.waitMs ?? 5000) / FRAME_MS);
  const maxFrames = Math.ceil((options.maxTakeMs ?? 3500) / FRAME_MS);
  const frames: Int16Array[] = [];
  let started = false;
  let quiet = 0;
  let waited = 0;
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
    const stop = options.tap((frame, speech) => {
      armWatchdog();
      options.onLevel?.(Math.max(-100, frameDbfs(frame)));
      frames.push(frame.slice());
      if (!started) {
        if (speech && quiet >= ARM_QUIET_FRAMES) {
          started = true;
          quiet = 0;
          return;
        }
        quiet = speech ? 0 : quiet + 1;
        if (frames.length > PRE_ROLL_FRAMES) frames.shift();
        if (++waited >= waitFrames) finish();
        return;
      }
      quiet = speech ? 0 : quiet + 1;
      if (quiet >= END_QUIET_FRAMES || frames.length >= maxFrames + PRE_ROLL_FRAMES) finish();
    });
    armWatchdog();
  });
}

function join(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.length * FRAME_SAMPLES);
  frames.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
  return out;
}
