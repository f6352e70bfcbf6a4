import { existsSync } from 'node:fs';
import type { SerialPort } from 'serialport';
import { TypedEmitter } from '../typed-emitter.ts';
import { CallSupervisor } from './call-supervisor.ts';
import { ourCall } from './call-tracker.ts';
import { AtError, refusedForTheNumber, systemClock, type AtChannel, type AtTimeouts, type Clock } from './channel.ts';
import type { ModemDevice, ModemDeviceEvents, ModemDeviceOptions, ModemLog } from './device-types.ts';
import { AT, dial as dialCommand, selectCharset } from './commands.ts';
import * as op from './operations.ts';
import type { Call } from './parse.ts';
import { channelOnPort, closePort, openPort } from './port.ts';
import { assessHealth, simFromStatus, UNKNOWN_READINGS, type ModemHealth, type ModemModel, type ModemReadings } from './readiness.ts';
import type { Urc } from './results.ts';

export type { ModemDevice, ModemDeviceEvents, ModemDeviceOptions, ModemLog } from './device-types.ts';

// facts/emergency.md §2.1 "Start-up window": SIM busy and searching are normal for a bounded
// time after boot; 20 s is the default, and polling once a second inside it finds the
// end of start-up promptly.
const DEFAULT_GRACE_SECONDS = 20;
const GRACE_RECHECK_MS = 1_000;
// facts/emergency.md §2.2: about once a second is enough to see dialling → alerting → active.
const DEFAULT_CALL_POLL_MS = 1_000;
// The port must be reopened within 2 s of reappearing (the issue); half a second leaves time to initialise.
const DEFAULT_REOPEN_MS = 500;
// facts/emergency.md §2.1 "Alive": AT is retried with a short timeout until the module answers.
const ATTENTION_TIMEOUT_MS = 500;
const DEFAULT_BAUD = 115_200;

interface Session {
  port: SerialPort;
  channel: AtChannel;
  /** When the module last (re)started, for the start-up grace period. */
  bootedAt: number;
  /** Bumped by a boot message, so an initialisation running across it starts over. */
  epoch: number;
  initialising: boolean;
  initialised: boolean;
}

export function createModemDevice(options: ModemDeviceOptions, deps: { log: ModemLog }): ModemDevice {
  return new SerialModemDevice(options, deps.log);
}

class SerialModemDevice extends TypedEmitter<ModemDeviceEvents> implements ModemDevice {
  readonly #path: string;
  readonly #baudRate: number;
  readonly #configuredModel: ModemModel | 'auto';
  readonly #pollMs: number;
  readonly #graceMs: number;
  readonly #reopenMs: number;
  readonly #clock: Clock;
  readonly #timeouts: Partial<AtTimeouts>;
  readonly #log: ModemLog;
  readonly #timers = new Set<unknown>();
  #running = false;
  #session: Session | null = null;
  #model: ModemModel | undefined;
  #readings: ModemReadings = { connected: false, responding: false, ...UNKNOWN_READINGS };
  #errorsBefore = 0;
  #lastHealth = '';
  #lastOpenError = '';
  #pollTimer: unknown = null;
  /** A readiness check is running; another asked for meanwhile runs after it (#checkSoon). */
  #polling = false;
  #pollAgain = false;
  readonly #calls: CallSupervisor;
  #startSettled: (() => void) | null = null;
  #started: Promise<void> = Promise.resolve();

  constructor(options: ModemDeviceOptions, log: ModemLog) {
    super((event, error) => this.#log.warn({ path: this.#path, event, error: String(error) }, 'a modem listener threw'));
    this.#path = options.path;
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD;
    this.#configuredModel = options.model ?? 'auto';
    this.#model = this.#configuredModel === 'auto' ? undefined : this.#configuredModel;
    this.#pollMs = (options.pollSeconds ?? 60) * 1_000;
    this.#graceMs = (options.graceSeconds ?? DEFAULT_GRACE_SECONDS) * 1_000;
    this.#calls = new CallSupervisor({
      emit: (event) => this.emit('call', event),
      later: (fn, ms) => void this.#later(fn, ms),
      pollMs: options.callPollMs ?? DEFAULT_CALL_POLL_MS,
    });
    this.#reopenMs = options.reopenMs ?? DEFAULT_REOPEN_MS;
    this.#clock = options.clock ?? systemClock;
    this.#timeouts = options.timeouts ?? {};
    this.#log = log;
  }

  /** Resolves once the modem is initialised or has been reported faulty; never rejects. */
  start(): Promise<void> {
    if (this.#running) return this.#started;
    this.#running = true;
    this.#started = new Promise<void>((resolve) => (this.#startSettled = resolve));
    void this.#connect();
    return this.#started;
  }

  async stop(): Promise<void> {
    this.#running = false;
    for (const timer of this.#timers) this.#clock.clearTimeout(timer);
    this.#timers.clear();
    this.#calls.forget();
    this.#settleStart();
    const session = this.#session;
    this.#session = null;
    if (session === null) return;
    session.channel.close();
    await closePort(session.port);
  }

  health(): ModemHealth {
    const session = this.#session;
    const withinGrace = session !== null && this.#clock.now() - session.bootedAt < this.#graceMs;
    const protocolErrors = this.#errorsBefore + (session?.channel.protocolErrors ?? 0);
    return assessHealth(this.#readings, { withinGrace, protocolErrors, ...(this.#model ? { model: this.#model } : {}) });
  }

  async dial(number: string): Promise<void> {
    const built = dialCommand(number);
    if (!built.ok) throw new AtError('invalid', 'ATD', null, built.error.detail);
    await this.#checkingOnRefusal(() => this.#calls.dial(this.#need('ATD').channel, built.command));
  }

  async hangup(): Promise<void> {
    await op.hangUp(this.#need('AT+CHUP').channel);
    this.#calls.end('hung-up');
  }

  listCalls(): Promise<Call[]> {
    return this.#run('AT+CLCC', (channel) => op.listCalls(channel));
  }

  sendSms(number: string, text: string): Promise<{ parts: number }> {
    return this.#checkingOnRefusal(() => this.#run('AT+CMGS', (channel) => op.sendSms(channel, number, text)));
  }

  enableDtmfDetection(): Promise<'ok' | 'unsupported'> {
    return this.#run('AT+DDET', (channel) => op.enableDtmf(channel, op.vendorOf(this.#model)));
  }

  speakIntoCall(text: string): Promise<'ok' | 'unsupported'> {
    return this.#run('AT+CTTS', (channel) => op.speakIntoCall(channel, op.vendorOf(this.#model), text));
  }

  // ---- connection ----------------------------------------------------------------------------

  async #connect(): Promise<void> {
    if (!this.#running || this.#session !== null) return;
    let port: SerialPort;
    try {
      port = await openPort(this.#path, this.#baudRate);
    } catch (error) {
      const message = String(error);
      if (message !== this.#lastOpenError) this.#log.warn({ path: this.#path, error: message }, 'modem port not available');
      this.#lastOpenError = message;
      this.#publish();
      this.#settleStart();
      this.#later(() => void this.#connect(), this.#reopenMs);
      return;
    }
    if (!this.#running) return void (await closePort(port));
    this.#lastOpenError = '';
    const channel = channelOnPort(port, { clock: this.#clock, timeouts: this.#timeouts });
    const session: Session = { port, channel, bootedAt: this.#clock.now(), epoch: 0, initialising: false, initialised: false };
    this.#session = session;
    port.on('close', () => this.#lost(session, 'port closed'));
    port.on('error', (error: Error) => this.#lost(session, error.message));
    channel.on('urc', (urc) => this.#onUrc(session, urc));
    // Taken to answer until an AT times out, so a normal start reads "starting", not "not responding".
    this.#readings = { connected: true, responding: true, ...UNKNOWN_READINGS };
    this.#log.info({ path: this.#path }, 'modem port open');
    this.#publish();
    void this.#initialise(session);
  }

  /** facts/emergency.md §2.6: a closed, erroring or vanished port on a USB module is a reset. */
  #lost(session: Session, why: string): void {
    if (this.#session !== session) return;
    this.#session = null;
    this.#errorsBefore += session.channel.protocolErrors;
    session.channel.close();
    void closePort(session.port);
    this.#log.warn({ path: this.#path, why }, 'modem port lost; treating it as a modem reset');
    this.#readings = { connected: false, responding: false, ...UNKNOWN_READINGS };
    this.#calls.end('reset');
    this.emit('reset', { cause: 'port-lost' });
    this.#publish();
    this.#later(() => void this.#connect(), this.#reopenMs);
  }

  /** facts/emergency.md §2.1: RDY proves a reboot (the classifier says which boot lines do). */
  #rebooted(session: Session): void {
    const wasUp = session.initialised;
    session.epoch++;
    session.bootedAt = this.#clock.now();
    session.initialised = false;
    this.#calls.end('reset');
    // Boot lines right after the port came back are the same reset, not another one.
    if (wasUp) {
      this.#log.warn({ path: this.#path }, 'modem rebooted; re-initialising');
      this.emit('reset', { cause: 'boot' });
    }
    this.#readings = { connected: true, responding: true, ...UNKNOWN_READINGS };
    this.#publish();
    if (!session.initialising) void this.#initialise(session);
  }

  #current(session: Session): boolean {
    return this.#running && this.#session === session;
  }

  // ---- initialisation and supervision --------------------------------------------------------

  async #initialise(session: Session): Promise<void> {
    session.initialising = true;
    try {
      for (;;) {
        const epoch = session.epoch;
        const done = await this.#configure(session, epoch).then(
          () => true,
          (error: unknown) => this.#failed(session, error),
        );
        if (!this.#current(session)) return;
        if (done && epoch === session.epoch) break;
      }
    } finally {
      session.initialising = false;
    }
    session.initialised = true;
    this.#log.info({ path: this.#path, health: this.health().state }, 'modem initialised');
    this.#settleStart();
    this.#schedulePoll(session);
  }

  /** Stops early when a boot message bumps the epoch: the module lost what was set so far. */
  async #configure(session: Session, epoch: number): Promise<void> {
    const channel = session.channel;
    const stale = (): boolean => session.epoch !== epoch;
    await this.#untilAnswering(session);
    // facts/emergency.md §2.1, §2.6: echo off, numeric errors, GSM character set.
    for (const line of [AT.echoOff, AT.numericErrors, selectCharset('GSM')]) {
      if (stale()) return;
      await op.tolerant(channel, line);
    }
    if (this.#configuredModel === 'auto') this.#model = await op.detectModel(channel);
    // facts/emergency.md §2.2: a call left over from before a restart would block the next ATD.
    if (this.#calls.idle && ourCall(await op.listCalls(channel).catch(() => [])) !== undefined) await op.tolerant(channel, AT.hangUp);
    if (stale()) return;
    await op.enableDtmf(channel, op.vendorOf(this.#model));
    if (!stale()) await this.#checkReadiness(session);
  }

  async #untilAnswering(session: Session): Promise<void> {
    for (;;) {
      try {
        await session.channel.send({ line: AT.attention, timeoutMs: ATTENTION_TIMEOUT_MS });
      } catch (error) {
        if (op.isSilence(error)) {
          this.#notResponding();
          continue;
        }
        if (!op.isAnswer(error)) throw error;
      }
      if (!this.#readings.responding) this.#readings = { ...this.#readings, responding: true };
      return;
    }
  }

  /** Silence means the module stopped answering; anything else is retried after a pause. */
  async #failed(session: Session, error: unknown): Promise<boolean> {
    if (!this.#current(session)) return false;
    this.#log.warn({ path: this.#path, error: String(error) }, 'modem initialisation failed; retrying');
    if (op.isSilence(error)) this.#notResponding();
    else await new Promise<void>((resolve) => this.#later(resolve, this.#reopenMs));
    return false;
  }

  #notResponding(): void {
    this.#readings = { ...this.#readings, responding: false };
    this.#publish();
    this.#settleStart();
  }

  async #checkReadiness(session: Session): Promise<void> {
    // Re-asserted every round, so a charset left at UCS2 by an interrupted SMS does not linger
    // (facts/emergency.md §2.3: under UCS2 every string in and out changes form).
    await op.tolerant(session.channel, selectCharset('GSM'));
    const readiness = await op.readReadiness(session.channel, this.#model);
    if (!this.#current(session)) return;
    this.#readings = { connected: true, responding: true, checked: true, ...readiness };
    this.#publish();
  }

  #schedulePoll(session: Session): void {
    const health = this.health();
    const starting = health.state !== 'ok' && this.#clock.now() - session.bootedAt < this.#graceMs;
    if (this.#pollTimer !== null) this.#cancel(this.#pollTimer);
    this.#pollTimer = this.#later(() => void this.#poll(session), starting ? Math.min(GRACE_RECHECK_MS, this.#pollMs) : this.#pollMs);
  }

  /**
   * A refused dial or SMS says the module may not be ready — a SIM that worked loose unreported
   * (SIM7600 reports it only with hot-plug detection on), the network lost: look now, so staff
   * and the resident's screen are told in seconds, not at the next round.
   */
  #checkSoon(): void {
    const session = this.#session;
    if (session === null || !session.initialised || session.initialising) return;
    // A check under way already looks; several refusals in a row (an SMS to each contact) make one more at most.
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    if (this.#pollTimer !== null) this.#cancel(this.#pollTimer);
    this.#pollTimer = this.#later(() => void this.#poll(session), 0);
  }

  /** Runs a dial or SMS; a refusal that is not about the number has the module's readiness looked at now. */
  async #checkingOnRefusal<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!refusedForTheNumber(error)) this.#checkSoon();
      throw error;
    }
  }

  async #poll(session: Session): Promise<void> {
    if (!this.#current(session) || session.initialising || this.#polling) return;
    if (!existsSync(this.#path)) return this.#lost(session, 'port vanished');
    this.#polling = true;
    this.#pollAgain = false;
    try {
      await this.#checkReadiness(session);
    } catch (error) {
      if (!this.#current(session)) return;
      this.#log.warn({ path: this.#path, error: String(error) }, 'modem readiness check failed');
      if (op.isSilence(error)) this.#notResponding();
      session.initialised = false;
      if (!session.initialising) void this.#initialise(session);
      return;
    } finally {
      this.#polling = false;
    }
    if (!this.#current(session) || session.initialising) return;
    if (this.#pollAgain) this.#checkSoon();
    else this.#schedulePoll(session);
  }

  #onUrc(session: Session, urc: Urc): void {
    if (!this.#current(session)) return;
    switch (urc.type) {
      case 'call-ended':
        return this.#calls.end(urc.reason);
      case 'call-state':
        if (urc.call !== null) this.#calls.observe(urc.call);
        return;
      case 'dtmf':
        return this.emit('dtmf', { key: urc.key });
      case 'ring':
        return this.emit('ring');
      case 'boot':
        if (urc.reboot) this.#rebooted(session);
        return;
      case 'sim':
        this.#readings = { ...this.#readings, sim: simFromStatus(urc.status) };
        return this.#publish();
      default:
        return;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  #need(command: string): Session {
    const session = this.#session;
    // Only an open port is needed: an emergency call is worth trying while initialisation runs.
    if (session === null) throw new AtError('closed', command, null, `${command}: the modem is not connected`);
    return session;
  }

  async #run<T>(command: string, operation: (channel: AtChannel) => Promise<T>): Promise<T> {
    return operation(this.#need(command).channel);
  }

  #publish(): void {
    if (!this.#running) return;
    const health = this.health();
    const { protocolErrors: _, ...shown } = health;
    const key = JSON.stringify(shown);
    if (key === this.#lastHealth) return;
    this.#lastHealth = key;
    this.emit('health', health);
  }

  #settleStart(): void {
    this.#startSettled?.();
    this.#startSettled = null;
  }

  #later(fn: () => void, ms: number): unknown {
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#pollTimer === timer) this.#pollTimer = null;
      fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #cancel(timer: unknown): void {
    this.#clock.clearTimeout(timer);
    this.#timers.delete(timer);
  }
}
