import { FRAME_MS } from '../../../drivers/wakeword/engine.ts';

/** Something that says whether a frame holds speech (silero where its model loads, energy otherwise). */
export interface SpeechDetector {
  isSpeech(frame: Int16Array): boolean | Promise<boolean>;
}

/** Turns per-frame speech decisions into the start and end of someone talking. */
export interface SpeechActivity {
  push(speech: boolean): 'started' | 'ended' | null;
}

export interface ActivityOptions {
  /** Silence after speech that counts as the person having finished (facts/voice.md §5: 1.2–1.5 s or more). */
  endSilenceMs: number;
  /** Speech shorter than this is a cough or a door, not someone starting to talk. */
  minSpeechMs: number;
}

export function speechActivity(options: ActivityOptions): SpeechActivity {
  const endFrames = Math.ceil(options.endSilenceMs / FRAME_MS);
  const startFrames = Math.max(1, Math.ceil(options.minSpeechMs / FRAME_MS));
  let talking = false;
  let run = 0;
  return {
    push(speech) {
      // Count consecutive frames that disagree with the current state; enough of them flip it.
      run = speech !== talking ? run + 1 : 0;
      if (!talking && run >= startFrames) {
        talking = true;
        run = 0;
        return 'started';
      }
      if (talking && run >= endFrames) {
        talking = false;
        run = 0;
        return 'ended';
      }
      return null;
    },
  };
}
