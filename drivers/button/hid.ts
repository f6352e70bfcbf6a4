import type { PlainText } from '../health.ts';
import { NOT_RUNNING, ReconnectingButton, WORKING, type Assessment } from './base.ts';
import type { ButtonDeviceDeps, HidOptions } from './device.ts';

/** The part of node-hid's `HID` object this driver uses; tests fake exactly this. */
export interface HidDeviceLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

export type HidTarget = { path: string } | { vendorId: number; productId: number };
export type OpenHid = (target: HidTarget) => HidDeviceLike | Promise<HidDeviceLike>;

/** Loaded on first use so that a kiosk without HID buttons never needs node-hid's native module. */
const openSystemHid: OpenHid = async (target) => {
  const { HID } = await import('node-hid');
  return 'path' in target ? new HID(target.path) : new HID(target.vendorId, target.productId);
};

const REOPEN_MS = 1_000;
// The site file cannot name the bit yet, so the defaults fit the common one-button boards: bit 0 of byte 0.
const DEFAULT_BYTE_INDEX = 0;
const DEFAULT_MASK = 0x01;

const NOT_CONNECTED: PlainText = { zh: 'USB紧急按钮没有连接，请检查USB线', en: 'The USB emergency button is not connected. Check its cable.' };

/** A USB HID button: one bit of one byte of its input report means "pressed". */
export class HidButton extends ReconnectingButton<HidDeviceLike> {
  readonly #target: HidTarget;
  readonly #byteIndex: number;
  readonly #mask: number;
  readonly #openHid: OpenHid;
  /** What the open device last reported; forgotten at every (re)open (see `open`). */
  #pressed = false;

  constructor(options: HidOptions, deps: ButtonDeviceDeps) {
    super('hid', deps);
    this.#target = options.path !== undefined ? { path: options.path } : { vendorId: options.vendorId, productId: options.productId };
    this.#byteIndex = options.byteIndex ?? DEFAULT_BYTE_INDEX;
    this.#mask = options.mask ?? DEFAULT_MASK;
    if (!Number.isInteger(this.#byteIndex) || this.#byteIndex < 0) throw new RangeError(`byteIndex must be an integer ≥ 0, got ${this.#byteIndex}`);
    if (!Number.isInteger(this.#mask) || this.#mask < 1 || this.#mask > 0xff) throw new RangeError(`mask must be 1–255, got ${this.#mask}`);
    this.#openHid = deps.openHid ?? openSystemHid;
  }

  /** HID buttons here have no LED we drive. */
  setLed(): Promise<void> {
    return Promise.resolve();
  }

  /** Nor a buzzer. */
  buzz(): Promise<void> {
    return Promise.resolve();
  }

  protected assess(): Assessment {
    if (!this.running) return { state: 'fault', message: NOT_RUNNING };
    if (!this.connection) return { state: 'fault', message: NOT_CONNECTED };
    return { state: 'ok', message: WORKING };
  }

  protected async open(): Promise<void> {
    let device: HidDeviceLike;
    try {
      device = await this.#openHid(this.#target);
    } catch (err) {
      this.logFailure(err as Error, { target: this.#target }, 'cannot open the USB emergency button');
      this.refresh();
      this.#scheduleReopen();
      return;
    }
    if (!this.running) {
      this.close(device);
      return;
    }
    this.connection = device;
    // The release may have been lost with the old connection, and the device reports only changes:
    // a remembered "pressed" would swallow the next press. A button held through the glitch is
    // reported again instead, which the alarm treats as "pressed again".
    this.#pressed = false;
    this.failureCleared();
    device.on('data', (data) => {
      if (this.connection === device) this.#onReport(data);
    });
    device.on('error', (err) => {
      if (this.connection !== device) return;
      this.logger.warn({ target: this.#target, err: err.message }, 'USB emergency button failed');
      this.connection = undefined;
      this.close(device);
      this.refresh();
      this.#scheduleReopen();
    });
    this.logger.info({ target: this.#target }, 'USB emergency button opened');
    this.refresh();
  }

  #onReport(report: Buffer): void {
    const byte = report[this.#byteIndex];
    if (byte === undefined) {
      this.protocolErrors++;
      this.logger.warn({ length: report.length, byteIndex: this.#byteIndex, count: this.protocolErrors }, 'USB emergency button report too short');
      return;
    }
    const pressed = (byte & this.#mask) !== 0;
    if (pressed === this.#pressed) return;
    this.#pressed = pressed;
    if (pressed) this.pressed();
    else this.released();
  }

  #scheduleReopen(): void {
    this.schedule(REOPEN_MS, () => void this.reopen());
  }

  protected close(device: HidDeviceLike): void {
    try {
      device.close();
    } catch (err) {
      this.logger.warn({ target: this.#target, err: (err as Error).message }, 'closing the USB emergency button failed');
    }
  }
}
