import { existsSync } from 'node:fs';
import type { PlainText } from '../health.ts';
import { ButtonDeviceBase, NOT_RUNNING, WORKING, type Assessment } from './base.ts';
import { ButtonDecoder, encodeButtonCommand, type ButtonCommand, type ButtonMessage, type ButtonProtocolError, type LedMode } from './codec.ts';
import type { ButtonDeviceDeps, SerialLineOptions } from './device.ts';
import { DEFAULT_HEARTBEAT_PERIOD_MS, LOST_AFTER_PERIODS, recordHeartbeat, startHeartbeat, type HeartbeatState } from './heartbeat.ts';
import { ProtocolErrorLog } from './protocol-error-log.ts';
import {
  Backoff,
  createSystemSerialPort,
  DEFAULT_BAUD_RATE,
  discardPort,
  openPort,
  watchPath,
  writePort,
  type SerialPortFactory,
  type SerialPortLike,
} from './serial-port.ts';

// PROTOCOL.md §4.2: the box answers PING within 500 ms.
const PONG_TIMEOUT_MS = 500;
// PROTOCOL.md §5.2: one more PING, in case the first merged with a partial line in the box's buffer.
const PING_ATTEMPTS = 2;
// PROTOCOL.md §3.3: FAULT repeats every 60 s while it lasts; cleared after 150 s without one.
const DEVICE_FAULT_CLEAR_MS = 150_000;
// Often enough to reopen within 2 s of the port reappearing, rare enough to cost nothing.
const PATH_POLL_MS = 250;
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 1_000;
// PROTOCOL.md §5.2: a single protocol error is not a fault, errors that "keep occurring" are a
// degraded link. Five within a minute is our reading of "keep occurring".
const NOISY_ERRORS = 5;
const NOISY_WINDOW_MS = 60_000;

const NOT_CONNECTED: PlainText = { zh: '紧急按钮没有连接，请检查USB线', en: 'The emergency button is not connected. Check its USB cable.' };
const CANNOT_OPEN: PlainText = { zh: '紧急按钮的端口打不开', en: 'The emergency button port cannot be opened' };
const CONNECTING: PlainText = { zh: '正在连接紧急按钮', en: 'Connecting to the emergency button' };
const NOT_RESPONDING: PlainText = { zh: '紧急按钮没有响应', en: 'The emergency button is not responding' };
const NO_ANSWER: PlainText = {
  zh: '紧急按钮不接受指令，指示灯和蜂鸣器可能不工作',
  en: 'The emergency button does not answer commands; its light and buzzer may not work',
};
const NOISY: PlainText = { zh: '紧急按钮的连线传输有错误', en: 'The emergency button link is garbling messages' };

/** One open port and what we know of the box behind it; a reopen starts a new one. */
interface Link {
  readonly port: SerialPortLike;
  readonly decoder: ButtonDecoder;
  heartbeat: HeartbeatState;
  /** A PONG or HB has arrived, so the box is really there. */
  confirmed: boolean;
  /** An SOS has arrived since the last REL (PROTOCOL.md §3.1). */
  sosOpen: boolean;
  pongTimer: NodeJS.Timeout | undefined;
  heartbeatTimer: NodeJS.Timeout | undefined;
}

/** Our USB-serial button box, speaking PROTOCOL.md. */
export class SerialLineButton extends ButtonDeviceBase {
  readonly #path: string;
  readonly #baudRate: number;
  readonly #periodMs: number;
  readonly #createPort: SerialPortFactory;
  readonly #backoff = new Backoff(RETRY_FIRST_MS, RETRY_MAX_MS);
  readonly #errorLog: ProtocolErrorLog;
  #running = false;
  #link: Link | undefined;
  #opening: Promise<void> | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopWatching: (() => void) | undefined;
  #offline: PlainText = NOT_CONNECTED;
  #lost = false;
  #noAnswer = false;
  #deviceFault: string | undefined;
  #deviceFaultTimer: NodeJS.Timeout | undefined;
  #recentErrors: number[] = [];
  #led: LedMode | undefined;

  constructor(options: SerialLineOptions, deps: ButtonDeviceDeps) {
    super('serial-line', deps);
    this.#path = options.path;
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.#periodMs = options.heartbeatSeconds === undefined ? DEFAULT_HEARTBEAT_PERIOD_MS : options.heartbeatSeconds * 1_000;
    if (!(this.#periodMs > 0) || !Number.isFinite(this.#periodMs)) {
      throw new RangeError(`heartbeatSeconds must be > 0, got ${options.heartbeatSeconds}`);
    }
    this.#createPort = deps.createSerialPort ?? createSystemSerialPort;
    this.#errorLog = new ProtocolErrorLog(this.logger, { path: this.#path });
  }

  protected get connected(): boolean {
    return this.#link !== undefined;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#stopWatching = watchPath(this.#path, PATH_POLL_MS, (exists) => this.#onPathChange(exists));
    await this.#connect();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#stopWatching?.();
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    clearTimeout(this.#deviceFaultTimer);
    this.#deviceFault = undefined;
    await this.#opening;
    const link = this.#link;
    this.#link = undefined;
    if (link) await this.#closeLink(link);
    this.#errorLog.stop();
    this.refresh();
  }

  async setLed(mode: LedMode): Promise<void> {
    const bytes = encodeButtonCommand({ type: 'led', mode });
    // Remembered even when it cannot be sent: the box forgets it on every power-up (PROTOCOL.md §6).
    this.#led = mode;
    await this.#write({ type: 'led', mode }, bytes);
  }

  async buzz(ms: number): Promise<void> {
    await this.#write({ type: 'buzz', ms }, encodeButtonCommand({ type: 'buzz', ms }));
  }

  protected assess(): Assessment {
    if (!this.#running) return { state: 'fault', message: NOT_RUNNING };
    const link = this.#link;
    if (!link) return { state: 'fault', message: this.#offline };
    if (this.#lost) return { state: 'fault', message: NOT_RESPONDING };
    if (this.#deviceFault !== undefined) {
      const text = this.#deviceFault;
      return { state: 'fault', message: { zh: `紧急按钮报告故障：${text}`, en: `The emergency button reports a fault: ${text}` } };
    }
    if (this.#noAnswer) return { state: 'degraded', message: NO_ANSWER };
    if (!link.confirmed) return { state: 'degraded', message: CONNECTING };
    if (this.#isNoisy()) return { state: 'degraded', message: NOISY };
    return { state: 'ok', message: WORKING };
  }

  #onPathChange(exists: boolean): void {
    if (!exists && this.#link) this.#lose(this.#link, NOT_CONNECTED, 'port path disappeared');
    else if (exists && !this.#link) void this.#connect();
  }

  #connect(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    if (!this.#running || this.#link) return Promise.resolve();
    this.#opening ??= this.#open().finally(() => (this.#opening = undefined));
    return this.#opening;
  }

  async #open(): Promise<void> {
    const port = this.#createPort({ path: this.#path, baudRate: this.#baudRate });
    try {
      await openPort(port);
    } catch (err) {
      await discardPort(port);
      const missing = !existsSync(this.#path);
      this.#offline = missing ? NOT_CONNECTED : CANNOT_OPEN;
      this.logFailure(err as Error, { path: this.#path }, 'cannot open the emergency button port');
      this.refresh();
      this.#scheduleRetry();
      return;
    }
    if (!this.#running) {
      await discardPort(port);
      return;
    }
    this.#attach(port);
  }

  #attach(port: SerialPortLike): void {
    const link: Link = {
      port,
      decoder: new ButtonDecoder(),
      heartbeat: startHeartbeat(this.#periodMs, this.now()),
      confirmed: false,
      sosOpen: false,
      pongTimer: undefined,
      heartbeatTimer: undefined,
    };
    this.#link = link;
    this.#backoff.reset();
    this.failureCleared();
    this.#lost = false;
    this.#noAnswer = false;
    port.on('data', (data) => {
      if (this.#link === link) this.#onData(link, data);
    });
    port.on('close', (err) => {
      if (this.#link === link) this.#lose(link, NOT_CONNECTED, err?.message ?? 'port closed');
    });
    port.on('error', (err) => {
      this.logger.warn({ path: this.#path, err: err.message }, 'emergency button port error');
      if (this.#link === link && !port.isOpen) this.#lose(link, NOT_CONNECTED, err.message);
    });
    this.logger.info({ path: this.#path }, 'emergency button port opened');
    this.#armHeartbeat(link);
    this.refresh();
    this.#ping(link, PING_ATTEMPTS);
  }

  #lose(link: Link, reason: PlainText, detail: string): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    this.#offline = reason;
    void this.#closeLink(link);
    // A line cut off by the unplug never got its LF: count it like any other broken line.
    if (link.decoder.pendingBytes > 0) this.#protocolError({ kind: 'partial-line' });
    this.logger.warn({ path: this.#path, detail }, 'emergency button disconnected');
    this.refresh();
    this.#scheduleRetry();
  }

  async #closeLink(link: Link): Promise<void> {
    clearTimeout(link.pongTimer);
    clearTimeout(link.heartbeatTimer);
    await discardPort(link.port);
  }

  #scheduleRetry(): void {
    if (!this.#running || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#connect();
    }, this.#backoff.next());
  }

  #onData(link: Link, data: Buffer): void {
    const { messages, errors } = link.decoder.push(data);
    for (const error of errors) this.#protocolError(error);
    for (const message of messages) this.#onMessage(link, message);
  }

  #onMessage(link: Link, message: ButtonMessage): void {
    switch (message.type) {
      case 'sos':
        link.sosOpen = true;
        this.pressed();
        return;
      case 'rel':
        if (!link.sosOpen) {
          // PROTOCOL.md §3.1: the SOS before this REL was lost on the wire; a missed emergency is worse than a false alarm.
          this.logger.warn({ path: this.#path }, 'REL without SOS: treating it as a press');
          this.pressed();
        }
        link.sosOpen = false;
        this.released();
        return;
      case 'hb':
        this.#onHeartbeat(link, message.seq);
        return;
      case 'pong':
        clearTimeout(link.pongTimer);
        link.pongTimer = undefined;
        this.#noAnswer = false;
        this.#confirm(link);
        this.refresh();
        return;
      case 'fault':
        this.#onDeviceFault(message.text);
        return;
    }
  }

  #onHeartbeat(link: Link, seq: number): void {
    const { state, note } = recordHeartbeat(link.heartbeat, seq, this.now());
    link.heartbeat = state;
    this.lastHeartbeatAt = state.lastAt;
    if (note === 'restarted') {
      this.logger.info({ path: this.#path, seq }, 'emergency button restarted (heartbeat sequence went back)');
      this.#resendLed();
    }
    if (this.#lost) this.logger.info({ path: this.#path }, 'emergency button heartbeat is back');
    this.#lost = false;
    this.#armHeartbeat(link);
    this.#confirm(link);
    // HB proves only the box → kiosk direction; keep asking until the command path answers again.
    if (this.#noAnswer && !link.pongTimer) this.#ping(link, 1);
    this.refresh();
  }

  #confirm(link: Link): void {
    if (link.confirmed) return;
    link.confirmed = true;
    // Sent now rather than at open: bytes reaching the box before it is ready may be lost (PROTOCOL.md §6).
    this.#resendLed();
  }

  #resendLed(): void {
    if (this.#led !== undefined) void this.setLed(this.#led);
  }

  #armHeartbeat(link: Link): void {
    clearTimeout(link.heartbeatTimer);
    link.heartbeatTimer = setTimeout(() => {
      if (this.#link !== link) return;
      this.#lost = true;
      this.refresh();
    }, LOST_AFTER_PERIODS * this.#periodMs);
  }

  #ping(link: Link, attemptsLeft: number): void {
    clearTimeout(link.pongTimer);
    link.pongTimer = setTimeout(() => {
      link.pongTimer = undefined;
      if (this.#link !== link) return;
      if (attemptsLeft > 1) {
        this.#ping(link, attemptsLeft - 1);
        return;
      }
      this.#noAnswer = true;
      this.refresh();
    }, PONG_TIMEOUT_MS);
    void this.#write({ type: 'ping' }, encodeButtonCommand({ type: 'ping' }));
  }

  #onDeviceFault(text: string): void {
    if (this.#deviceFault !== text) this.logger.warn({ path: this.#path, text }, 'emergency button reports a fault');
    this.#deviceFault = text;
    clearTimeout(this.#deviceFaultTimer);
    this.#deviceFaultTimer = setTimeout(() => {
      this.#deviceFault = undefined;
      this.logger.info({ path: this.#path, text }, 'emergency button fault cleared (no repeat for 150 s)');
      this.refresh();
    }, DEVICE_FAULT_CLEAR_MS);
    this.refresh();
  }

  #protocolError(error: ButtonProtocolError | { kind: 'partial-line' }): void {
    this.protocolErrors++;
    const at = this.now();
    this.#recentErrors.push(at);
    while (this.#recentErrors.length > NOISY_ERRORS) this.#recentErrors.shift();
    this.#errorLog.record(error, this.protocolErrors);
    this.refresh();
  }

  #isNoisy(): boolean {
    const oldest = this.#recentErrors[0];
    return this.#recentErrors.length >= NOISY_ERRORS && oldest !== undefined && this.now() - oldest <= NOISY_WINDOW_MS;
  }

  async #write(command: ButtonCommand, bytes: Uint8Array): Promise<void> {
    const link = this.#link;
    if (!link) {
      this.logger.warn({ path: this.#path, command }, 'emergency button not connected: command dropped');
      return;
    }
    try {
      await writePort(link.port, bytes);
    } catch (err) {
      this.logger.warn({ path: this.#path, command, err: (err as Error).message }, 'emergency button command not written');
    }
  }
}
