/**
 * The alarm state machine: pure. `transition(alarm, input, plan, now)` returns the next alarm and
 * the effects the runner must carry out (dial, hang up, SMS, LED, notify the duty centre…). No
 * I/O, no timers: every deadline is a timestamp in the state, so a restarted kiosk resumes from
 * the stored alarm exactly where it stood.
 *
 * Practice it follows (facts/emergency.md §4): a call chain rung in order; a contact accepts by
 * pressing a key, so voicemail or an accidental answer never ends the chain; the duty centre is
 * told at once; cancelling closes the alarm, never deletes it; the location SMS is tracked per
 * contact and sent again until it is delivered or the alarm closes.
 */
import type { AlarmEvent } from './events.ts';

export type AlarmSource = 'button' | 'screen' | 'voice' | 'staff';
export type Outcome = 'cancelled' | 'resolved' | 'false-alarm';
export type AckBy = 'contact' | 'duty-centre' | 'staff';

export interface DialTarget {
  name: string;
  relation?: string;
  phone: string;
  kind: 'contact' | 'fallback';
}

export interface Attempt {
  /** Index into the dial plan. */
  target: number;
  state: 'dialling' | 'ringing' | 'answered';
  startedAt: number;
  /** Ring timeout while dialling/ringing; key (or accept) deadline once answered. */
  deadline: number;
  /** Once answered: whether the contact must press a key (the modem reports keys and can speak). */
  needsKey?: boolean;
  /** How many dials of this number the modem has refused in a row, before this one. */
  redials?: number;
}

export type AlarmPhase =
  | { name: 'cancel-window'; deadline: number }
  | { name: 'calling'; attempt: Attempt }
  /** `redials` is set when `next` is the number the modem just refused, dialled again after the pause. */
  | { name: 'between-calls'; next: number; resumeAt: number; redials?: number }
  /** Nothing to dial (no contacts configured): help comes through the duty centre and staff. */
  | { name: 'awaiting-help' }
  | { name: 'acknowledged'; by: AckBy; who?: string; at: number }
  | { name: 'closed'; outcome: Outcome; at: number; who?: string };

/**
 * The location SMS to one contact number. 'sending' is also what a send cut short by a crash
 * leaves behind, so a resumed alarm sends it again: a repeated SMS costs little, a lost one may
 * cost the person their help.
 */
export interface SmsDelivery {
  to: string;
  state: 'sending' | 'sent' | 'failed';
  /** Sends started, counting the one in flight. */
  attempts: number;
  /** While failed: when it is sent again. */
  retryAt?: number;
}

export interface Alarm {
  id: string;
  source: AlarmSource;
  raisedAt: number;
  phase: AlarmPhase;
  /**
   * The SMS with the kiosk's place, absent until it is due: when the first call rings or is
   * answered, or after the first failed call. Each contact's delivery is tracked until it is sent.
   */
  sms?: SmsDelivery[];
  /** Passes through the whole plan that ended without anyone accepting. */
  exhaustedCycles: number;
}

export interface MachineTiming {
  cancelWindowMs: number;
  /**
   * The window after a spoken help phrase, when it differs: speech from a television can be
   * mistaken for it, so a site may give people longer to say or press 取消.
   */
  voiceCancelWindowMs?: number;
  ringMs: number;
  /** How long an answered contact has to press a key. */
  keyWaitMs: number;
  /** Where the modem cannot report keys, a call active this long counts as accepted. */
  acceptAfterActiveMs: number;
  /** Pause before the next number after a failed or refused call. */
  nextCallPauseMs: number;
  /** Pause before starting the whole chain again once every number has failed. */
  cyclePauseMs: number;
  /** Pause before a number the modem refused is dialled again; it doubles with each refusal. */
  redialMs?: number;
  /** Pause before a failed SMS is sent again; it doubles with each failure, up to smsRetryMaxMs. */
  smsRetryMs?: number;
  smsRetryMaxMs?: number;
}

export const DEFAULT_TIMING: MachineTiming = {
  cancelWindowMs: 10_000,
  ringMs: 30_000,
  keyWaitMs: 30_000,
  acceptAfterActiveMs: 10_000,
  nextCallPauseMs: 1_000,
  cyclePauseMs: 30_000,
};

const SMS_RETRY_MS = 15_000;
/**
 * A refused dial is the modem's trouble, not the contact's: no network for a few seconds after a
 * reset, a SIM still starting (facts/emergency.md §2.1). Moving straight on would run the whole
 * chain through in seconds and leave the first contact — the one the person most wants — to the
 * next round. So the same number is tried this many times in all, a pause apart, before the next;
 * no more, in case the refusal is about that number alone.
 */
const DIALS_PER_NUMBER = 3;
const REDIAL_MS = 3_000;
const redialPause = (timing: MachineTiming, redials: number): number => (timing.redialMs ?? REDIAL_MS) * 2 ** redials;
// A network that comes back after a long outage should not leave the SMS waiting long.
const SMS_RETRY_MAX_MS = 300_000;

export type AlarmInput =
  | { type: 'cancel-window-elapsed' }
  /**
   * Who calls it off: the person with the screen's cancel button, staff, or a spoken 取消 —
   * which needs no wake phrase, so anyone nearby or a television may have said it.
   */
  | { type: 'cancel'; by: 'person' | 'voice' | 'staff'; who?: string }
  /**
   * The modem would not place the call. `fault` says whose trouble it is: the number's (a dial
   * string the modem cannot use) or the modem's (no network, no SIM, no answer from it).
   */
  | { type: 'dial-failed'; reason: string; fault: 'number' | 'modem' }
  /** keyConfirm: on 'active', whether the runner could ask for a key (the modem reports keys and spoke the prompt). */
  | { type: 'call-state'; state: 'alerting' | 'active' | 'ended'; reason?: string; keyConfirm?: boolean }
  | { type: 'key'; key: string }
  /** The phase's deadline passed (ring timeout, key wait, pause). */
  | { type: 'deadline' }
  | { type: 'ack'; by: 'duty-centre' | 'staff'; who?: string }
  | { type: 'close'; outcome: 'resolved' | 'false-alarm'; who?: string }
  /** The button (or screen) pressed again while this alarm is open. */
  | { type: 'retrigger'; source: AlarmSource }
  /** The kiosk restarted with this alarm open. */
  | { type: 'resume' }
  /** How a location SMS fared; `error` in the modem's words when it was not delivered. */
  | { type: 'sms-result'; to: string; ok: boolean; error?: string }
  /** A failed SMS's pause is over (see nextSmsRetry). */
  | { type: 'sms-retry' };

export type Announcement =
  | 'raised'
  | 'calling'
  | 'answered'
  | 'help-coming'
  | 'cancelled'
  | 'retrying'
  | 'closed'
  | 'still-open'
  /** No numbers to call: the duty centre is being told, stay where you are. */
  | 'awaiting-help';

export type Effect =
  | { type: 'announce'; what: Announcement }
  | { type: 'led'; mode: 'off' | 'on' | 'blink' }
  | { type: 'buzz'; ms: number }
  /** Ring a number of the plan; any call the modem still holds (one left from before a crash) is hung up first. */
  | { type: 'dial'; target: number }
  | { type: 'hangup' }
  /** The location SMS to one contact number, in the background: it must not hold up the call chain. */
  | { type: 'sms'; to: string }
  | { type: 'notify'; what: 'raised' | 'acknowledged' | 'closed' | 'chain-exhausted' };

export interface Step {
  alarm: Alarm;
  effects: Effect[];
  /** What happened, for the alarm's timeline (events.ts words it); undefined when the input changed nothing. */
  event?: AlarmEvent;
}

const KEYS = /^[0-9*#]$/;

export function isOpen(alarm: Alarm): boolean {
  return alarm.phase.name !== 'closed';
}

/**
 * Whether a spoken 取消 may call this alarm off: only one raised by voice, and only in its cancel
 * window. 取消 needs no wake phrase, so anyone nearby — a bystander, a television — could say it,
 * and a press of the button or the screen is a deliberate act no voice should undo
 * (facts/emergency.md §3.3: emergency calls are cancelled only where they were raised).
 */
export function voiceMayCancel(alarm: Alarm): boolean {
  return alarm.source === 'voice' && alarm.phase.name === 'cancel-window';
}

/** Every contact in order, `rounds` times, then the fallback number. */
export function buildDialPlan(
  contacts: readonly { name: string; phone: string; relation?: string }[],
  rounds: number,
  fallback?: { name: string; phone: string },
): DialTarget[] {
  const plan: DialTarget[] = [];
  for (let r = 0; r < rounds; r++) for (const c of contacts) plan.push({ ...c, kind: 'contact' });
  if (fallback) plan.push({ ...fallback, kind: 'fallback' });
  return plan;
}

export function raise(id: string, source: AlarmSource, now: number, timing: MachineTiming): Step & { event: AlarmEvent } {
  const alarm: Alarm = {
    id,
    source,
    raisedAt: now,
    phase: { name: 'cancel-window', deadline: now + (source === 'voice' ? (timing.voiceCancelWindowMs ?? timing.cancelWindowMs) : timing.cancelWindowMs) },
    exhaustedCycles: 0,
  };
  return {
    alarm,
    event: [{ code: 'raised' }],
    effects: [
      { type: 'announce', what: 'raised' },
      { type: 'led', mode: 'blink' },
      { type: 'buzz', ms: 300 },
      // The duty centre is told at once, whatever the cancel window.
      { type: 'notify', what: 'raised' },
    ],
  };
}

/**
 * How far off a deadline (and an SMS retry) can ever be when it is set. One that seems further
 * was set before the wall clock stepped back; a runner waits no longer than this for it.
 */
export function longestWaits(timing: MachineTiming): { deadline: number; smsRetry: number } {
  const { cancelWindowMs, voiceCancelWindowMs = 0, ringMs, keyWaitMs, acceptAfterActiveMs, nextCallPauseMs, cyclePauseMs } = timing;
  const longestRedial = redialPause(timing, DIALS_PER_NUMBER - 2);
  return {
    deadline: Math.max(cancelWindowMs, voiceCancelWindowMs, ringMs, keyWaitMs, acceptAfterActiveMs, nextCallPauseMs, cyclePauseMs, longestRedial),
    smsRetry: timing.smsRetryMaxMs ?? SMS_RETRY_MAX_MS,
  };
}

/** When the runner must feed `{ type: 'deadline' }` (or the cancel window's end), if ever. */
export function nextDeadline(alarm: Alarm): number | undefined {
  const p = alarm.phase;
  switch (p.name) {
    case 'cancel-window':
      return p.deadline;
    case 'calling':
      return p.attempt.deadline;
    case 'between-calls':
      return p.resumeAt;
    default:
      return undefined;
  }
}

/** When the runner must feed `{ type: 'sms-retry' }`, if ever. */
export function nextSmsRetry(alarm: Alarm): number | undefined {
  if (!isOpen(alarm)) return undefined;
  const due = (alarm.sms ?? []).flatMap((d) => (d.state === 'failed' && d.retryAt !== undefined ? [d.retryAt] : []));
  return due.length > 0 ? Math.min(...due) : undefined;
}

export function transition(alarm: Alarm, input: AlarmInput, plan: readonly DialTarget[], now: number, timing: MachineTiming): Step {
  const same: Step = { alarm, effects: [] };
  // What reached a contact stays on the record even once the alarm is closed.
  if (input.type === 'sms-result') return onSmsResult(alarm, input, plan, now, timing);
  const p = alarm.phase;
  if (p.name === 'closed') return same;

  switch (input.type) {
    case 'retrigger':
      // A press is deliberate where speech may not be (a television, a bystander): it confirms
      // a spoken alarm, which then calls at once and can no longer be called off by voice.
      if (p.name === 'cancel-window' && alarm.source === 'voice' && (input.source === 'button' || input.source === 'screen')) {
        const calling = startCalling(alarm, 0, plan, now, timing, [{ code: 'confirmed-by-press', source: input.source }]);
        return { ...calling, effects: [...calling.effects, { type: 'buzz', ms: 200 }] };
      }
      // One alarm per emergency: a second press re-assures, it does not open another.
      return {
        alarm,
        event: [{ code: 'pressed-again', source: input.source }],
        effects: [{ type: 'announce', what: p.name === 'acknowledged' ? 'help-coming' : 'still-open' }, { type: 'buzz', ms: 200 }],
      };

    case 'cancel':
      if (p.name === 'acknowledged') return same;
      // Checked here, when the cancel is applied, not when it was heard: by then the window may
      // have closed and a call be ringing.
      if (input.by === 'voice' && !voiceMayCancel(alarm)) return same;
      return close(alarm, 'cancelled', now, input.who, p.name === 'calling', [{ code: 'cancelled', by: input.by }]);

    case 'ack':
      if (p.name === 'acknowledged') return same;
      return acknowledge(alarm, input.by, now, input.who, p.name === 'calling');

    case 'close':
      return close(alarm, input.outcome, now, input.who, p.name === 'calling', [{ code: 'closed', outcome: input.outcome }]);

    case 'resume':
      return resume(alarm, plan, now, timing);

    case 'cancel-window-elapsed':
      if (p.name !== 'cancel-window') return same;
      return startCalling(alarm, 0, plan, now, timing, [{ code: 'cancel-window-over' }]);

    case 'deadline':
      return onDeadline(alarm, plan, now, timing);

    case 'dial-failed':
      if (p.name !== 'calling') return same;
      return onDialFailed(alarm, p.attempt, input, plan, now, timing);

    case 'call-state':
      if (p.name !== 'calling') return same;
      return onCallState(alarm, p.attempt, input, plan, now, timing);

    case 'key':
      if (p.name !== 'calling' || p.attempt.state !== 'answered' || !KEYS.test(input.key)) return same;
      return acknowledge(alarm, 'contact', now, plan[p.attempt.target]?.name, true, [{ code: 'key-pressed', key: input.key }]);

    case 'sms-retry':
      return retrySms(alarm, now);
  }
}

/** Every contact number once (the plan rings them round after round). */
function smsNumbers(plan: readonly DialTarget[]): string[] {
  return [...new Set(plan.filter((t) => t.kind === 'contact').map((t) => t.phone))];
}

const contactName = (plan: readonly DialTarget[], phone: string): string => plan.find((t) => t.phone === phone)?.name ?? phone;

/** The alarm with its SMS due, and the sends to start; unchanged if it was due already. */
function smsDue(alarm: Alarm, plan: readonly DialTarget[]): { alarm: Alarm; effects: Effect[] } {
  if (alarm.sms) return { alarm, effects: [] };
  const sms = smsNumbers(plan).map((to): SmsDelivery => ({ to, state: 'sending', attempts: 1 }));
  return { alarm: { ...alarm, sms }, effects: sms.map((d) => ({ type: 'sms', to: d.to })) };
}

function onSmsResult(alarm: Alarm, input: Extract<AlarmInput, { type: 'sms-result' }>, plan: readonly DialTarget[], now: number, timing: MachineTiming): Step {
  const delivery = alarm.sms?.find((d) => d.to === input.to);
  if (!delivery || delivery.state !== 'sending') return { alarm, effects: [] };
  const who = contactName(plan, input.to);
  let updated: SmsDelivery;
  let event: AlarmEvent;
  if (input.ok) {
    updated = { to: delivery.to, state: 'sent', attempts: delivery.attempts };
    event = [{ code: 'sms-sent', who }];
  } else if (isOpen(alarm)) {
    const first = timing.smsRetryMs ?? SMS_RETRY_MS;
    const pause = Math.min(first * 2 ** (delivery.attempts - 1), timing.smsRetryMaxMs ?? SMS_RETRY_MAX_MS);
    updated = { to: delivery.to, state: 'failed', attempts: delivery.attempts, retryAt: now + pause };
    event = [{ code: 'sms-failed', who, ...(input.error ? { error: input.error } : {}), retryInS: Math.round(pause / 1000) }];
  } else {
    updated = { to: delivery.to, state: 'failed', attempts: delivery.attempts };
    event = [{ code: 'sms-failed', who, ...(input.error ? { error: input.error } : {}) }];
  }
  return { alarm: { ...alarm, sms: alarm.sms!.map((d) => (d === delivery ? updated : d)) }, event, effects: [] };
}

function retrySms(alarm: Alarm, now: number): Step {
  const due = (alarm.sms ?? []).filter((d) => d.state === 'failed' && d.retryAt !== undefined && d.retryAt <= now);
  if (due.length === 0) return { alarm, effects: [] };
  const sms = alarm.sms!.map((d): SmsDelivery => (due.includes(d) ? { to: d.to, state: 'sending', attempts: d.attempts + 1 } : d));
  return { alarm: { ...alarm, sms }, event: [{ code: 'sms-resending' }], effects: due.map((d) => ({ type: 'sms', to: d.to })) };
}

function onDialFailed(
  alarm: Alarm,
  attempt: Attempt,
  input: Extract<AlarmInput, { type: 'dial-failed' }>,
  plan: readonly DialTarget[],
  now: number,
  timing: MachineTiming,
): Step {
  const redials = attempt.redials ?? 0;
  if (input.fault === 'number' || redials + 1 >= DIALS_PER_NUMBER) {
    return nextCall(alarm, attempt.target, plan, now, timing, [{ code: 'dial-failed', reason: input.reason }], false);
  }
  // The SMS still goes: a module with no voice service (LTE without VoLTE) may yet send it.
  const sms = smsDue(alarm, plan);
  const pause = redialPause(timing, redials);
  return {
    alarm: { ...sms.alarm, phase: { name: 'between-calls', next: attempt.target, resumeAt: now + pause, redials: redials + 1 } },
    event: [{ code: 'dial-failed', reason: input.reason, redialInS: Math.round(pause / 1000) }],
    effects: sms.effects,
  };
}

function onCallState(
  alarm: Alarm,
  attempt: Attempt,
  input: Extract<AlarmInput, { type: 'call-state' }>,
  plan: readonly DialTarget[],
  now: number,
  timing: MachineTiming,
): Step {
  if (input.state === 'alerting') {
    if (attempt.state !== 'dialling') return { alarm, effects: [] };
    // Dial first, SMS while it rings: one AT channel, and an SMS holds it for seconds.
    const sms = smsDue(alarm, plan);
    const next: Alarm = { ...sms.alarm, phase: { name: 'calling', attempt: { ...attempt, state: 'ringing' } } };
    return { alarm: next, event: [{ code: 'ringing', who: plan[attempt.target]?.name ?? '' }], effects: sms.effects };
  }
  if (input.state === 'active') {
    if (attempt.state === 'answered') return { alarm, effects: [] };
    // Answered before it was ever seen ringing: the SMS goes now.
    const sms = smsDue(alarm, plan);
    const needsKey = input.keyConfirm !== false;
    const answered: Attempt = {
      ...attempt,
      state: 'answered',
      needsKey,
      deadline: now + (needsKey ? timing.keyWaitMs : timing.acceptAfterActiveMs),
    };
    return {
      alarm: { ...sms.alarm, phase: { name: 'calling', attempt: answered } },
      event: [{ code: 'answered', who: plan[attempt.target]?.name ?? 'contact', waitingForKey: needsKey }],
      effects: [{ type: 'announce', what: 'answered' }, ...sms.effects],
    };
  }
  // A module that reset, failed or found no network before the call even rang let the number
  // down, not the contact.
  if (attempt.state === 'dialling' && (input.reason === 'reset' || input.reason === 'error' || input.reason === 'no-dialtone')) {
    return onDialFailed(alarm, attempt, { type: 'dial-failed', reason: input.reason, fault: 'modem' }, plan, now, timing);
  }
  return nextCall(alarm, attempt.target, plan, now, timing, [{ code: 'call-ended', ...(input.reason ? { reason: input.reason } : {}) }], false);
}

function onDeadline(alarm: Alarm, plan: readonly DialTarget[], now: number, timing: MachineTiming): Step {
  const p = alarm.phase;
  const due = nextDeadline(alarm);
  if (due === undefined || now < due) return { alarm, effects: [] };
  if (p.name === 'cancel-window') return startCalling(alarm, 0, plan, now, timing, [{ code: 'cancel-window-over' }]);
  if (p.name === 'between-calls') return startCalling(alarm, p.next, plan, now, timing, [{ code: p.redials === undefined ? 'calling-next' : 'redialling' }], p.redials);
  if (p.name !== 'calling') return { alarm, effects: [] };
  const { attempt } = p;
  if (attempt.state === 'answered' && attempt.needsKey === false) {
    return acknowledge(alarm, 'contact', now, plan[attempt.target]?.name, true, [{ code: 'call-stayed-active' }]);
  }
  const why: AlarmEvent = [{ code: attempt.state === 'answered' ? 'answered-no-key' : 'no-answer' }];
  return nextCall(alarm, attempt.target, plan, now, timing, why, true);
}

function startCalling(alarm: Alarm, target: number, plan: readonly DialTarget[], now: number, timing: MachineTiming, why: AlarmEvent, redials?: number): Step {
  if (plan.length === 0) {
    return {
      alarm: { ...alarm, phase: { name: 'awaiting-help' } },
      event: [...why, { code: 'no-numbers' }],
      // The countdown has ended; silence now would leave the person wondering whether anyone knows.
      effects: [{ type: 'announce', what: 'awaiting-help' }],
    };
  }
  const attempt: Attempt = { target, state: 'dialling', startedAt: now, deadline: now + timing.ringMs, ...(redials ? { redials } : {}) };
  return {
    alarm: { ...alarm, phase: { name: 'calling', attempt } },
    event: [...why, { code: 'calling', who: plan[target]!.name }],
    effects: [{ type: 'dial', target }, { type: 'announce', what: 'calling' }],
  };
}

/** Moves on after `target` failed; after the last number, pauses and starts the chain again. */
function nextCall(
  alarm: Alarm,
  target: number,
  plan: readonly DialTarget[],
  now: number,
  timing: MachineTiming,
  why: AlarmEvent,
  hangup: boolean,
): Step {
  // A chain whose calls never ring (busy, unreachable) still gets its SMS out, between calls.
  const sms = smsDue(alarm, plan);
  const effects: Effect[] = [...(hangup ? [{ type: 'hangup' } as const] : []), ...sms.effects];
  const last = target + 1 >= plan.length;
  if (!last) {
    return {
      alarm: { ...sms.alarm, phase: { name: 'between-calls', next: target + 1, resumeAt: now + timing.nextCallPauseMs } },
      event: why,
      effects,
    };
  }
  // Nobody accepted: never give up on an open alarm, but tell the duty centre each time round.
  return {
    alarm: { ...sms.alarm, exhaustedCycles: alarm.exhaustedCycles + 1, phase: { name: 'between-calls', next: 0, resumeAt: now + timing.cyclePauseMs } },
    event: [...why, { code: 'chain-restart' }],
    effects: [...effects, { type: 'notify', what: 'chain-exhausted' }, { type: 'announce', what: 'retrying' }],
  };
}

function acknowledge(alarm: Alarm, by: AckBy, now: number, who: string | undefined, hangup: boolean, why?: AlarmEvent): Step {
  return {
    alarm: { ...alarm, phase: { name: 'acknowledged', by, at: now, ...(who ? { who } : {}) } },
    event: why ?? [{ code: 'acknowledged', by }],
    effects: [
      ...(hangup ? [{ type: 'hangup' } as const] : []),
      { type: 'announce', what: 'help-coming' },
      { type: 'led', mode: 'on' },
      // Someone who fell by a button out of sight and earshot of the screen has only the box's
      // buzzer to hear: one long tone, unlike the short beeps of raising and pressing again
      // (facts/emergency.md §3.3: alarm units sound when the centre has the call).
      { type: 'buzz', ms: 1_500 },
      { type: 'notify', what: 'acknowledged' },
    ],
  };
}

function close(alarm: Alarm, outcome: Outcome, now: number, who: string | undefined, hangup: boolean, why: AlarmEvent): Step {
  return {
    alarm: { ...alarm, phase: { name: 'closed', outcome, at: now, ...(who ? { who } : {}) } },
    event: why,
    effects: [
      ...(hangup ? [{ type: 'hangup' } as const] : []),
      { type: 'announce', what: outcome === 'cancelled' ? 'cancelled' : 'closed' },
      { type: 'led', mode: 'off' },
      { type: 'notify', what: 'closed' },
    ],
  };
}

function resume(alarm: Alarm, plan: readonly DialTarget[], now: number, timing: MachineTiming): Step {
  const p = alarm.phase;
  const reassure: Effect[] = [
    { type: 'led', mode: p.name === 'acknowledged' ? 'on' : 'blink' },
    { type: 'announce', what: p.name === 'acknowledged' ? 'help-coming' : 'still-open' },
  ];
  // An SMS still marked as sending was cut short by the stop: whether it left is unknown, so it goes again.
  const resend: Effect[] = (alarm.sms ?? []).filter((d) => d.state === 'sending').map((d) => ({ type: 'sms', to: d.to }));
  const sms = alarm.sms?.map((d): SmsDelivery => (d.state === 'sending' ? { ...d, attempts: d.attempts + 1 } : d));
  const resumed: Alarm = sms ? { ...alarm, sms } : alarm;
  if (p.name === 'calling') {
    // The call in progress at the crash is gone or orphaned: ring the same contact again (the
    // runner hangs up whatever the modem still holds before it dials). Its SMS after the dial.
    const restarted = startCalling(resumed, Math.min(p.attempt.target, Math.max(plan.length - 1, 0)), plan, now, timing, [{ code: 'resumed' }]);
    return { ...restarted, effects: [...reassure, ...restarted.effects.filter((e) => e.type !== 'announce'), ...resend] };
  }
  if (p.name === 'between-calls' && p.next >= plan.length) {
    return { alarm: { ...resumed, phase: { name: 'between-calls', next: 0, resumeAt: p.resumeAt } }, event: [{ code: 'resumed' }], effects: [...reassure, ...resend] };
  }
  if (p.name === 'awaiting-help' && plan.length > 0) {
    // Numbers were set up while the kiosk was down: the person waiting gets them called now.
    const calling = startCalling(resumed, 0, plan, now, timing, [{ code: 'resumed' }]);
    return { ...calling, effects: [...reassure, ...calling.effects.filter((e) => e.type !== 'announce'), ...resend] };
  }
  return { alarm: resumed, event: [{ code: 'resumed' }], effects: [...reassure, ...resend] };
}
