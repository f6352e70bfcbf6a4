import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../drivers/wakeword/engine.ts';
import type { FrameTap } from '../../../main/services/voice/service.ts';
import { NoAudioError, recordTake } from '../../../main/services/voice/recorder.ts';

/** A live stream the test plays frame by frame: each frame's samples all hold its number. */
function stream() {
  let listener: FrameTap | undefined;
  return {
    tap: (l: FrameTap) => {
      listener = l;
      return () => (listener = undefined);
    },
    play(speech: readonly boolean[]): void {
      speech.forEach((t, i) => listener?.(new Int16Array(FRAME_SAMPLES).fill(i + 1), t));
    },
    get listening() {
      return listener !== undefined;
    },
  };
}
const framesOf = (take: Int16Array): number[] => Array.from({ length: take.length / FRAME_SAMPLES }, (_, i) => take[i * FRAME_SAMPLES]!);
const quiet = (n: number): boolean[] => Array(n).fill(false);
const talk = (n: number): boolean[] => Array(n).fill(true);

describe('recordTake', () => {
  it('starts with the next utterance, keeps a little before it, and stops once the speaker is quiet', async () => {
    const s = stream();
    const take = recordTake({ tap: s.tap });
    s.play([...quiet(10), ...talk(5), ...quiet(10)]);
    // Four frames before the speech (7–10), the speech (11–15), then 640 ms of quiet (16–23).
    expect(framesOf(await take)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
    expect(s.listening).toBe(false);
  });

  it('does not end a take at a pause between syllables', async () => {
    const s = stream();
    const take = recordTake({ tap: s.tap });
    s.play([...quiet(5), ...talk(3), ...quiet(2), ...talk(3), ...quiet(10)]);
    expect(framesOf(await take)).toContain(13);
  });

  it('never starts half-way through a phrase someone was already saying', async () => {
    const s = stream();
    const take = recordTake({ tap: s.tap });
    // Recording begins mid-phrase: speech, a syllable pause, more speech; then quiet and a new phrase at 15.
    s.play([...talk(2), ...quiet(2), ...talk(3), ...quiet(7), ...talk(4), ...quiet(10)]);
    const frames = framesOf(await take);
    expect(frames[0]).toBe(11);
    expect(frames).toContain(18);
  });

  it('gives a silent take when nobody speaks in time, and an error when no audio arrives at all', async () => {
    const s = stream();
    const take = recordTake({ tap: s.tap, waitMs: 800 });
    s.play(quiet(10));
    expect((await take).length).toBeGreaterThan(0);
    await expect(recordTake({ tap: stream().tap, noAudioMs: 50 })).rejects.toBeInstanceOf(NoAudioError);
  });

  it('cuts a take that goes on too long', async () => {
    const s = stream();
    const take = recordTake({ tap: s.tap, maxTakeMs: 800 });
    s.play([...quiet(5), ...talk(40)]);
    expect((await take).length / FRAME_SAMPLES).toBe(10 + 4);
  });
});
