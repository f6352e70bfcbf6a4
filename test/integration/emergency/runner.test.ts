import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmView } from '../../../main/api/contract.ts';
import { EventBus } from '../../../main/core/events.ts';
import { createNullLogger } from '../../../main/log/logger.ts';
import type { Alarm, MachineTiming } from '../../../main/services/emergency/machine.ts';
import { alarmTimeline } from '../../../main/services/emergency/records.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { EmergencyService, type AlarmButton, type AlarmModem, type CallStateEvent } from '../../../main/services/emergency/service.ts';
import { openStore, type Store } from '../../../main/store/database.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';

/**
 * The runner on a real SQLite file with devices whose answers each test holds or releases, so
 * the order of commits, screen updates and device work can be seen exactly.
 */

const CONTACTS = [
  { name: '王芳', phone: '13800000001' },
  { name: '李强', phone: '13800000002' },
];
const TIMING: MachineTiming = { cancelWindowMs: 60_000, ringMs: 60_000, keyWaitMs: 60_000, acceptAfterActiveMs: 60_000, nextCallPauseMs: 60_000, cyclePauseMs: 60_000 };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A modem whose dials and SMS wait for the test to answer them. */
class HeldModem implements AlarmModem {
  readonly dials: { number: string; answer: Deferred<void> }[] = [];
  readonly sms: { number: string; answer: Deferred<unknown> }[] = [];
  hangups = 0;
  readonly #calls = new Set<(e: CallStateEvent) => void>();
  readonly #waiters: (() => void)[] = [];

  dial(number: string): Promise<void> {
    const answer = deferred();
    this.dials.push({ number, answer });
    this.#wake();
    return answer.promise;
  }
  async hangup(): Promise<void> {
    this.hangups++;
  }
  async listCalls(): Promise<unknown[]> {
    return [];
  }
  sendSms(number: string): Promise<unknown> {
    const answer = deferred<unknown>();
    this.sms.push({ number, answer });
    this.#wake();
    return answer.promise;
  }
  async enableDtmfDetection(): Promise<'ok' | 'unsupported'> {
    return 'ok';
  }
  async speakIntoCall(): Promise<'ok' | 'unsupported'> {
    return 'ok';
  }
  on(event: 'call' | 'dtmf', listener: (e: never) => void): () => void {
    if (event !== 'call') return () => undefined;
    const l = listener as (e: CallStateEvent) => void;
    this.#calls.add(l);
    return () => this.#calls.delete(l);
  }
  callState(e: CallStateEvent): void {
    for (const l of this.#calls) l(e);
  }
  /** Resolves once `ready()` holds, checked after each dial or SMS the modem is asked for. */
  async until(ready: () => boolean): Promise<void> {
    while (!ready()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

const buttonCalls: string[] = [];
const button = {
  setLed: async (mode: string) => void buttonCalls.push(`led ${mode}`),
  buzz: async (ms: number) => void buttonCalls.push(`buzz ${ms}`),
};

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function openTestStore(dir = mkdtempSync(join(tmpdir(), 'linli-runner-'))): Promise<{ store: Store; dir: string }> {
  const store = await openStore({ file: join(dir, 'linli.db'), log: createNullLogger(), migrations: MIGRATIONS });
  stops.push(() => store.close());
  return { store, dir };
}

async function startService(
  store: Store,
  modem: HeldModem,
  timing: Partial<MachineTiming> = {},
  box: AlarmButton = button,
  now: () => number = Date.now,
) {
  const events = new EventBus();
  const health = new HealthService(events);
  const views: AlarmView[] = [];
  events.subscribe((name, payload) => {
    const alarm = name === 'emergency.changed' ? (payload as { alarm: AlarmView | null }).alarm : null;
    if (alarm) views.push(alarm);
  });
  const service = new EmergencyService({
    store,
    log: createNullLogger(),
    events,
    button: box,
    modem,
    place: { kioskId: 'k1', siteName: '幸福里社区服务中心', address: '幸福路1号', location: '一楼大厅' },
    contacts: CONTACTS,
    rounds: 1,
    timing: { ...TIMING, ...timing },
    health,
    topicPrefix: 'linli',
    now,
  });
  await service.start();
  stops.push(() => service.stop());
  return { service, views, events, health };
}

const storedAlarm = async (store: Store, id: string): Promise<Alarm> =>
  JSON.parse((await store.get<{ state: string }>('SELECT state FROM alarms WHERE id = ?', [id]))!.state) as Alarm;

describe('the alarm runner', () => {
  it('a button box whose writes never finish does not hold up the call', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    const wedged = { setLed: () => new Promise<void>(() => undefined), buzz: () => new Promise<void>(() => undefined) };
    const { service } = await startService(store, modem, { cancelWindowMs: 0 }, wedged);
    await service.trigger('screen');
    await modem.until(() => modem.dials.length === 1);
    expect(modem.dials[0]!.number).toBe(CONTACTS[0]!.phone);
    modem.dials[0]!.answer.resolve();
  });

  it('a spoken 取消 heard in the window but applied after calling began does not hang up the call', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    const { service } = await startService(store, modem, { voiceCancelWindowMs: 0 });
    const { alarmId } = await service.trigger('voice');
    // What the voice service saw when it heard 取消…
    expect(service.current()?.phase).toBe('cancel-window');
    // …but the window ran out and the dial was committed and started before the cancel's turn.
    await modem.until(() => modem.dials.length === 1);
    const cancelled = service.cancelByVoice();
    modem.dials[0]!.answer.resolve();
    expect(await cancelled).toBe(false);
    expect(modem.hangups).toBe(0);
    expect((await storedAlarm(store, alarmId)).phase.name).toBe('calling');
    expect(service.current()?.phase).toBe('calling');
  });

  it('a spoken 取消 in the window of a spoken alarm cancels it', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    const { service } = await startService(store, modem);
    const { alarmId } = await service.trigger('voice');
    expect(await service.cancelByVoice()).toBe(true);
    expect(await storedAlarm(store, alarmId)).toMatchObject({ phase: { name: 'closed', outcome: 'cancelled' } });
    expect(modem.dials).toEqual([]);
  });

  it('a press during a spoken alarm\'s window starts calling at once, and a spoken 取消 then does nothing', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    const { service } = await startService(store, modem);
    const { alarmId } = await service.trigger('voice');
    const pressed = service.trigger('button');
    await modem.until(() => modem.dials.length === 1);
    modem.dials[0]!.answer.resolve();
    expect(await pressed).toEqual({ alarmId, created: false });
    expect(modem.dials[0]!.number).toBe(CONTACTS[0]!.phone);
    expect(await service.cancelByVoice()).toBe(false);
    expect((await storedAlarm(store, alarmId)).phase.name).toBe('calling');
  });

  it('the end of a call still held, hung up before the next dial, is not taken for the new call', async () => {
    const { store } = await openTestStore();
    // The ring times out but its hang-up does not take (the module was silent): the modem still
    // lists the call, and reports its end when the runner hangs it up before the next dial.
    class HoldingModem extends HeldModem {
      held: unknown[] = [];
      override async listCalls(): Promise<unknown[]> {
        return this.held;
      }
      override async hangup(): Promise<void> {
        await super.hangup();
        if (this.hangups === 1) throw new Error('AT+CHUP: timeout');
        if (this.held.splice(0).length > 0) this.callState({ state: 'ended', reason: 'hung-up' });
      }
    }
    const modem = new HoldingModem();
    const { service } = await startService(store, modem, { cancelWindowMs: 0, ringMs: 1_000, nextCallPauseMs: 0 });
    const { alarmId } = await service.trigger('screen');
    await modem.until(() => modem.dials.length === 1);
    modem.held = [{ direction: 'outgoing' }];
    modem.dials[0]!.answer.resolve();
    await modem.until(() => modem.dials.length === 2);
    expect(modem.hangups).toBe(2);
    modem.dials[1]!.answer.resolve();
    modem.callState({ state: 'alerting' });
    await expect.poll(async () => (await storedAlarm(store, alarmId)).phase).toMatchObject({ name: 'calling', attempt: { target: 1, state: 'ringing' } });
    expect(modem.dials.length).toBe(2);
  });

  it('the screen hears "calling" before a slow modem has taken the dial', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    const { service, views } = await startService(store, modem, { cancelWindowMs: 0 });
    await service.trigger('screen');
    await modem.until(() => modem.dials.length === 1);
    // The dial has not returned, yet the screen already shows and says it.
    expect(views.at(-1)).toMatchObject({ phase: 'calling', calling: { name: '王芳', state: 'dialling' }, announcement: { what: 'calling' } });
    modem.dials[0]!.answer.resolve();
  });

  it('a failed SMS is recorded for staff and sent again until it is delivered', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    const { service } = await startService(store, modem, { cancelWindowMs: 0, smsRetryMs: 1 });
    const { alarmId } = await service.trigger('screen');
    await modem.until(() => modem.dials.length === 1);
    modem.dials[0]!.answer.resolve();
    modem.callState({ state: 'alerting' });

    await modem.until(() => modem.sms.length === 1);
    modem.sms[0]!.answer.reject(new Error('+CMS ERROR: 500'));
    // One at a time: the second contact's SMS waits for the first to be answered.
    await modem.until(() => modem.sms.length === 2);
    expect(modem.sms[1]!.number).toBe(CONTACTS[1]!.phone);
    modem.sms[1]!.answer.resolve({ parts: 1 });
    await modem.until(() => modem.sms.length === 3);
    expect(modem.sms[2]!.number).toBe(CONTACTS[0]!.phone);
    modem.sms[2]!.answer.resolve({ parts: 1 });

    await expect.poll(async () => (await storedAlarm(store, alarmId)).sms?.map((d) => [d.to, d.state, d.attempts])).toEqual([
      [CONTACTS[0]!.phone, 'sent', 2],
      [CONTACTS[1]!.phone, 'sent', 1],
    ]);
    const kinds = (await alarmTimeline(store, alarmId)).map((e) => e.kind);
    expect(kinds).toContain('location SMS to 王芳 failed (+CMS ERROR: 500); trying again in 0 s');
    expect(kinds).toContain('location SMS to 王芳 sent');
    expect(kinds).toContain('location SMS to 李强 sent');
  });

  it('an SMS cut short by a stop (or kill -9) is sent again when the alarm resumes', async () => {
    const { store, dir } = await openTestStore();
    const first = new HeldModem();
    const { service } = await startService(store, first, { cancelWindowMs: 0 });
    const { alarmId } = await service.trigger('screen');
    await first.until(() => first.dials.length === 1);
    first.dials[0]!.answer.resolve();
    first.callState({ state: 'alerting' });
    await first.until(() => first.sms.length === 1);
    // The kiosk stops with the first SMS in the modem's hands: no answer ever comes.
    await service.stop();
    expect((await storedAlarm(store, alarmId)).sms?.map((d) => d.state)).toEqual(['sending', 'sending']);

    const second = new HeldModem();
    const { store: reopened } = await openTestStore(dir);
    // Starting resumes the alarm, which redials first: start returns once the modem takes the dial.
    const started = startService(reopened, second, { cancelWindowMs: 0 });
    await second.until(() => second.dials.length === 1);
    second.dials[0]!.answer.resolve();
    await started;
    await second.until(() => second.sms.length === 1);
    second.sms[0]!.answer.resolve({ parts: 1 });
    await second.until(() => second.sms.length === 2);
    second.sms[1]!.answer.resolve({ parts: 1 });
    expect(second.sms.map((s) => s.number)).toEqual(CONTACTS.map((c) => c.phone));
    await expect.poll(async () => (await storedAlarm(reopened, alarmId)).sms?.map((d) => d.state)).toEqual(['sent', 'sent']);
  });
});

describe('the alarm runner when the store or the clock fails it', () => {
  /** The store, except that while `refusing` every transaction fails as a full card would. */
  function refusingStore(store: Store): { store: Store; refuse(on: boolean): void } {
    let refusing = false;
    const wrapped = new Proxy(store, {
      get(target, property) {
        if (property === 'transaction' && refusing) return () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { store: wrapped, refuse: (on) => void (refusing = on) };
  }

  it('a store that refuses the alarm does not stop it: the person is told, the call goes out, staff see why, and the record catches up', async () => {
    const { store: real } = await openTestStore();
    const { store, refuse } = refusingStore(real);
    const modem = new HeldModem();
    const { service, views, health } = await startService(store, modem, { cancelWindowMs: 0 });
    refuse(true);
    const { alarmId, created } = await service.trigger('button');
    expect(created).toBe(true);
    await modem.until(() => modem.dials.length === 1);
    modem.dials[0]!.answer.resolve();
    expect(views.at(-1)).toMatchObject({ phase: 'calling', announcement: { what: 'calling' } });
    const record = (): unknown => health.snapshot().components.find((c) => c.id === 'alarm-record');
    expect(record()).toMatchObject({ state: 'fault', message: { zh: expect.stringContaining('呼救照常进行'), en: expect.stringContaining('database or disk is full') } });
    expect(await real.get('SELECT id FROM alarms WHERE id = ?', [alarmId])).toBeUndefined();

    // Nothing else happens to the alarm: the refused writes go in by themselves once the store takes them.
    refuse(false);
    await expect.poll(async () => (await real.get<{ phase: string }>('SELECT phase FROM alarms WHERE id = ?', [alarmId]))?.phase, { timeout: 15_000 }).toBe('calling');
    // Every step the alarm took while the store refused it is on the record, in order.
    const kinds = (await alarmTimeline(real, alarmId)).map((e) => e.kind);
    expect(kinds[0]).toBe('raised');
    expect(kinds.length).toBeGreaterThan(1);
    expect(record()).toMatchObject({ state: 'ok' });
  }, 30_000);

  it('a wall clock stepped back does not stretch the cancel window', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    let behind = 0;
    const { service } = await startService(store, modem, { cancelWindowMs: 300 }, button, () => Date.now() - behind);
    await service.trigger('screen');
    // A fast clock corrected by an hour while the window runs.
    behind = 3_600_000;
    await modem.until(() => modem.dials.length === 1);
    expect(modem.dials[0]!.number).toBe(CONTACTS[0]!.phone);
    modem.dials[0]!.answer.resolve();
  }, 10_000);

  it('a wall clock stepped back during a ring does not stretch the ring or the pause before the next call', async () => {
    const { store } = await openTestStore();
    const modem = new HeldModem();
    let behind = 0;
    const short = { cancelWindowMs: 0, ringMs: 300, keyWaitMs: 300, acceptAfterActiveMs: 300, nextCallPauseMs: 300, cyclePauseMs: 300 };
    const { service } = await startService(store, modem, short, button, () => Date.now() - behind);
    await service.trigger('screen');
    await modem.until(() => modem.dials.length === 1);
    behind = 3_600_000;
    modem.dials[0]!.answer.resolve();
    await modem.until(() => modem.dials.length === 2);
    expect(modem.dials[1]!.number).toBe(CONTACTS[1]!.phone);
    modem.dials[1]!.answer.resolve();
  }, 10_000);
});
