import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IDLE,
  nextDeadline,
  transition,
  type SessionInput,
  type SessionState,
  type SessionTiming,
} from '../../../main/services/identity/machine.ts';

const T: SessionTiming = { presentIdleMs: 80_000, liftedIdleMs: 30_000, warningMs: 20_000, reminderEveryMs: 10_000 };

type V = string;
const card = (key: string, sessionId = `s-${key}`): SessionInput<V> => ({ type: 'card', key, sessionId, view: `view of ${key}` });

/** Runs timed inputs from idle; returns the last state and every step's effects. */
function run(inputs: [number, SessionInput<V>][], from: SessionState<V> = IDLE) {
  let state = from;
  const steps = inputs.map(([at, input]) => {
    const step = transition(state, input, at, T);
    state = step.state;
    return step;
  });
  return { state, steps, effects: steps.map((s) => s.effects) };
}

describe('opening a session', () => {
  it('a card read from idle opens a session, records the visit and shows the greeting', () => {
    const { state, effects } = run([[1_000, card('k1')]]);
    expect(state).toEqual({ name: 'open', session: { id: 's-k1', key: 'k1', view: 'view of k1', openedAt: 1_000 }, card: 'on-reader', lastActivity: 1_000 });
    expect(effects[0]).toEqual([{ type: 'record-visit', key: 'k1' }, { type: 'show' }]);
  });

  it('the same card laid down again continues the session: same id, no second visit, warning cleared', () => {
    const { state, effects } = run([
      [0, card('k1')],
      [5_000, { type: 'card-removed', reason: 'lifted' }],
      [40_000, { type: 'tick' }],
      [41_000, card('k1', 'ignored')],
    ]);
    expect(effects[2]).toEqual([{ type: 'show' }]);
    expect(effects[3]).toEqual([{ type: 'show' }]);
    expect(state).toMatchObject({ name: 'open', session: { id: 's-k1', openedAt: 0 }, card: 'on-reader', lastActivity: 41_000 });
    expect(state).not.toHaveProperty('warnedAt');
  });

  it('a different card ends the session without a reminder and opens a new one', () => {
    const { state, effects } = run([
      [0, card('k1')],
      [3_000, { type: 'card-removed', reason: 'lifted' }],
      [9_000, card('k2')],
    ]);
    expect(effects[2]).toEqual([
      { type: 'ended', sessionId: 's-k1', reason: 'other-card' },
      { type: 'record-visit', key: 'k2' },
      { type: 'show' },
    ]);
    expect(state).toMatchObject({ name: 'open', session: { id: 's-k2', key: 'k2' } });
  });
});

describe('lifting the card', () => {
  it('does not end the session; it shortens the time allowed without a touch', () => {
    const open = run([[0, card('k1')]]).state;
    expect(nextDeadline(open, T)).toBe(80_000);
    const { state, effects } = run([[10_000, { type: 'card-removed', reason: 'lifted' }]], open);
    expect(effects[0]).toEqual([{ type: 'show' }]);
    expect(state).toMatchObject({ name: 'open', card: 'lifted', lastActivity: 10_000 });
    expect(nextDeadline(state, T)).toBe(40_000);
  });

  it('after the lifted idle time it asks whether the person is still there, then ends with no reminder', () => {
    const { state, steps } = run([
      [0, card('k1')],
      [10_000, { type: 'card-removed', reason: 'lifted' }],
      [39_999, { type: 'tick' }],
      [40_000, { type: 'tick' }],
      [59_999, { type: 'tick' }],
      [60_000, { type: 'tick' }],
    ]);
    expect(steps[2]!.effects).toEqual([]);
    expect(steps[3]!.state).toMatchObject({ name: 'open', warnedAt: 40_000 });
    expect(steps[3]!.effects).toEqual([{ type: 'show' }]);
    expect(steps[4]!.effects).toEqual([]);
    expect(steps[5]!.effects).toEqual([{ type: 'ended', sessionId: 's-k1', reason: 'idle' }, { type: 'show' }]);
    expect(state).toEqual(IDLE);
  });

  it('a touch while asking takes the question away and restarts the clock', () => {
    const { state, effects } = run([
      [0, card('k1')],
      [0, { type: 'card-removed', reason: 'lifted' }],
      [30_000, { type: 'tick' }],
      [35_000, { type: 'activity' }],
    ]);
    expect(effects[3]).toEqual([{ type: 'show' }]);
    expect(state).not.toHaveProperty('warnedAt');
    expect(nextDeadline(state, T)).toBe(65_000);
  });

  it('a touch with nothing to take away changes only the clock', () => {
    const { state, effects } = run([
      [0, card('k1')],
      [50_000, { type: 'activity' }],
    ]);
    expect(effects[1]).toEqual([]);
    expect(nextDeadline(state, T)).toBe(130_000);
  });
});

describe('ending with the card still on the reader', () => {
  it('"done" ends the session and calls the card back every 10 s until it is lifted', () => {
    const { steps, state } = run([
      [0, card('k1')],
      [5_000, { type: 'done' }],
      [14_999, { type: 'tick' }],
      [15_000, { type: 'tick' }],
      [25_000, { type: 'tick' }],
      [27_000, { type: 'card-removed', reason: 'lifted' }],
    ]);
    expect(steps[1]!.effects).toEqual([
      { type: 'ended', sessionId: 's-k1', reason: 'done' },
      { type: 'show' },
      { type: 'reminder', active: true },
    ]);
    expect(steps[2]!.effects).toEqual([]);
    expect(steps[3]!.effects).toEqual([{ type: 'reminder', active: true }]);
    expect(steps[4]!.effects).toEqual([{ type: 'reminder', active: true }]);
    expect(steps[5]!.effects).toEqual([{ type: 'reminder', active: false }]);
    expect(state).toEqual(IDLE);
  });

  it('idle with the card on the reader ends the session after the full idle time, then reminds', () => {
    const { steps } = run([
      [0, card('k1')],
      [60_000, { type: 'activity' }],
      [139_999, { type: 'tick' }],
      [140_000, { type: 'tick' }],
    ]);
    expect(steps[2]!.effects).toEqual([]);
    expect(steps[3]!.effects).toEqual([
      { type: 'ended', sessionId: 's-k1', reason: 'idle' },
      { type: 'show' },
      { type: 'reminder', active: true },
    ]);
    expect(steps[3]!.state).toEqual({ name: 'reminding', key: 'k1', nextAt: 150_000 });
  });

  it('staff dismiss the reminder; the card lifted later changes nothing', () => {
    const { steps, state } = run([
      [0, card('k1')],
      [1_000, { type: 'done' }],
      [2_000, { type: 'dismiss' }],
      [3_000, { type: 'card-removed', reason: 'lifted' }],
    ]);
    expect(steps[2]!.effects).toEqual([{ type: 'reminder', active: false }]);
    expect(steps[3]!.effects).toEqual([]);
    expect(state).toEqual(IDLE);
  });

  it('a reader that drops off the line does not end the reminder: the card may still be there', () => {
    const { state, effects } = run([
      [0, card('k1')],
      [1_000, { type: 'done' }],
      [2_000, { type: 'card-removed', reason: 'reader-lost' }],
    ]);
    expect(effects[2]).toEqual([]);
    expect(state.name).toBe('reminding');
  });

  it('a card read while reminding takes the reminder down and opens a session', () => {
    const { effects, state } = run([
      [0, card('k1')],
      [1_000, { type: 'done' }],
      [2_000, card('k2')],
    ]);
    expect(effects[2]).toEqual([{ type: 'reminder', active: false }, { type: 'record-visit', key: 'k2' }, { type: 'show' }]);
    expect(state).toMatchObject({ name: 'open', session: { key: 'k2' } });
  });

  it('the card left behind, read again by a reader plugged back in, is still called back: no greeting, no visit', () => {
    const { steps, state } = run([
      [0, card('k1')],
      [1_000, { type: 'done' }],
      [2_000, { type: 'card-removed', reason: 'reader-lost' }],
      [3_000, card('k1', 'reread')],
      [11_000, { type: 'tick' }],
      [12_000, { type: 'card-removed', reason: 'lifted' }],
    ]);
    expect(steps[3]!).toEqual({ state: { name: 'reminding', key: 'k1', nextAt: 11_000 }, effects: [] });
    expect(steps[4]!.effects).toEqual([{ type: 'reminder', active: true }]);
    expect(steps[5]!.effects).toEqual([{ type: 'reminder', active: false }]);
    expect(state).toEqual(IDLE);
  });

  it('a session whose reader was lost ends without a reminder (presence unknown)', () => {
    const { effects } = run([
      [0, card('k1')],
      [1_000, { type: 'card-removed', reason: 'reader-lost' }],
      [2_000, { type: 'done' }],
    ]);
    expect(effects[2]).toEqual([{ type: 'ended', sessionId: 's-k1', reason: 'done' }, { type: 'show' }]);
  });
});

describe('a card laid down that gives no greeting', () => {
  const unreadable: SessionInput<V> = { type: 'card-problem', key: undefined };
  const greetingFailed = (key: string): SessionInput<V> => ({ type: 'card-problem', key });

  it('unreadable after the card before was lifted: someone else is there, so that session ends without a reminder', () => {
    const { steps, state } = run([
      [0, card('k1')],
      [1_000, { type: 'card-removed', reason: 'lifted' }],
      [2_000, unreadable],
    ]);
    expect(steps[2]!.effects).toEqual([{ type: 'ended', sessionId: 's-k1', reason: 'other-card' }, { type: 'show' }]);
    expect(state).toEqual(IDLE);
  });

  it('unreadable while the card is on the reader or lost with the reader: a reader fault, and the session goes on', () => {
    const onReader = run([[0, card('k1')]]).state;
    expect(transition(onReader, unreadable, 1_000, T)).toEqual({ state: onReader, effects: [] });
    const lost = run([[1_000, { type: 'card-removed', reason: 'reader-lost' }]], onReader).state;
    expect(transition(lost, unreadable, 2_000, T)).toEqual({ state: lost, effects: [] });
  });

  it('unreadable while reminding, or from idle, changes nothing: the card left behind may be the one misread', () => {
    const reminding = run([
      [0, card('k1')],
      [1_000, { type: 'done' }],
    ]).state;
    expect(transition(reminding, unreadable, 2_000, T)).toEqual({ state: reminding, effects: [] });
    expect(transition(IDLE, unreadable, 0, T)).toEqual({ state: IDLE, effects: [] });
  });

  it('a card read whose greeting failed ends the session of a different card, even one still thought on the reader', () => {
    const { steps, state } = run([
      [0, card('k1')],
      [1_000, greetingFailed('k2')],
    ]);
    expect(steps[1]!.effects).toEqual([{ type: 'ended', sessionId: 's-k1', reason: 'other-card' }, { type: 'show' }]);
    expect(state).toEqual(IDLE);
  });

  it("a card read whose greeting failed leaves its own session or reminder as it was, and takes another's reminder down", () => {
    const open = run([[0, card('k1')]]).state;
    expect(transition(open, greetingFailed('k1'), 1_000, T)).toEqual({ state: open, effects: [] });
    const reminding = run([[1_000, { type: 'done' }]], open).state;
    expect(transition(reminding, greetingFailed('k1'), 2_000, T)).toEqual({ state: reminding, effects: [] });
    expect(transition(reminding, greetingFailed('k2'), 2_000, T)).toEqual({ state: IDLE, effects: [{ type: 'reminder', active: false }] });
  });
});

describe('staff cards', () => {
  it('open staff mode and end a resident session without greeting anyone', () => {
    const { effects, state } = run([
      [0, card('k1')],
      [0, { type: 'card-removed', reason: 'lifted' }],
      [1_000, { type: 'staff-card' }],
    ]);
    expect(effects[2]).toEqual([{ type: 'ended', sessionId: 's-k1', reason: 'staff-card' }, { type: 'show' }, { type: 'staff-mode' }]);
    expect(state).toEqual(IDLE);
    expect(run([[0, { type: 'staff-card' }]]).effects[0]).toEqual([{ type: 'staff-mode' }]);
  });
});

describe('inputs with nothing to act on', () => {
  it('done, activity, dismiss and removal from idle change nothing', () => {
    for (const input of [{ type: 'done' }, { type: 'activity' }, { type: 'dismiss' }, { type: 'tick' }, { type: 'card-removed', reason: 'lifted' }] as const) {
      expect(transition(IDLE, input, 0, T)).toEqual({ state: IDLE, effects: [] });
    }
  });
});

const inputArb: fc.Arbitrary<SessionInput<V>> = fc.oneof(
  fc.constantFrom('a', 'b', 'c').map((key) => card(key)),
  fc.constant<SessionInput<V>>({ type: 'staff-card' }),
  fc.constantFrom(undefined, 'a', 'b').map((key): SessionInput<V> => ({ type: 'card-problem', key })),
  fc.constantFrom<SessionInput<V>>({ type: 'card-removed', reason: 'lifted' }, { type: 'card-removed', reason: 'reader-lost' }),
  fc.constantFrom<SessionInput<V>>({ type: 'activity' }, { type: 'done' }, { type: 'dismiss' }, { type: 'tick' }),
);

describe('properties', () => {
  it('a reminder goes up only when a session ends with its card on the reader, and visits match sessions opened', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(200_000), inputArb), { maxLength: 40 }), (raw) => {
        let state: SessionState<V> = IDLE;
        let at = 0;
        for (const [gap, input] of raw) {
          at += gap;
          const before = state;
          const step = transition(state, input, at, T);
          state = step.state;
          const opened = step.effects.filter((e) => e.type === 'record-visit').length;
          const newSession = state.name === 'open' && (before.name !== 'open' || before.session.id !== state.session.id);
          expect(opened).toBe(newSession ? 1 : 0);
          if (before.name === 'reminding' && input.type === 'card' && input.key === before.key) expect(state).toBe(before);
          if (step.effects.some((e) => e.type === 'reminder' && e.active) && before.name === 'open') {
            expect(before.card).toBe('on-reader');
          }
          // A deadline is never a dead end: the tick it asks for always moves something on.
          const due = nextDeadline(state, T);
          if (due !== undefined) expect(transition(state, { type: 'tick' }, Math.max(due, at), T).effects).not.toEqual([]);
        }
      }),
    );
  });
});
