import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeEvent, eventPartSchema, eventText, storedEventText, type EventPart } from '../../../main/services/emergency/events.ts';
import {
  buildDialPlan,
  isOpen,
  nextDeadline,
  nextSmsRetry,
  raise,
  transition,
  type Alarm,
  type AlarmInput,
  type AlarmSource,
  type Effect,
  type MachineTiming,
} from '../../../main/services/emergency/machine.ts';

const T: MachineTiming = { cancelWindowMs: 10_000, ringMs: 30_000, keyWaitMs: 20_000, acceptAfterActiveMs: 10_000, nextCallPauseMs: 1_000, cyclePauseMs: 30_000 };
const plan = buildDialPlan(
  [
    { name: '王芳', phone: '13800000001', relation: '女儿' },
    { name: '李强', phone: '13800000002' },
  ],
  2,
  { name: '值班中心', phone: '12349' },
);

const smsTo = (effects: Effect[]): string[] => effects.flatMap((e) => (e.type === 'sms' ? [e.to] : []));

/** Runs inputs in order from a fresh alarm raised at t=0; returns every step. */
function run(inputs: [number, AlarmInput][], source: AlarmSource = 'button') {
  let alarm = raise('a1', source, 0, T).alarm;
  const steps = [];
  for (const [at, input] of inputs) {
    const step = transition(alarm, input, plan, at, T);
    steps.push(step);
    alarm = step.alarm;
  }
  return { alarm, steps, effects: steps.flatMap((s) => s.effects) };
}

describe('raising an alarm', () => {
  it('tells the person, lights the button, and tells the duty centre at once', () => {
    const { alarm, effects } = raise('a1', 'button', 1000, T);
    expect(alarm.phase).toEqual({ name: 'cancel-window', deadline: 11_000 });
    expect(effects).toEqual(
      expect.arrayContaining([{ type: 'announce', what: 'raised' }, { type: 'led', mode: 'blink' }, { type: 'notify', what: 'raised' }]),
    );
    expect(effects.some((e) => e.type === 'dial')).toBe(false);
  });

  it('builds the chain: every contact, round after round, then the fallback', () => {
    expect(plan.map((p) => p.name)).toEqual(['王芳', '李强', '王芳', '李强', '值班中心']);
    expect(plan.at(-1)?.kind).toBe('fallback');
  });
});

describe('the call chain', () => {
  it('dials the first contact when the cancel window ends, SMS once it rings', () => {
    const { alarm, effects } = run([
      [10_000, { type: 'cancel-window-elapsed' }],
      [12_000, { type: 'call-state', state: 'alerting' }],
    ]);
    expect(effects).toContainEqual({ type: 'dial', target: 0 });
    // Each contact once, though the plan rings them twice.
    expect(smsTo(effects)).toEqual(['13800000001', '13800000002']);
    expect(alarm.phase).toMatchObject({ name: 'calling', attempt: { target: 0, state: 'ringing' } });
  });

  it('answered and confirmed by a key → acknowledged by that contact, call hung up', () => {
    const { alarm, effects } = run([
      [10_000, { type: 'deadline' }],
      [12_000, { type: 'call-state', state: 'alerting' }],
      [15_000, { type: 'call-state', state: 'active', keyConfirm: true }],
      [18_000, { type: 'key', key: '1' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'acknowledged', by: 'contact', who: '王芳' });
    expect(effects).toContainEqual({ type: 'hangup' });
    expect(effects).toContainEqual({ type: 'notify', what: 'acknowledged' });
  });

  it('answered with no key (voicemail) → hung up after the key wait, next contact', () => {
    const { alarm, effects } = run([
      [10_000, { type: 'deadline' }],
      [15_000, { type: 'call-state', state: 'active', keyConfirm: true }],
      [35_000, { type: 'deadline' }],
      [36_000, { type: 'deadline' }],
    ]);
    expect(effects).toContainEqual({ type: 'hangup' });
    expect(alarm.phase).toMatchObject({ name: 'calling', attempt: { target: 1, state: 'dialling' } });
  });

  it('where keys cannot be asked for, a call active for 10 s counts as accepted', () => {
    const { alarm } = run([
      [10_000, { type: 'deadline' }],
      [15_000, { type: 'call-state', state: 'active', keyConfirm: false }],
      [25_000, { type: 'deadline' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'acknowledged', by: 'contact' });
  });

  it('a short answer that hangs up before 10 s is not acceptance', () => {
    const { alarm } = run([
      [10_000, { type: 'deadline' }],
      [15_000, { type: 'call-state', state: 'active', keyConfirm: false }],
      [18_000, { type: 'call-state', state: 'ended', reason: 'no-carrier' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'between-calls', next: 1 });
  });

  it('busy → next contact after a short pause', () => {
    const { alarm } = run([
      [10_000, { type: 'deadline' }],
      [11_000, { type: 'call-state', state: 'ended', reason: 'busy' }],
    ]);
    expect(alarm.phase).toEqual({ name: 'between-calls', next: 1, resumeAt: 12_000 });
    expect(nextDeadline(alarm)).toBe(12_000);
  });

  it('nobody answers → every contact twice, then the fallback, then the chain starts again', () => {
    const inputs: [number, AlarmInput][] = [[10_000, { type: 'deadline' }]];
    let t = 10_000;
    for (let i = 0; i < plan.length; i++) {
      t += T.ringMs;
      inputs.push([t, { type: 'deadline' }]); // ring timeout
      t += i + 1 < plan.length ? T.nextCallPauseMs : T.cyclePauseMs;
      inputs.push([t, { type: 'deadline' }]); // pause over, next dial
    }
    const { effects, alarm } = run(inputs);
    expect(effects.filter((e) => e.type === 'dial').map((e) => (e as { target: number }).target)).toEqual([0, 1, 2, 3, 4, 0]);
    expect(effects).toContainEqual({ type: 'notify', what: 'chain-exhausted' });
    expect(alarm.exhaustedCycles).toBe(1);
    expect(isOpen(alarm)).toBe(true);
  });

  it('the SMS goes out after the first failed call when no call ever rang', () => {
    const { effects, alarm } = run([
      [10_000, { type: 'deadline' }],
      [10_500, { type: 'call-state', state: 'ended', reason: 'busy' }],
      [11_500, { type: 'deadline' }],
      [12_000, { type: 'call-state', state: 'alerting' }],
    ]);
    expect(smsTo(effects)).toEqual(['13800000001', '13800000002']);
    expect(alarm.sms?.map((d) => d.state)).toEqual(['sending', 'sending']);
  });

  it('a dial the modem refuses is tried again on the same number, a growing pause apart, then the chain moves on', () => {
    const { alarm, steps, effects } = run([
      [10_000, { type: 'deadline' }],
      [10_050, { type: 'dial-failed', reason: 'no network', fault: 'modem' }],
      [13_050, { type: 'deadline' }],
      [13_100, { type: 'dial-failed', reason: 'no network', fault: 'modem' }],
      [19_100, { type: 'deadline' }],
      [19_150, { type: 'dial-failed', reason: 'no network', fault: 'modem' }],
    ]);
    expect(steps[1]!.alarm.phase).toEqual({ name: 'between-calls', next: 0, resumeAt: 13_050, redials: 1 });
    expect(steps[1]!.event).toEqual([{ code: 'dial-failed', reason: 'no network', redialInS: 3 }]);
    expect(steps[3]!.alarm.phase).toEqual({ name: 'between-calls', next: 0, resumeAt: 19_100, redials: 2 });
    expect(effects.filter((e) => e.type === 'dial')).toEqual([{ type: 'dial', target: 0 }, { type: 'dial', target: 0 }, { type: 'dial', target: 0 }]);
    // Three refusals of the same number: it may be that number alone, so the next is rung.
    expect(alarm.phase).toEqual({ name: 'between-calls', next: 1, resumeAt: 20_150 });
    // The SMS went with the first refusal: a module without voice service may still send it.
    expect(smsTo(steps[1]!.effects)).toEqual(['13800000001', '13800000002']);
  });

  it('the count is for one number: the next number refused gets its own redials', () => {
    const { steps } = run([
      [10_000, { type: 'deadline' }],
      [10_050, { type: 'dial-failed', reason: 'no network', fault: 'modem' }],
      [13_050, { type: 'deadline' }],
      [13_400, { type: 'call-state', state: 'ended', reason: 'busy' }],
      [14_400, { type: 'deadline' }],
      [14_450, { type: 'dial-failed', reason: 'no network', fault: 'modem' }],
    ]);
    expect(steps.at(-1)!.alarm.phase).toEqual({ name: 'between-calls', next: 1, resumeAt: 17_450, redials: 1 });
  });

  it('a modem that resets before the call rings has the same number dialled again; a busy line moves on', () => {
    const reset = run([
      [10_000, { type: 'deadline' }],
      [10_050, { type: 'call-state', state: 'ended', reason: 'reset' }],
    ]);
    expect(reset.alarm.phase).toEqual({ name: 'between-calls', next: 0, resumeAt: 13_050, redials: 1 });
    const noNetwork = run([
      [10_000, { type: 'deadline' }],
      [10_050, { type: 'call-state', state: 'ended', reason: 'no-dialtone' }],
    ]);
    expect(noNetwork.alarm.phase).toMatchObject({ name: 'between-calls', next: 0, redials: 1 });
    const busy = run([
      [10_000, { type: 'deadline' }],
      [10_050, { type: 'call-state', state: 'ended', reason: 'busy' }],
    ]);
    expect(busy.alarm.phase).toMatchObject({ name: 'between-calls', next: 1 });
  });

  it('a number the modem cannot dial at all moves on at once', () => {
    const { alarm } = run([
      [10_000, { type: 'deadline' }],
      [10_050, { type: 'dial-failed', reason: 'invalid characters in dial string', fault: 'number' }],
    ]);
    expect(alarm.phase).toEqual({ name: 'between-calls', next: 1, resumeAt: 11_050 });
  });

  it('keys pressed before the call is answered, or odd keys, do not acknowledge', () => {
    const { alarm } = run([
      [10_000, { type: 'deadline' }],
      [12_000, { type: 'key', key: '1' }],
      [15_000, { type: 'call-state', state: 'active', keyConfirm: true }],
      [16_000, { type: 'key', key: 'A' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'calling', attempt: { state: 'answered' } });
  });

  it('with no numbers configured, waits for the duty centre or staff instead of dialling, and says so', () => {
    const raised = raise('a1', 'screen', 0, T).alarm;
    const step = transition(raised, { type: 'deadline' }, [], 10_000, T);
    expect(step.alarm.phase).toEqual({ name: 'awaiting-help' });
    expect(step.effects.some((e) => e.type === 'dial')).toBe(false);
    expect(step.effects).toContainEqual({ type: 'announce', what: 'awaiting-help' });
  });
});

describe('cancel, acknowledge, close', () => {
  it('cancel in the window closes with outcome cancelled; the duty centre is told', () => {
    const { alarm, effects } = run([[3_000, { type: 'cancel', by: 'person' }]]);
    expect(alarm.phase).toMatchObject({ name: 'closed', outcome: 'cancelled' });
    expect(effects).toContainEqual({ type: 'notify', what: 'closed' });
    expect(effects).toContainEqual({ type: 'led', mode: 'off' });
  });

  it('cancel while ringing hangs up', () => {
    const { alarm, effects } = run([
      [10_000, { type: 'deadline' }],
      [12_000, { type: 'call-state', state: 'alerting' }],
      [13_000, { type: 'cancel', by: 'person' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'closed', outcome: 'cancelled' });
    expect(effects).toContainEqual({ type: 'hangup' });
  });

  it('the duty centre acknowledges at any open phase; staff then close with an outcome', () => {
    const { alarm } = run([
      [5_000, { type: 'ack', by: 'duty-centre' }],
      [60_000, { type: 'close', outcome: 'resolved', who: 'staff' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'closed', outcome: 'resolved', who: 'staff' });
  });

  it('help confirmed, by a contact or the duty centre: the person hears it at the button too, not only on the screen', () => {
    const byKey = run([
      [10_000, { type: 'deadline' }],
      [15_000, { type: 'call-state', state: 'active', keyConfirm: true }],
      [18_000, { type: 'key', key: '1' }],
    ]).steps.at(-1)!.effects;
    const byCentre = run([[5_000, { type: 'ack', by: 'duty-centre' }]]).steps.at(-1)!.effects;
    const raiseBeep = raise('a1', 'button', 0, T).effects.find((e) => e.type === 'buzz');
    for (const effects of [byKey, byCentre]) {
      expect(effects).toContainEqual({ type: 'announce', what: 'help-coming' });
      expect(effects).toContainEqual({ type: 'led', mode: 'on' });
      const beep = effects.find((e) => e.type === 'buzz');
      // Someone who fell out of sight of the screen and the light has only the buzzer to go by.
      expect(beep).toBeDefined();
      expect(beep).not.toEqual(raiseBeep);
    }
  });

  it('an acknowledged alarm cannot be cancelled by the person, only closed by staff', () => {
    const { alarm } = run([
      [5_000, { type: 'ack', by: 'staff' }],
      [6_000, { type: 'cancel', by: 'person' }],
    ]);
    expect(alarm.phase.name).toBe('acknowledged');
  });

  it('a second press re-announces and changes nothing else', () => {
    const before = raise('a1', 'button', 0, T).alarm;
    const step = transition(before, { type: 'retrigger', source: 'button' }, plan, 2_000, T);
    expect(step.alarm).toBe(before);
    expect(step.effects).toContainEqual({ type: 'announce', what: 'still-open' });
  });
});

describe('an alarm raised by voice', () => {
  it('a press in its cancel window confirms it: calling starts at once, as when the window ends', () => {
    for (const source of ['button', 'screen'] as const) {
      const { alarm, effects } = run([[3_000, { type: 'retrigger', source }]], 'voice');
      expect(alarm.phase).toMatchObject({ name: 'calling', attempt: { target: 0, state: 'dialling', startedAt: 3_000 } });
      expect(effects).toContainEqual({ type: 'dial', target: 0 });
      expect(effects).toContainEqual({ type: 'announce', what: 'calling' });
    }
  });

  it('once confirmed by a press, a spoken 取消 no longer calls it off; the screen still can', () => {
    const confirmed = run([[3_000, { type: 'retrigger', source: 'button' }]], 'voice').alarm;
    const heard = transition(confirmed, { type: 'cancel', by: 'voice' }, plan, 4_000, T);
    expect(heard.alarm).toBe(confirmed);
    expect(heard.effects).toEqual([]);
    const tapped = transition(confirmed, { type: 'cancel', by: 'person' }, plan, 4_000, T);
    expect(tapped.alarm.phase).toMatchObject({ name: 'closed', outcome: 'cancelled' });
    expect(tapped.effects).toContainEqual({ type: 'hangup' });
  });

  it('said again (救命) in the window, it re-assures and keeps its window', () => {
    const raised = raise('a1', 'voice', 0, T).alarm;
    const step = transition(raised, { type: 'retrigger', source: 'voice' }, plan, 2_000, T);
    expect(step.alarm).toBe(raised);
    expect(step.effects).toContainEqual({ type: 'announce', what: 'still-open' });
  });

  it('a press after the window re-assures as for any alarm', () => {
    const calling = run([[10_000, { type: 'deadline' }]], 'voice').alarm;
    const step = transition(calling, { type: 'retrigger', source: 'button' }, plan, 12_000, T);
    expect(step.alarm).toBe(calling);
    expect(step.effects).toEqual([{ type: 'announce', what: 'still-open' }, { type: 'buzz', ms: 200 }]);
  });

  it('a spoken 取消 cancels it in its window', () => {
    const { alarm } = run([[3_000, { type: 'cancel', by: 'voice' }]], 'voice');
    expect(alarm.phase).toMatchObject({ name: 'closed', outcome: 'cancelled' });
  });

  it('a spoken 取消 that is applied after the window closed does nothing, even if it was heard in time', () => {
    const calling = run([[10_000, { type: 'deadline' }]], 'voice').alarm;
    expect(transition(calling, { type: 'cancel', by: 'voice' }, plan, 10_001, T).alarm).toBe(calling);
  });

  it('a spoken 取消 never calls off an alarm raised by a press or a tap', () => {
    for (const source of ['button', 'screen', 'staff'] as const) {
      const raised = raise('a1', source, 0, T).alarm;
      expect(transition(raised, { type: 'cancel', by: 'voice' }, plan, 1_000, T).alarm).toBe(raised);
    }
  });
});

describe('the location SMS', () => {
  const ringing = (): Alarm =>
    run([
      [10_000, { type: 'deadline' }],
      [12_000, { type: 'call-state', state: 'alerting' }],
    ]).alarm;

  it('a delivered SMS is recorded and never sent again', () => {
    const step = transition(ringing(), { type: 'sms-result', to: '13800000001', ok: true }, plan, 13_000, T);
    expect(step.alarm.sms).toEqual([
      { to: '13800000001', state: 'sent', attempts: 1 },
      { to: '13800000002', state: 'sending', attempts: 1 },
    ]);
    expect(describeEvent(step.event!)).toBe('location SMS to 王芳 sent');
    expect(smsTo(transition(step.alarm, { type: 'resume' }, plan, 20_000, T).effects)).toEqual(['13800000002']);
  });

  it('a failed SMS is recorded in words for staff and sent again after a pause that doubles, up to a bound', () => {
    const timing: MachineTiming = { ...T, smsRetryMs: 10_000, smsRetryMaxMs: 25_000 };
    let alarm = ringing();
    const pauses: number[] = [];
    let t = 13_000;
    for (let i = 0; i < 4; i++) {
      const failed = transition(alarm, { type: 'sms-result', to: '13800000002', ok: false, error: '+CMS ERROR: 310' }, plan, t, timing);
      expect(describeEvent(failed.event!)).toMatch(/^location SMS to 李强 failed \(\+CMS ERROR: 310\); trying again in \d+ s$/);
      const due = nextSmsRetry(failed.alarm)!;
      pauses.push(due - t);
      // Not before its time.
      expect(transition(failed.alarm, { type: 'sms-retry' }, plan, due - 1, timing).effects).toEqual([]);
      const retry = transition(failed.alarm, { type: 'sms-retry' }, plan, due, timing);
      expect(retry.effects).toEqual([{ type: 'sms', to: '13800000002' }]);
      expect(retry.alarm.sms?.[1]).toEqual({ to: '13800000002', state: 'sending', attempts: i + 2 });
      expect(nextSmsRetry(retry.alarm)).toBeUndefined();
      alarm = retry.alarm;
      t = due + 5_000;
    }
    expect(pauses).toEqual([10_000, 20_000, 25_000, 25_000]);
    const sent = transition(alarm, { type: 'sms-result', to: '13800000002', ok: true }, plan, t, timing);
    expect(sent.alarm.sms?.[1]).toEqual({ to: '13800000002', state: 'sent', attempts: 5 });
  });

  it('one cut short by a crash is sent again on resume', () => {
    const step = transition(ringing(), { type: 'resume' }, plan, 60_000, T);
    expect(smsTo(step.effects)).toEqual(['13800000001', '13800000002']);
    // After the redial, so the call is not held up behind them.
    expect(step.effects.findIndex((e) => e.type === 'dial')).toBeLessThan(step.effects.findIndex((e) => e.type === 'sms'));
    expect(step.alarm.sms?.map((d) => d.attempts)).toEqual([2, 2]);
  });

  it('stops trying once the alarm closes, but still records what happened', () => {
    const failed = transition(ringing(), { type: 'sms-result', to: '13800000001', ok: false, error: 'timeout' }, plan, 13_000, T).alarm;
    const closed = transition(failed, { type: 'cancel', by: 'person' }, plan, 14_000, T).alarm;
    expect(nextSmsRetry(closed)).toBeUndefined();
    expect(transition(closed, { type: 'sms-retry' }, plan, 60_000, T).effects).toEqual([]);
    const late = transition(closed, { type: 'sms-result', to: '13800000002', ok: false, error: 'timeout' }, plan, 15_000, T);
    expect(late.alarm.phase.name).toBe('closed');
    expect(late.alarm.sms?.[1]).toEqual({ to: '13800000002', state: 'failed', attempts: 1 });
    expect(nextSmsRetry(late.alarm)).toBeUndefined();
    expect(describeEvent(late.event!)).toMatch(/not sent again/);
  });

  it('with no contacts (only the fallback), there is no SMS to send', () => {
    const fallbackOnly = buildDialPlan([], 2, { name: '值班中心', phone: '12349' });
    const calling = transition(raise('a1', 'button', 0, T).alarm, { type: 'deadline' }, fallbackOnly, 10_000, T).alarm;
    const step = transition(calling, { type: 'call-state', state: 'alerting' }, fallbackOnly, 11_000, T);
    expect(smsTo(step.effects)).toEqual([]);
    expect(step.alarm.sms).toEqual([]);
  });
});

describe('resuming after a crash', () => {
  it('a call in progress: ring the same contact again', () => {
    const { alarm } = run([
      [10_000, { type: 'deadline' }],
      [11_000, { type: 'deadline' }],
      [41_000, { type: 'deadline' }],
      [42_000, { type: 'deadline' }],
    ]);
    expect(alarm.phase).toMatchObject({ name: 'calling', attempt: { target: 1 } });
    const step = transition(alarm, { type: 'resume' }, plan, 50_000, T);
    expect(step.effects).toContainEqual({ type: 'dial', target: 1 });
    expect(step.effects).toContainEqual({ type: 'led', mode: 'blink' });
    expect(step.alarm.phase).toMatchObject({ name: 'calling', attempt: { target: 1, state: 'dialling', startedAt: 50_000 } });
  });

  it('an alarm that waited with no numbers calls the ones set up while the kiosk was down', () => {
    const raised = raise('a1', 'button', 0, T).alarm;
    const waiting = transition(raised, { type: 'deadline' }, [], 10_000, T).alarm;
    expect(waiting.phase).toEqual({ name: 'awaiting-help' });
    expect(transition(waiting, { type: 'resume' }, [], 60_000, T).alarm.phase).toEqual({ name: 'awaiting-help' });
    const resumed = transition(waiting, { type: 'resume' }, plan, 60_000, T);
    expect(resumed.alarm.phase).toMatchObject({ name: 'calling', attempt: { target: 0, state: 'dialling' } });
    expect(resumed.effects).toContainEqual({ type: 'dial', target: 0 });
    expect(resumed.effects).toContainEqual({ type: 'announce', what: 'still-open' });
  });

  it('a cancel window that ran out while the kiosk was down ends at the next deadline input', () => {
    const raised = raise('a1', 'button', 0, T).alarm;
    const resumed = transition(raised, { type: 'resume' }, plan, 60_000, T);
    expect(nextDeadline(resumed.alarm)).toBeLessThanOrEqual(60_000);
    expect(transition(resumed.alarm, { type: 'deadline' }, plan, 60_000, T).effects).toContainEqual({ type: 'dial', target: 0 });
  });
});

describe('invariants (property)', () => {
  const input = fc.oneof(
    fc.constant<AlarmInput>({ type: 'deadline' }),
    fc.constant<AlarmInput>({ type: 'cancel-window-elapsed' }),
    fc.constantFrom<AlarmInput>(
      { type: 'call-state', state: 'alerting' },
      { type: 'call-state', state: 'active', keyConfirm: true },
      { type: 'call-state', state: 'active', keyConfirm: false },
      { type: 'call-state', state: 'ended', reason: 'busy' },
      { type: 'dial-failed', reason: 'x', fault: 'modem' },
      { type: 'dial-failed', reason: 'x', fault: 'number' },
      { type: 'key', key: '1' },
      { type: 'retrigger', source: 'button' },
      { type: 'resume' },
      { type: 'ack', by: 'staff' },
      { type: 'cancel', by: 'person' },
      { type: 'cancel', by: 'voice' },
      { type: 'retrigger', source: 'screen' },
      { type: 'close', outcome: 'resolved' },
      { type: 'sms-retry' },
    ),
    fc.constantFrom('13800000001', '13800000002').chain((to) =>
      fc.constantFrom<AlarmInput>({ type: 'sms-result', to, ok: true }, { type: 'sms-result', to, ok: false, error: 'x' }),
    ),
  );
  it('never reopens a closed alarm, never dials outside the plan, never texts a contact twice unless the last one failed or was cut short', () => {
    fc.assert(
      fc.property(fc.constantFrom<AlarmSource>('button', 'voice'), fc.array(fc.tuple(fc.nat(20_000), input), { maxLength: 60 }), (source, seq) => {
        let alarm: Alarm = raise('p', source, 0, T).alarm;
        let t = 0;
        let closed = false;
        for (const [dt, i] of seq) {
          t += dt;
          const step = transition(alarm, i, plan, t, T);
          for (const e of step.effects) {
            if (e.type === 'dial') expect(e.target).toBeGreaterThanOrEqual(0), expect(e.target).toBeLessThan(plan.length);
            if (e.type === 'sms') {
              const before = alarm.sms?.find((d) => d.to === e.to);
              expect(before === undefined || before.state === 'failed' || (i.type === 'resume' && before.state === 'sending')).toBe(true);
            }
          }
          if (closed) expect(step.alarm.phase.name).toBe('closed');
          closed ||= step.alarm.phase.name === 'closed';
          alarm = step.alarm;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** One of every step, as the machine would give it. */
const EVENT_SAMPLES: EventPart[] = [
  { code: 'raised' },
  { code: 'pressed-again', source: 'button' },
  { code: 'confirmed-by-press', source: 'screen' },
  { code: 'cancel-window-over' },
  { code: 'calling-next' },
  { code: 'calling', who: '王芳' },
  { code: 'no-numbers' },
  { code: 'ringing', who: '王芳' },
  { code: 'answered', who: '王芳', waitingForKey: true },
  { code: 'key-pressed', key: '1' },
  { code: 'call-stayed-active' },
  { code: 'no-answer' },
  { code: 'answered-no-key' },
  { code: 'call-ended', reason: 'busy' },
  { code: 'call-ended' },
  { code: 'dial-failed', reason: 'NO CARRIER' },
  { code: 'dial-failed', reason: '+CME ERROR: 30', redialInS: 3 },
  { code: 'redialling' },
  { code: 'chain-restart' },
  { code: 'acknowledged', by: 'duty-centre' },
  { code: 'cancelled', by: 'voice' },
  { code: 'closed', outcome: 'false-alarm' },
  { code: 'sms-sent', who: '李强' },
  { code: 'sms-failed', who: '李强', error: '+CMS ERROR: 500', retryInS: 15 },
  { code: 'sms-failed', who: '李强' },
  { code: 'sms-resending' },
  { code: 'resumed' },
];

describe('the words of an alarm\'s timeline', () => {
  it('has a sample of every kind of step', () => {
    expect(new Set(EVENT_SAMPLES.map((e) => e.code))).toEqual(new Set(eventPartSchema.options.map((o) => o.shape.code.value)));
  });

  it('says each step in English for the record and in Chinese for hall staff', () => {
    const event = [{ code: 'no-answer' }, { code: 'chain-restart' }] as const;
    expect(describeEvent(event)).toBe('no answer in time; nobody accepted, starting again');
    expect(eventText(event).zh).toBe('到时间没有人接；所有号码都没有人接受，从头再打');
    expect(eventText([{ code: 'sms-failed', who: '王芳', error: '+CMS ERROR: 500', retryInS: 30 }]).zh).toBe(
      '给王芳的位置短信没有发出（+CMS ERROR: 500）；30 秒后再发',
    );
    // How a call ended is said in words; a modem's own error text is kept as it came.
    expect(eventText([{ code: 'call-ended', reason: 'busy' }]).zh).toBe('通话结束（对方占线）');
    expect(eventText([{ code: 'dial-failed', reason: 'no-dialtone', redialInS: 3 }]).zh).toBe('拨号失败：没有网络；3 秒后再拨同一个号码');
    expect(eventText([{ code: 'dial-failed', reason: 'ATD: cme 10 SIM not inserted' }]).zh).toBe('拨号失败：ATD: cme 10 SIM not inserted');
  });

  it('reads a stored step back in both languages, and gives nothing for a row without its parts', () => {
    const detail = JSON.stringify({ input: 'deadline', event: [{ code: 'cancel-window-over' }, { code: 'calling', who: '李强' }] });
    expect(storedEventText(detail)).toEqual({ zh: '倒计时结束；正在给李强打电话', en: 'cancel window over; calling 李强' });
    for (const old of ['{"input":"deadline","phase":"calling"}', '{not json', 'null', '{"event":[{"code":"exploded"}]}', '{"event":[]}']) {
      expect(storedEventText(old)).toBeUndefined();
    }
  });

  it('words every step a run of the machine takes, in both languages, without a gap', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENT_SAMPLES), { minLength: 1, maxLength: 3 }), (event) => {
        const text = eventText(event);
        expect(text.zh).not.toMatch(/undefined|^$|；；/);
        expect(text.en).not.toMatch(/undefined|^$|; ;/);
      }),
    );
  });
});
