import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContactFilter, type ContactEvent, type ContactTiming } from '../../../drivers/button/contact.ts';

const SAMPLE_MS = 10;

/** Feeds runs of [pressed, durationMs] sampled every 10 ms, as the driver polls; returns the events. */
function run(timing: ContactTiming, runs: [boolean, number][]): ContactEvent[] {
  const filter = new ContactFilter(timing);
  const events: ContactEvent[] = [];
  let at = 0;
  for (const [pressed, ms] of runs) {
    for (let t = 0; t < ms; t += SAMPLE_MS) {
      const event = filter.sample(pressed, at);
      if (event) events.push(event);
      at += SAMPLE_MS;
    }
  }
  return events;
}

const timing = { debounceMs: 50, holdMs: 100, lineFaultMs: undefined };

describe('ContactFilter', () => {
  it('presses once the contact has been stable for the hold time, releases after the debounce', () => {
    expect(run(timing, [[false, 100], [true, 90]])).toEqual([]);
    expect(run(timing, [[false, 100], [true, 110]])).toEqual(['press']);
    expect(run(timing, [[true, 200], [false, 40]])).toEqual(['press']);
    expect(run(timing, [[true, 200], [false, 60]])).toEqual(['press', 'release']);
  });

  it('restarts the debounce at every bounce', () => {
    expect(run(timing, [[true, 40], [false, 10], [true, 40], [false, 10], [true, 40]])).toEqual([]);
  });

  it('reports a line fault only for a press longer than the limit, and only while it lasts', () => {
    const filter = new ContactFilter({ ...timing, lineFaultMs: 1_000 });
    for (let at = 0; at <= 1_000; at += SAMPLE_MS) filter.sample(true, at);
    expect(filter.lineFault(1_000)).toBe(false);
    expect(filter.lineFault(1_001)).toBe(true);
    for (let at = 1_010; at <= 1_100; at += SAMPLE_MS) filter.sample(false, at);
    expect(filter.lineFault(1_100)).toBe(false);
  });

  it('refuses negative or non-finite timings', () => {
    expect(() => new ContactFilter({ ...timing, debounceMs: -1 })).toThrow(RangeError);
    expect(() => new ContactFilter({ ...timing, holdMs: Number.NaN })).toThrow(RangeError);
  });

  const runs = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 30 }).map((n) => n * SAMPLE_MS)), { maxLength: 40 });
  const timings = fc.record({
    debounceMs: fc.integer({ min: 0, max: 10 }).map((n) => n * SAMPLE_MS),
    holdMs: fc.integer({ min: 0, max: 20 }).map((n) => n * SAMPLE_MS),
    lineFaultMs: fc.constant(undefined),
  });

  it('always alternates press and release, starting with a press', () => {
    fc.assert(
      fc.property(timings, runs, (t, r) => {
        run(t, r).forEach((event, i) => expect(event).toBe(i % 2 === 0 ? 'press' : 'release'));
      }),
    );
  });

  it('never presses when every closed run is shorter than the debounce', () => {
    fc.assert(
      fc.property(timings, runs, (t, r) => {
        // Alternating levels, so that no two short closed runs join into a long one.
        const short = r.map(([, ms], i): [boolean, number] => (i % 2 === 1 ? [true, Math.min(ms, t.debounceMs - SAMPLE_MS)] : [false, ms]));
        expect(run(t, short.filter(([, ms]) => ms > 0))).toEqual([]);
      }),
    );
  });

  it('presses once per run when every run outlasts debounce and hold', () => {
    fc.assert(
      fc.property(timings, fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 20 }), (t, extras) => {
        const long = Math.max(t.debounceMs, t.holdMs) + SAMPLE_MS;
        const r = extras.flatMap((extra): [boolean, number][] => [[false, long + extra * SAMPLE_MS], [true, long + extra * SAMPLE_MS]]);
        expect(run(t, r).filter((e) => e === 'press')).toHaveLength(extras.length);
      }),
    );
  });
});
