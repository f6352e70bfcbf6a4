import type { DeviceState, PlainText } from '../health.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import type { LedMode } from './codec.ts';
import type { ButtonDevice, ButtonDeviceDeps, ButtonEvents, ButtonHealth, ButtonKind, ButtonLogger } from './device.ts';

export interface Assessment {
  state: DeviceState;
  message: PlainText;
}

export const NOT_RUNNING: PlainText = { zh: '紧急按钮没有启动', en: 'The emergency button is not running' };
export const WORKING: PlainText = { zh: '紧急按钮正常', en: 'The emergency button is working' };

/**
 * What every button kind shares: the events, the health record and when it is announced. Each
 * kind says what its state is (`assess`) and calls `refresh()` whenever something it depends
 * on may have changed; listeners hear `health` only when the state or its words change.
 */
export abstract class ButtonDeviceBase extends TypedEmitter<ButtonEvents> implements ButtonDevice {
  protected readonly logger: ButtonLogger;
  protected readonly now: () => number;
  protected protocolErrors = 0;
  protected lastHeartbeatAt: number | undefined;
  #announced: ButtonHealth | undefined;
  #lastFailure: string | undefined;

  constructor(
    readonly kind: ButtonKind,
    deps: ButtonDeviceDeps,
  ) {
    super((event, error) => this.logger.error({ kind: this.kind, event, err: String(error) }, 'an emergency button listener threw'));
    this.logger = deps.logger;
    this.now = deps.now ?? Date.now;
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract setLed(mode: LedMode): Promise<void>;
  abstract buzz(ms: number): Promise<void>;
  protected abstract assess(): Assessment;
  protected abstract get connected(): boolean;

  health(): ButtonHealth {
    const { state, message } = this.assess();
    const health: ButtonHealth = { kind: this.kind, state, message, protocolErrors: this.protocolErrors, connected: this.connected };
    if (this.lastHeartbeatAt !== undefined) health.lastHeartbeatAt = this.lastHeartbeatAt;
    return health;
  }

  protected refresh(): void {
    const health = this.health();
    const last = this.#announced;
    if (last && last.state === health.state && last.message.en === health.message.en && last.connected === health.connected) return;
    this.#announced = health;
    if (last?.state !== health.state) {
      const log = health.state === 'ok' ? this.logger.info : this.logger.warn;
      log.call(this.logger, { kind: this.kind, state: health.state, reason: health.message.en }, 'emergency button health changed');
    }
    this.emit('health', health);
  }

  /** Logs a failure once per distinct error: a retry loop must not fill the log while a device stays away. */
  protected logFailure(err: Error, obj: object, msg: string): void {
    if (err.message === this.#lastFailure) return;
    this.#lastFailure = err.message;
    this.logger.warn({ ...obj, err: err.message }, msg);
  }

  /** The device opened: the next failure is news again. */
  protected failureCleared(): void {
    this.#lastFailure = undefined;
  }

  protected pressed(): void {
    const at = this.now();
    this.logger.info({ kind: this.kind, at }, 'emergency button pressed');
    this.emit('press', { at });
  }

  protected released(): void {
    const at = this.now();
    this.logger.info({ kind: this.kind, at }, 'emergency button released');
    this.emit('release', { at });
  }
}

/**
 * A button that is one connection, opened again after a pause whenever it fails: the USB HID
 * button and the dry contact. Each says how to open and close its connection; starting,
 * stopping and the pending retry are the same for both.
 */
export abstract class ReconnectingButton<C> extends ButtonDeviceBase {
  /** Set by `open()` once the connection is up; cleared by the kind when it fails. */
  protected connection: C | undefined;
  #running = false;
  #opening: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** Opens the connection; on failure reports it and schedules the next try. Never rejects. */
  protected abstract open(): Promise<void>;
  /** Never throws: the device may already be gone. */
  protected abstract close(connection: C): void | Promise<void>;

  protected get running(): boolean {
    return this.#running;
  }

  protected get connected(): boolean {
    return this.connection !== undefined;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.reopen();
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#opening;
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined) await this.close(connection);
    this.refresh();
  }

  /** Tracked, so that `stop()` can wait for an open in flight before closing what it opened. */
  protected reopen(): Promise<void> {
    this.#opening = this.open();
    return this.#opening;
  }

  /** Runs `run` after `delayMs`, unless stopped first; `stop()` cancels it. */
  protected schedule(delayMs: number, run: () => void): void {
    if (!this.#running) return;
    this.#timer = setTimeout(run, delayMs);
  }
}
