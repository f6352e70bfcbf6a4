import type { DeviceHealth } from '../health.ts';
import type { TypedEmitter } from '../typed-emitter.ts';
import type { LedMode } from './codec.ts';
import { HidButton, type OpenHid } from './hid.ts';
import { SerialContactButton } from './serial-contact.ts';
import { SerialLineButton } from './serial-line.ts';
import type { SerialPortFactory } from './serial-port.ts';

/**
 * One interface for every kind of emergency button. The kiosk's alarm service listens for
 * `press`/`release` and shows `health` to staff; it never needs to know how the button is wired.
 */

export type ButtonKind = 'serial-line' | 'serial-contact' | 'hid';

export type ButtonEvents = { press: [{ at: number }]; release: [{ at: number }]; health: [ButtonHealth] };

export interface ButtonHealth extends DeviceHealth {
  kind: ButtonKind;
  /** When the last heartbeat arrived (serial-line only: the other kinds have none). */
  lastHeartbeatAt?: number;
  connected: boolean;
}

export interface ButtonDevice extends TypedEmitter<ButtonEvents> {
  /** Never rejects because the device is missing: it reports a fault and keeps trying. */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ButtonHealth;
  /**
   * Resolves once written, or at once for kinds without an LED. While the box is disconnected the
   * write is dropped with a warning; the last LED mode is sent again when it reconnects.
   */
  setLed(mode: LedMode): Promise<void>;
  buzz(ms: number): Promise<void>;
}

/** Our USB-serial button box (PROTOCOL.md). */
export interface SerialLineOptions {
  kind: 'serial-line';
  path: string;
  baudRate?: number;
  /** Fractions are allowed so tests can run a fast heartbeat. */
  heartbeatSeconds?: number;
}

export type ContactInput = 'cts' | 'dsr' | 'dcd';
export type ContactWiring = 'normally-open' | 'normally-closed';

/** A dry contact across an RS-232 port's control lines (facts/emergency.md §3.1 option 1). */
export interface SerialContactOptions {
  kind: 'serial-contact';
  path: string;
  baudRate?: number;
  input?: ContactInput;
  wiring?: ContactWiring;
  debounceMs?: number;
  holdMs?: number;
  /** Normally-closed only: an open loop lasting longer than this is a cut cable, not a press. */
  longPressLimitMs?: number;
}

export interface HidOptions {
  kind: 'hid';
  vendorId: number;
  productId: number;
  /** Opens this hidraw path instead of the first device matching the IDs. */
  path?: string;
  /** Which byte of the input report carries the button. */
  byteIndex?: number;
  /** The bits of that byte that mean "pressed". */
  mask?: number;
}

/** Structurally compatible with the site config's non-simulated `ButtonConfig` kinds. */
export type ButtonOptions = SerialLineOptions | SerialContactOptions | HidOptions;

/** The part of a pino logger the drivers use. */
export interface ButtonLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ButtonDeviceDeps {
  logger: ButtonLogger;
  /** Timestamps for events and health (ms); Date.now unless a test supplies one. */
  now?: () => number;
  /** How serial kinds make their port; tests pass serialport's SerialPortMock here. */
  createSerialPort?: SerialPortFactory;
  /** How the HID kind opens its device; tests pass a fake here. */
  openHid?: OpenHid;
}

export function createButtonDevice(options: ButtonOptions, deps: ButtonDeviceDeps): ButtonDevice {
  switch (options.kind) {
    case 'serial-line':
      return new SerialLineButton(options, deps);
    case 'serial-contact':
      return new SerialContactButton(options, deps);
    case 'hid':
      return new HidButton(options, deps);
  }
}
