/**
 * Keeps the microphone open for as long as the screen runs. A microphone that is busy at boot,
 * refused, or unplugged and plugged back must not leave voice off until someone reloads the
 * screen: a capture that fails or ends is dropped and opened again when the devices change, and
 * otherwise after a growing pause, while the core keeps showing staff why it is not delivering.
 */
import type { Capture, CaptureState } from './capture.ts';

type Report = (state: CaptureState, detail?: string) => void;

export interface CaptureKeeperOptions {
  /** Opens the microphone once, reporting what becomes of it (`startCapture`). */
  start(onState: Report): Promise<Capture>;
  /** Passes a state on to the core. */
  report: Report;
  /** Subscribes to microphones coming and going; returns the unsubscribe. */
  onDeviceChange(listener: () => void): () => void;
  /** Pauses before each further try; the last repeats. */
  retryMs?: readonly number[];
}

export const RETRY_MS: readonly number[] = [5_000, 15_000, 60_000];

/** States after which this capture delivers nothing more, but a later one might. */
const RETRYABLE = new Set<CaptureState>(['denied', 'no-device', 'failed']);

export function keepCapture(options: CaptureKeeperOptions): { stop(): void } {
  const retryMs = options.retryMs ?? RETRY_MS;
  let capture: Capture | undefined;
  let starting = false;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: CaptureState | undefined;

  const open = (): void => {
    if (stopped || starting || capture) return;
    clearTimeout(timer);
    starting = true;
    let over = false;
    let mine: Capture | undefined;
    const onState: Report = (state, detail) => {
      if (stopped || over) return;
      // Staff keep reading why the microphone failed while it is tried again, not "starting".
      if (!(state === 'starting' && last !== undefined && RETRYABLE.has(last))) options.report(state, detail);
      last = state;
      if (state === 'running') failures = 0;
      if (state === 'starting' || state === 'running') return;
      over = true;
      starting = false;
      if (mine) {
        mine.stop();
        if (capture === mine) capture = undefined;
      }
      if (!RETRYABLE.has(state)) return;
      failures++;
      timer = setTimeout(open, retryMs[Math.min(failures, retryMs.length) - 1]);
    };
    void options.start(onState).then((started) => {
      if (stopped || over) {
        started.stop();
        return;
      }
      starting = false;
      capture = mine = started;
    });
  };

  const offDevices = options.onDeviceChange(open);
  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      offDevices();
      capture?.stop();
      capture = undefined;
    },
  };
}
