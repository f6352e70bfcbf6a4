import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEARTBEAT_PERIOD_MS,
  heartbeatHealth,
  LOST_AFTER_PERIODS,
  recordHeartbeat,
  startHeartbeat,
} from '../../../drivers/button/heartbeat.ts';

describe('heartbeat tracker', () => {
  const start = startHeartbeat(DEFAULT_HEARTBEAT_PERIOD_MS, 1_000);

  it('uses the documented defaults: 5 s period, lost after 3 periods', () => {
    expect(DEFAULT_HEARTBEAT_PERIOD_MS).toBe(5_000);
    expect(LOST_AFTER_PERIODS).toBe(3);
  });

  it('is ok within one period of opening, late after it, lost after 15 s', () => {
    expect(heartbeatHealth(start, 1_000)).toBe('ok');
    expect(heartbeatHealth(start, 6_000)).toBe('ok');
    expect(heartbeatHealth(start, 6_001)).toBe('late');
    expect(heartbeatHealth(start, 16_000)).toBe('late');
    expect(heartbeatHealth(start, 16_001)).toBe('lost');
  });

  it('measures from the last heartbeat', () => {
    const { state } = recordHeartbeat(start, 0, 6_000);
    expect(heartbeatHealth(state, 11_000)).toBe('ok');
    expect(heartbeatHealth(state, 12_000)).toBe('late');
    expect(heartbeatHealth(state, 21_001)).toBe('lost');
  });

  it('recovers from lost as soon as a heartbeat arrives', () => {
    expect(heartbeatHealth(start, 60_000)).toBe('lost');
    expect(heartbeatHealth(recordHeartbeat(start, 3, 60_000).state, 60_000)).toBe('ok');
  });

  it('honours a configured period', () => {
    const fast = startHeartbeat(1_000, 0);
    expect(heartbeatHealth(fast, 1_500)).toBe('late');
    expect(heartbeatHealth(fast, 3_001)).toBe('lost');
  });

  it('notes a seq restart (replug or power cycle) without treating it as an error', () => {
    let s = recordHeartbeat(start, 41, 2_000);
    expect(s.note).toBeNull();
    s = recordHeartbeat(s.state, 42, 7_000);
    expect(s.note).toBeNull();
    s = recordHeartbeat(s.state, 0, 12_000);
    expect(s.note).toBe('restarted');
    expect(s.state.lastSeq).toBe(0);
    expect(heartbeatHealth(s.state, 12_000)).toBe('ok');
  });

  it('does not call the first heartbeat, a repeat or a gap a restart', () => {
    expect(recordHeartbeat(start, 999, 2_000).note).toBeNull();
    const s = recordHeartbeat(start, 5, 2_000).state;
    expect(recordHeartbeat(s, 5, 3_000).note).toBeNull();
    expect(recordHeartbeat(s, 50, 3_000).note).toBeNull();
  });

  it('rejects a non-positive period', () => {
    expect(() => startHeartbeat(0, 0)).toThrow(RangeError);
    expect(() => startHeartbeat(Number.NaN, 0)).toThrow(RangeError);
  });

  it('health only gets worse as silence grows', () => {
    const rank = { ok: 0, late: 1, lost: 2 } as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.nat(1_000_000), fc.nat(1_000_000), (period, a, b) => {
        const s = startHeartbeat(period, 0);
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(rank[heartbeatHealth(s, early)]).toBeLessThanOrEqual(rank[heartbeatHealth(s, late)]);
      }),
      { numRuns: 2_000 },
    );
  });
});
