import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { refusedForTheNumber } from '../../../drivers/modem/interpreter.ts';
import { setDeadlineTimer } from '../../core/deadline-timer.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store, StoreTx } from '../../store/database.ts';
import type { HealthService } from '../health/service.ts';
import {
  buildDialPlan,
  isOpen,
  longestWaits,
  nextDeadline,
  nextSmsRetry,
  raise,
  voiceMayCancel,
  transition,
  type Alarm,
  type AlarmInput,
  type AlarmSource,
  type DialTarget,
  type Effect,
  type MachineTiming,
  type Step,
} from './machine.ts';
import { describeEvent } from './events.ts';
import { callPrompt, smsText, type Place } from './messages.ts';
import { enqueueOutbox } from '../fleet/outbox.ts';
import { appendEvent, insertAlarm, loadOpenAlarms, updateAlarm } from './records.ts';
import { toView, type AlarmView } from './view.ts';

type StoreWrite = (tx: StoreTx) => Promise<void>;

/** How soon refused alarm writes are tried again. */
const REWRITE_MS = 5_000;

/** The parts of the button driver the alarm needs. */
export interface AlarmButton {
  setLed(mode: 'off' | 'on' | 'blink'): Promise<void>;
  buzz(ms: number): Promise<void>;
}

export interface CallStateEvent {
  state: 'dialling' | 'alerting' | 'active' | 'ended';
  reason?: string;
}

/** The parts of the modem driver the alarm needs. */
export interface AlarmModem {
  dial(number: string): Promise<void>;
  hangup(): Promise<void>;
  listCalls(): Promise<unknown[]>;
  sendSms(number: string, text: string): Promise<unknown>;
  enableDtmfDetection(): Promise<'ok' | 'unsupported'>;
  speakIntoCall(text: string): Promise<'ok' | 'unsupported'>;
  on(event: 'call', listener: (e: CallStateEvent) => void): () => void;
  on(event: 'dtmf', listener: (e: { key: string }) => void): () => void;
}

export interface EmergencyOptions {
  store: Store;
  log: Logger;
  events: EventBus;
  button: AlarmButton;
  modem: AlarmModem;
  place: Place;
  contacts: readonly { name: string; phone: string; relation?: string }[];
  fallback?: { name: string; phone: string };
  rounds: number;
  timing: MachineTiming;
  /** Where staff are told that alarms are not reaching the store. */
  health: Pick<HealthService, 'report'>;
  /** Topic prefix for the duty-centre outbox (fleet link). */
  topicPrefix: string;
  now?: () => number;
}

/**
 * Runs alarms: every input goes through the pure machine, the new state (with its event and any
 * duty-centre outbox row) is committed in one transaction, and only then are the effects carried
 * out. Inputs are handled one at a time, in order.
 *
 * If the store refuses the commit (a full or read-only card, a file another program holds locked),
 * the alarm still goes on from memory: someone on the floor must hear that help is coming and the
 * call must go out, record or no record. Staff are told the record is behind, and the refused
 * writes are tried again, in order, until they take.
 */
export class EmergencyService {
  readonly #o: EmergencyOptions;
  readonly #plan: DialTarget[];
  readonly #now: () => number;
  readonly #alarms = new Map<string, Alarm>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #smsTimers = new Map<string, NodeJS.Timeout>();
  readonly #unsubscribe: (() => void)[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  /** SMS go one at a time, outside the queue, so a dial can slip in between two of them. */
  #smsLine: Promise<void> = Promise.resolve();
  /** Per alarm, writes the store refused, oldest first; they go in ahead of that alarm's next one. */
  readonly #unwritten = new Map<string, StoreWrite[]>();
  #rewriteTimer: NodeJS.Timeout | undefined;
  #lastAnnouncement: { alarmId: string; what: string; seq: number } | undefined;
  #seq = 0;
  /**
   * Calls handed to the modem so far. A modem event counts only if no call was placed between its
   * report and its turn in the queue: the end of a call hung up late (a hang-up slower than the
   * pause, or one still held and hung up just before the next dial) comes with the next attempt
   * already committed. Taken for that call's, it moves the chain on and leaves the new call
   * ringing, to be hung up before the following dial, and so on round the chain for ever.
   */
  #dials = 0;
  #stopped = false;

  constructor(options: EmergencyOptions) {
    this.#o = options;
    this.#plan = buildDialPlan(options.contacts, options.rounds, options.fallback);
    this.#now = options.now ?? Date.now;
  }

  /** Resumes every alarm left open by a crash or power cut, and listens to the modem. */
  async start(): Promise<void> {
    this.#reportRecord(null);
    const m = this.#o.modem;
    this.#unsubscribe.push(
      m.on('call', (e) => {
        if (e.state === 'dialling') return;
        this.#feedActive({ type: 'call-state', state: e.state, ...(e.reason ? { reason: e.reason } : {}) });
      }),
      m.on('dtmf', (e) => this.#feedActive({ type: 'key', key: e.key })),
    );
    for (const row of await loadOpenAlarms(this.#o.store)) {
      this.#alarms.set(row.alarm.id, row.alarm);
      this.#o.log.warn({ alarmId: row.alarm.id, phase: row.alarm.phase.name }, 'resuming alarm left open at the last stop');
      await this.#enqueue(() => this.#apply(row.alarm.id, { type: 'resume' }));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const t of [...this.#timers.values(), ...this.#smsTimers.values()]) clearTimeout(t);
    clearTimeout(this.#rewriteTimer);
    this.#timers.clear();
    this.#smsTimers.clear();
    await this.#queue.catch(() => undefined);
  }

  /** A press, a tap on SOS, a spoken help phrase. Opens an alarm, or re-announces the open one. */
  trigger(source: AlarmSource, residentKey?: string): Promise<{ alarmId: string; created: boolean }> {
    return this.#enqueue(async () => {
      const open = this.#openAlarm();
      if (open) {
        await this.#apply(open.id, { type: 'retrigger', source });
        return { alarmId: open.id, created: false };
      }
      const now = this.#now();
      const step = raise(randomUUID(), source, now, this.#o.timing);
      await this.#record(step.alarm.id, async (tx) => {
        await insertAlarm(tx, step.alarm, this.#o.place.kioskId, residentKey, now);
        await appendEvent(tx, step.alarm.id, now, describeEvent(step.event), { source, event: step.event });
        await this.#writeOutbox(tx, step, now);
      });
      this.#alarms.set(step.alarm.id, step.alarm);
      this.#o.log.warn({ alarmId: step.alarm.id, source }, 'alarm raised');
      await this.#carryOut(step, undefined);
      return { alarmId: step.alarm.id, created: true };
    });
  }

  /** The cancel button on the screen (the person) or staff. */
  cancel(alarmId: string, by: 'person' | 'staff', who?: string): Promise<boolean> {
    return this.#enqueue(() => this.#apply(alarmId, { type: 'cancel', by, ...(who ? { who } : {}) }));
  }

  /**
   * A spoken 取消. It names no alarm: it applies to whichever is open when its turn in the queue
   * comes, and the machine decides then whether a voice may still call that one off.
   */
  cancelByVoice(): Promise<boolean> {
    return this.#enqueue(async () => {
      const open = this.#openAlarm();
      return open ? this.#apply(open.id, { type: 'cancel', by: 'voice' }) : false;
    });
  }

  /** Whether a spoken 取消 heard now is worth acting on; `cancelByVoice` checks again when it applies. */
  voiceCanCancel(): boolean {
    const open = this.#openAlarm();
    return open !== undefined && voiceMayCancel(open);
  }

  acknowledge(alarmId: string, by: 'duty-centre' | 'staff', who?: string): Promise<boolean> {
    return this.#enqueue(() => this.#apply(alarmId, { type: 'ack', by, ...(who ? { who } : {}) }));
  }

  close(alarmId: string, outcome: 'resolved' | 'false-alarm', who?: string): Promise<boolean> {
    return this.#enqueue(() => this.#apply(alarmId, { type: 'close', outcome, ...(who ? { who } : {}) }));
  }

  /** The open alarm as the person at the kiosk sees it, or null. */
  current(): AlarmView | null {
    const open = this.#openAlarm();
    return open ? toView(open, this.#plan, this.#announcementFor(open.id)) : null;
  }

  plan(): readonly DialTarget[] {
    return this.#plan;
  }

  #openAlarm(): Alarm | undefined {
    for (const alarm of this.#alarms.values()) if (isOpen(alarm)) return alarm;
    return undefined;
  }

  #announcementFor(alarmId: string): { what: string; seq: number } | undefined {
    const last = this.#lastAnnouncement;
    return last?.alarmId === alarmId ? { what: last.what, seq: last.seq } : undefined;
  }

  /** Modem events belong to whichever alarm is calling now, and to the call placed last (see #dials). */
  #feedActive(input: AlarmInput): void {
    const dials = this.#dials;
    void this.#enqueue(async () => {
      if (this.#dials !== dials) return;
      const calling = [...this.#alarms.values()].find((a) => a.phase.name === 'calling');
      if (!calling) return;
      if (input.type === 'call-state' && input.state === 'active') {
        // Ask for the key only where the contact can hear the question and the modem can hear the answer.
        // Asked on every answer: a modem that reset since the last call has forgotten it.
        const dtmf = await this.#o.modem.enableDtmfDetection().catch(() => 'unsupported' as const);
        const spoke = dtmf === 'ok' ? await this.#o.modem.speakIntoCall(callPrompt(this.#o.place)).catch(() => 'unsupported' as const) : 'unsupported';
        await this.#apply(calling.id, { ...input, keyConfirm: dtmf === 'ok' && spoke === 'ok' });
        return;
      }
      await this.#apply(calling.id, input);
    });
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch((err: unknown) => this.#o.log.error({ err }, 'emergency step failed'));
    return run;
  }

  /** One input for one alarm: transition, commit, then act. `due`: a timer's deadline (setDeadlineTimer). */
  async #apply(alarmId: string, input: AlarmInput, due = -Infinity): Promise<boolean> {
    const alarm = this.#alarms.get(alarmId);
    if (!alarm) return false;
    const now = Math.max(this.#now(), due);
    const step = transition(alarm, input, this.#plan, now, this.#o.timing);
    if (step.alarm === alarm && step.effects.length === 0) return false;
    await this.#record(alarmId, async (tx) => {
      await updateAlarm(tx, step.alarm, now);
      await appendEvent(tx, alarmId, now, step.event ? describeEvent(step.event) : input.type, {
        input: input.type,
        phase: step.alarm.phase.name,
        ...(step.event ? { event: step.event } : {}),
      });
      await this.#writeOutbox(tx, step, now);
    });
    this.#alarms.set(alarmId, step.alarm);
    await this.#carryOut(step, alarm);
    return true;
  }

  /** Commits `write` after any of the alarm's writes the store refused before; never throws. */
  async #record(alarmId: string, write: StoreWrite): Promise<void> {
    this.#unwritten.set(alarmId, [...(this.#unwritten.get(alarmId) ?? []), write]);
    await this.#commitUnwritten(alarmId);
  }

  async #commitUnwritten(alarmId: string): Promise<void> {
    const writes = this.#unwritten.get(alarmId) ?? [];
    try {
      await this.#o.store.transaction(async (tx) => {
        for (const w of writes) await w(tx);
      });
      this.#unwritten.delete(alarmId);
      if (this.#unwritten.size === 0) this.#reportRecord(null);
    } catch (err) {
      this.#o.log.error({ err, alarmId, unwritten: writes.length }, 'the store refused the alarm record; the alarm goes on from memory');
      this.#reportRecord(err);
      this.#rewriteLater();
    }
  }

  #rewriteLater(): void {
    if (this.#rewriteTimer || this.#stopped) return;
    this.#rewriteTimer = setTimeout(() => {
      this.#rewriteTimer = undefined;
      void this.#enqueue(async () => {
        for (const alarmId of [...this.#unwritten.keys()]) await this.#commitUnwritten(alarmId);
      });
    }, REWRITE_MS);
  }

  #reportRecord(err: unknown): void {
    if (err === null) {
      this.#o.health.report('alarm-record', 'ok', { zh: '呼救记录保存正常。', en: 'Alarms are being recorded.' });
      return;
    }
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    this.#o.health.report('alarm-record', 'fault', {
      zh: `呼救记录无法写入数据文件（${reason}）。呼救照常进行，但断电或重启会丢失这次记录；请检查存储卡是否已满或损坏，并联系维护人员。`,
      en: `Alarms cannot be written to the data file (${reason}). Calls still go out, but a power cut or restart would lose this record: check whether the storage card is full or failing, and call maintenance.`,
    });
  }

  async #writeOutbox(tx: StoreTx, step: Step, now: number): Promise<void> {
    for (const effect of step.effects) {
      if (effect.type !== 'notify') continue;
      const view = toView(step.alarm, this.#plan);
      const key = `${step.alarm.id}:${effect.what}:${effect.what === 'chain-exhausted' ? step.alarm.exhaustedCycles : 0}`;
      await enqueueOutbox(tx, `${this.#o.topicPrefix}/${this.#o.place.kioskId}/alarm/${effect.what}`, key, {
        kioskId: this.#o.place.kioskId,
        site: this.#o.place.siteName,
        location: this.#o.place.location,
        alarm: view,
      }, now);
    }
  }

  /**
   * The state is committed: screens hear of it first, then the devices are worked in the
   * effects' order. A modem slow to take a dial must not leave the person looking at a countdown
   * stuck at 0 with nothing said.
   */
  async #carryOut(step: Step, before: Alarm | undefined): Promise<void> {
    const { alarm } = step;
    this.#schedule(alarm);
    const announce = step.effects.find((e) => e.type === 'announce');
    if (announce) this.#lastAnnouncement = { alarmId: alarm.id, what: announce.what, seq: ++this.#seq };
    // Screens see phase and announcement only; an SMS result changes neither, and a closed alarm
    // published again would be shown closing again.
    if (announce || alarm.phase !== before?.phase) {
      this.#o.events.publish('emergency.changed', { alarm: isOpen(alarm) ? this.current() : toView(alarm, this.#plan, this.#announcementFor(alarm.id)) });
    }
    for (const effect of step.effects) {
      if (this.#stopped) return;
      await this.#do(alarm, effect);
    }
  }

  async #do(alarm: Alarm, effect: Effect): Promise<void> {
    const { button, modem, log } = this.#o;
    switch (effect.type) {
      // Both done before any device is worked: announced in #carryOut, notified in the commit.
      case 'announce':
      case 'notify':
        return;
      // Light and buzzer are not awaited: a wedged button box whose writes never finish must not
      // hold up the dial behind them. The port keeps its writes in order, so the light still
      // ends in the last mode asked for.
      case 'led':
        void button.setLed(effect.mode).catch((err: unknown) => log.warn({ err, alarmId: alarm.id }, 'could not set the button light'));
        return;
      case 'buzz':
        void button.buzz(effect.ms).catch((err: unknown) => log.warn({ err, alarmId: alarm.id }, 'could not sound the buzzer'));
        return;
      case 'hangup':
        return modem.hangup().catch((err: unknown) => log.warn({ err, alarmId: alarm.id }, 'hang-up failed'));
      case 'sms':
        this.#sendSms(alarm, effect.to);
        return;
      case 'dial': {
        const target = this.#plan[effect.target];
        if (!target) return;
        try {
          // One call at a time: a call the modem still holds (left over from before a crash, or
          // a hang-up that did not take) would make it refuse the dial.
          const held = await modem.listCalls().catch(() => []);
          if (held.length > 0) {
            log.warn({ alarmId: alarm.id, held: held.length }, 'modem still holds a call; hanging it up before dialling');
            await modem.hangup().catch((err: unknown) => log.warn({ err }, 'hang-up of the held call failed'));
          }
          this.#dials++;
          await modem.dial(target.phone);
        } catch (err) {
          log.warn({ err, alarmId: alarm.id, target: target.name }, 'dial failed');
          // Not awaited: this runs inside the queue, and the failure is the next input in it.
          const input: AlarmInput = { type: 'dial-failed', reason: (err as Error).message ?? 'error', fault: refusedForTheNumber(err) ? 'number' : 'modem' };
          void this.#enqueue(() => this.#apply(alarm.id, input));
        }
        return;
      }
    }
  }

  /** In the background, in turn; how it went is the next input for the alarm. */
  #sendSms(alarm: Alarm, to: string): void {
    const { modem, log, place } = this.#o;
    this.#smsLine = this.#smsLine
      .then(async () => {
        if (this.#stopped) return;
        let result: AlarmInput;
        try {
          await modem.sendSms(to, smsText(place, alarm.raisedAt));
          result = { type: 'sms-result', to, ok: true };
        } catch (err) {
          log.warn({ err, alarmId: alarm.id }, 'location SMS failed');
          result = { type: 'sms-result', to, ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        // After a stop the store may be gone; the SMS is still marked as sending and goes again on resume.
        if (this.#stopped) return;
        await this.#enqueue(() => this.#apply(alarm.id, result));
      })
      .catch((err: unknown) => log.error({ err, alarmId: alarm.id }, 'location SMS result not recorded'));
  }

  #schedule(alarm: Alarm): void {
    const longest = longestWaits(this.#o.timing);
    this.#setTimer(this.#timers, alarm.id, nextDeadline(alarm), { type: 'deadline' }, longest.deadline);
    this.#setTimer(this.#smsTimers, alarm.id, nextSmsRetry(alarm), { type: 'sms-retry' }, longest.smsRetry);
  }

  #setTimer(timers: Map<string, NodeJS.Timeout>, alarmId: string, due: number | undefined, input: AlarmInput, longest: number): void {
    clearTimeout(timers.get(alarmId));
    timers.delete(alarmId);
    if (due === undefined || this.#stopped) return;
    const timer = setDeadlineTimer(due, this.#now(), longest, (at) => {
      timers.delete(alarmId);
      void this.#enqueue(() => this.#apply(alarmId, input, at));
    });
    timers.set(alarmId, timer);
  }
}
