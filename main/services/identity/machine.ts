/**
 * The resident session: pure. `transition(state, input, now, timing)` returns the next state and
 * what the runner must do (show, remind, record, open staff mode). No I/O, no timers: every
 * deadline follows from timestamps in the state (`nextDeadline`), and the runner feeds `tick`.
 *
 * DESIGN.md, "Identity and privacy": lifting the card does not end a session — people pick their
 * card up once greeted — it only shortens the time allowed without a touch. A session ends on
 * "done", on idle, or when another card is laid on the reader, even one that cannot be read. A card still on the reader when its session
 * ends is called back until it is lifted or staff dismiss the reminder.
 */

export interface SessionTiming {
  /** With the card on the reader: no touch for this long ends the session (the screen's own idle care warns first). */
  presentIdleMs: number;
  /** With the card lifted: no touch for this long and the screen asks whether the person is still there… */
  liftedIdleMs: number;
  /** …and this long after asking, the session ends. */
  warningMs: number;
  /** How often "请取回您的身份证" is said again. */
  reminderEveryMs: number;
}

export const DEFAULT_SESSION_TIMING: SessionTiming = {
  presentIdleMs: 80_000,
  liftedIdleMs: 30_000,
  warningMs: 20_000,
  reminderEveryMs: 10_000,
};

/** `unknown`: the reader dropped off the line while the card lay there. */
export type CardPresence = 'on-reader' | 'lifted' | 'unknown';

export interface Session<V> {
  id: string;
  key: string;
  view: V;
  openedAt: number;
}

export type SessionState<V> =
  | { name: 'idle' }
  | { name: 'open'; session: Session<V>; card: CardPresence; lastActivity: number; warnedAt?: number }
  /**
   * `key` is the card left behind: a reader re-initialised or plugged back in reads it again, and
   * that must not greet its absent owner by name to whoever stands there.
   */
  | { name: 'reminding'; key: string; nextAt: number };

export type SessionInput<V> =
  | { type: 'card'; key: string; sessionId: string; view: V }
  | { type: 'staff-card' }
  /**
   * The reader found a card but it gave no usable greeting. `key` when the card was read (only the
   * greeting failed); undefined when the reader could not read it at all, so it may be anyone's.
   */
  | { type: 'card-problem'; key: string | undefined }
  | { type: 'card-removed'; reason: 'lifted' | 'reader-lost' }
  /** A touch on the screen. */
  | { type: 'activity' }
  | { type: 'done' }
  /** Staff dismiss the reminder. */
  | { type: 'dismiss' }
  /** A deadline may have passed. */
  | { type: 'tick' };

export type EndReason = 'done' | 'idle' | 'other-card' | 'staff-card';

export type SessionEffect =
  /** Publish the session as it now stands (or that there is none). */
  | { type: 'show' }
  | { type: 'ended'; sessionId: string; reason: EndReason }
  | { type: 'record-visit'; key: string }
  /** Say and show the reminder (again), or take it down. */
  | { type: 'reminder'; active: boolean }
  | { type: 'staff-mode' };

export interface Step<V> {
  state: SessionState<V>;
  effects: SessionEffect[];
}

export const IDLE: SessionState<never> = { name: 'idle' };

export function transition<V>(state: SessionState<V>, input: SessionInput<V>, now: number, timing: SessionTiming): Step<V> {
  switch (input.type) {
    case 'card':
      return cardRead(state, input, now);
    case 'staff-card': {
      const ending = endWithoutReminder(state, 'staff-card');
      const cleared: SessionEffect[] = state.name === 'open' ? [{ type: 'show' }] : [];
      return { state: IDLE, effects: [...ending, ...cleared, { type: 'staff-mode' }] };
    }
    case 'card-problem':
      return cardProblem(state, input.key);
    case 'card-removed':
      return cardRemoved(state, input.reason, now);
    case 'activity':
      if (state.name !== 'open') return unchanged(state);
      if (state.warnedAt === undefined) return unchanged({ ...state, lastActivity: now });
      return { state: withoutWarning({ ...state, lastActivity: now }), effects: [{ type: 'show' }] };
    case 'done':
      return state.name === 'open' ? end(state, 'done', now, timing) : unchanged(state);
    case 'dismiss':
      return state.name === 'reminding' ? { state: IDLE, effects: [{ type: 'reminder', active: false }] } : unchanged(state);
    case 'tick':
      return tick(state, now, timing);
  }
}

/** When the runner should next send `tick`; undefined when nothing is due. */
export function nextDeadline<V>(state: SessionState<V>, timing: SessionTiming): number | undefined {
  switch (state.name) {
    case 'idle':
      return undefined;
    case 'reminding':
      return state.nextAt;
    case 'open':
      if (state.card === 'on-reader') return state.lastActivity + timing.presentIdleMs;
      return state.warnedAt === undefined ? state.lastActivity + timing.liftedIdleMs : state.warnedAt + timing.warningMs;
  }
}

function cardRead<V>(state: SessionState<V>, input: Extract<SessionInput<V>, { type: 'card' }>, now: number): Step<V> {
  if (state.name === 'open' && state.session.key === input.key) {
    // The same card again: the session goes on, as the person left it.
    const session = { ...state.session, view: input.view };
    return { state: withoutWarning({ ...state, session, card: 'on-reader', lastActivity: now }), effects: [{ type: 'show' }] };
  }
  if (state.name === 'reminding' && state.key === input.key) return unchanged(state);
  const ending = endWithoutReminder(state, 'other-card');
  const session: Session<V> = { id: input.sessionId, key: input.key, view: input.view, openedAt: now };
  return {
    state: { name: 'open', session, card: 'on-reader', lastActivity: now },
    effects: [...ending, { type: 'record-visit', key: input.key }, { type: 'show' }],
  };
}

function cardProblem<V>(state: SessionState<V>, key: string | undefined): Step<V> {
  if (!presentedByAnother(state, key)) return unchanged(state);
  const cleared: SessionEffect[] = state.name === 'open' ? [{ type: 'show' }] : [];
  return { state: IDLE, effects: [...endWithoutReminder(state, 'other-card'), ...cleared] };
}

/**
 * Whether a card that gave no greeting means someone else is at the reader, so that the session
 * or reminder of the card before must not stay up for them to see.
 *
 * A key settles it. Without one, only a session whose card was seen lifted ends: the driver
 * reports an unreadable card only while looking for a new one, which after a lift is whoever laid
 * a card down next. While it tracks a card on the reader it reports none; after it lost the line
 * with a card there ('unknown', or a reminder), the failure is most likely that same card read
 * again by the reader come back, and ending a resident's session for a reader fault would be the
 * worse mistake. The lifted clock still ends an 'unknown' session soon if nobody touches it.
 */
function presentedByAnother<V>(state: SessionState<V>, key: string | undefined): boolean {
  switch (state.name) {
    case 'idle':
      return false;
    case 'reminding':
      return key !== undefined && key !== state.key;
    case 'open':
      return key === undefined ? state.card === 'lifted' : key !== state.session.key;
  }
}

function cardRemoved<V>(state: SessionState<V>, reason: 'lifted' | 'reader-lost', now: number): Step<V> {
  if (state.name === 'open') {
    // Picking the card up is a sign the person is there: the shorter clock starts from it.
    const card: CardPresence = reason === 'lifted' ? 'lifted' : 'unknown';
    return { state: withoutWarning({ ...state, card, lastActivity: now }), effects: [{ type: 'show' }] };
  }
  // A reader that dropped off the line says nothing about the card, so the reminder stays.
  if (state.name === 'reminding' && reason === 'lifted') return { state: IDLE, effects: [{ type: 'reminder', active: false }] };
  return unchanged(state);
}

function tick<V>(state: SessionState<V>, now: number, timing: SessionTiming): Step<V> {
  const due = nextDeadline(state, timing);
  if (due === undefined || now < due) return unchanged(state);
  if (state.name === 'reminding') return { state: { ...state, nextAt: now + timing.reminderEveryMs }, effects: [{ type: 'reminder', active: true }] };
  if (state.name !== 'open') return unchanged(state);
  if (state.card !== 'on-reader' && state.warnedAt === undefined) return { state: { ...state, warnedAt: now }, effects: [{ type: 'show' }] };
  return end(state, 'idle', now, timing);
}

function end<V>(state: Extract<SessionState<V>, { name: 'open' }>, reason: EndReason, now: number, timing: SessionTiming): Step<V> {
  const ended: SessionEffect[] = [{ type: 'ended', sessionId: state.session.id, reason }, { type: 'show' }];
  if (state.card !== 'on-reader') return { state: IDLE, effects: ended };
  return {
    state: { name: 'reminding', key: state.session.key, nextAt: now + timing.reminderEveryMs },
    effects: [...ended, { type: 'reminder', active: true }],
  };
}

/** Another card was read, so whatever lay on the reader before has gone: no reminder. */
function endWithoutReminder<V>(state: SessionState<V>, reason: EndReason): SessionEffect[] {
  if (state.name === 'open') return [{ type: 'ended', sessionId: state.session.id, reason }];
  if (state.name === 'reminding') return [{ type: 'reminder', active: false }];
  return [];
}

function withoutWarning<V>(state: Extract<SessionState<V>, { name: 'open' }>): SessionState<V> {
  const { warnedAt: _, ...rest } = state;
  return rest;
}

function unchanged<V>(state: SessionState<V>): Step<V> {
  return { state, effects: [] };
}
