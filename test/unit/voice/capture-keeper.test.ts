/**
 * The screen's microphone keeper with a scripted microphone: a capture that fails to open, or
 * ends later, is tried again when the devices change and on a growing pause, and staff keep
 * reading why it failed meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Capture, CaptureState } from '../../../renderer/src/voice/capture.ts';
import { keepCapture, RETRY_MS } from '../../../renderer/src/voice/capture-keeper.ts';

type OnState = (state: CaptureState, detail?: string) => void;

/** A microphone whose every opening ends as the test says: each `start` waits for `outcome`. */
function microphone() {
  const opened: { onState: OnState; stopped: boolean }[] = [];
  const reported: CaptureState[] = [];
  let deviceChange: (() => void) | undefined;
  const keeper = {
    start: (onState: OnState): Promise<Capture> => {
      const attempt = { onState, stopped: false };
      opened.push(attempt);
      onState('starting');
      return Promise.resolve({ stop: () => void (attempt.stopped = true) });
    },
    report: (state: CaptureState) => void reported.push(state),
    onDeviceChange: (listener: () => void) => {
      deviceChange = listener;
      return () => (deviceChange = undefined);
    },
  };
  return {
    keeper,
    opened,
    reported,
    /** What the latest opening comes to, as startCapture reports it. */
    outcome: async (state: CaptureState): Promise<void> => {
      opened.at(-1)!.onState(state);
      await Promise.resolve();
    },
    devicesChanged: () => deviceChange?.(),
    get subscribed() {
      return deviceChange !== undefined;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('keepCapture', () => {
  it('tries a refused or missing microphone again after 5 s, 15 s, then every 60 s, showing why meanwhile', async () => {
    const mic = microphone();
    keepCapture(mic.keeper);
    await mic.outcome('no-device');
    expect(mic.opened).toHaveLength(1);
    expect(mic.opened[0]!.stopped).toBe(true);
    for (const [i, wait] of [RETRY_MS[0]!, RETRY_MS[1]!, RETRY_MS[2]!, RETRY_MS[2]!].entries()) {
      vi.advanceTimersByTime(wait - 1);
      expect(mic.opened).toHaveLength(i + 1);
      vi.advanceTimersByTime(1);
      expect(mic.opened).toHaveLength(i + 2);
      await mic.outcome(i === 1 ? 'denied' : 'no-device');
    }
    // Only the first try said "starting": the retries leave the reason in place.
    expect(mic.reported).toEqual(['starting', 'no-device', 'no-device', 'denied', 'no-device', 'no-device']);
  });

  it('opens the microphone at once when one is plugged in', async () => {
    const mic = microphone();
    keepCapture(mic.keeper);
    await mic.outcome('no-device');
    mic.devicesChanged();
    expect(mic.opened).toHaveLength(2);
    await mic.outcome('running');
    // Running: a device change or the old timer opens nothing more.
    mic.devicesChanged();
    vi.advanceTimersByTime(RETRY_MS[2]!);
    expect(mic.opened).toHaveLength(2);
    expect(mic.reported).toEqual(['starting', 'no-device', 'running']);
  });

  it('opens it again when a running microphone is unplugged, starting the pauses afresh', async () => {
    const mic = microphone();
    keepCapture(mic.keeper);
    await mic.outcome('failed');
    vi.advanceTimersByTime(RETRY_MS[0]!);
    await mic.outcome('running');
    await mic.outcome('failed');
    expect(mic.opened[1]!.stopped).toBe(true);
    vi.advanceTimersByTime(RETRY_MS[0]!);
    expect(mic.opened).toHaveLength(3);
    await mic.outcome('running');
    expect(mic.reported).toEqual(['starting', 'failed', 'running', 'failed', 'running']);
  });

  it('does not try again where the screen cannot record at all', async () => {
    const mic = microphone();
    keepCapture(mic.keeper);
    await mic.outcome('unsupported');
    vi.advanceTimersByTime(10 * RETRY_MS[2]!);
    expect(mic.opened).toHaveLength(1);
    expect(mic.reported).toEqual(['starting', 'unsupported']);
  });

  it('stops the microphone and every retry when the screen goes', async () => {
    const mic = microphone();
    const keeper = keepCapture(mic.keeper);
    await mic.outcome('running');
    keeper.stop();
    expect(mic.opened[0]!.stopped).toBe(true);
    expect(mic.subscribed).toBe(false);

    const again = microphone();
    keepCapture(again.keeper).stop();
    await again.outcome('failed');
    vi.advanceTimersByTime(RETRY_MS[2]!);
    expect(again.opened).toHaveLength(1);
  });
});
