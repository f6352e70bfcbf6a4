/**
 * Heartbeat supervision for the button box, as pure functions of the configured period and
 * monotonic timestamps (ms). The device layer owns the clock and decides what a fault means.
 */

// facts/emergency.md §3.4: HB period is configurable, default 5 s.
export const DEFAULT_HEARTBEAT_PERIOD_MS = 5_000;
// facts/emergency.md §3.4: the box is at fault after 3 missed periods (15 s at the default).
export const LOST_AFTER_PERIODS = 3;

export type HeartbeatHealth = 'ok' | 'late' | 'lost';

/** `restarted`: seq went down, i.e. the box was power-cycled or replugged — normal, not an error. */
export type HeartbeatNote = 'restarted';

export interface HeartbeatState {
  readonly periodMs: number;
  /** When the last HB arrived or, before any, when supervision started (the port opened). */
  readonly lastAt: number;
  readonly lastSeq: number | null;
}

export function startHeartbeat(periodMs: number, at: number): HeartbeatState {
  if (!(periodMs > 0) || !Number.isFinite(periodMs)) throw new RangeError(`Heartbeat period must be > 0 ms, got ${periodMs}`);
  return { periodMs, lastAt: at, lastSeq: null };
}

export function recordHeartbeat(
  state: HeartbeatState,
  seq: number,
  at: number,
): { state: HeartbeatState; note: HeartbeatNote | null } {
  const note = state.lastSeq !== null && seq < state.lastSeq ? 'restarted' : null;
  return { state: { periodMs: state.periodMs, lastAt: at, lastSeq: seq }, note };
}

/**
 * `late` once one period has passed without an HB; `lost` once LOST_AFTER_PERIODS have. Exact
 * boundaries, no grace: `late` is only informative, and `lost` must match the documented 15 s.
 */
export function heartbeatHealth(state: HeartbeatState, now: number): HeartbeatHealth {
  const silentFor = now - state.lastAt;
  if (silentFor > LOST_AFTER_PERIODS * state.periodMs) return 'lost';
  if (silentFor > state.periodMs) return 'late';
  return 'ok';
}
