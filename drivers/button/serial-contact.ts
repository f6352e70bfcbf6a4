import type { PlainText } from '../health.ts';
import { NOT_RUNNING, ReconnectingButton, WORKING, type Assessment } from './base.ts';
import { ContactFilter, type ContactTiming } from './contact.ts';
import type { ButtonDeviceDeps, ContactInput, ContactWiring, SerialContactOptions } from './device.ts';
import {
  Backoff,
  createSystemSerialPort,
  DEFAULT_BAUD_RATE,
  discardPort,
  getControlLines,
  openPort,
  setControlLines,
  type SerialPortFactory,
  type SerialPortLike,
} from './serial-port.ts';

// facts/emergency.md §3.1: serialport has no modem-status-change event, so the line is polled.
const POLL_MS = 10;
// PROTOCOL.md §3.1 puts usual contact debounce at 20–50 ms; we take the safe end.
const DEFAULT_DEBOUNCE_MS = 50;
// Long enough to ignore a brush against the button, too short for anyone to notice the wait.
const DEFAULT_HOLD_MS = 100;
// facts/emergency.md §3.1: a bare contact is unsupervised, and a normally-closed loop is how a cut cable
// becomes visible (the line monitoring of §1.5). Nobody holds the button for 10 s; a loop open that long is cut.
const DEFAULT_LONG_PRESS_LIMIT_MS = 10_000;
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 1_000;

const NOT_CONNECTED: PlainText = { zh: '紧急按钮的串口打不开，请检查连线', en: 'The emergency button serial port cannot be opened. Check its cable.' };
const CANNOT_READ: PlainText = { zh: '读不到紧急按钮的信号线', en: 'The emergency button line cannot be read' };
const CABLE_CUT: PlainText = { zh: '按钮线路断开，请检查连线', en: 'The button cable seems cut' };

/**
 * A dry-contact button wired from DTR/RTS (driven high) back to one input line (facts §3.1).
 * Normally open: a press closes the loop. Normally closed: a press opens it, and so does a cut
 * cable — which is why a long open loop becomes a line fault.
 */
export class SerialContactButton extends ReconnectingButton<SerialPortLike> {
  readonly #path: string;
  readonly #baudRate: number;
  readonly #input: ContactInput;
  readonly #wiring: ContactWiring;
  readonly #timing: ContactTiming;
  #filter: ContactFilter;
  readonly #createPort: SerialPortFactory;
  readonly #backoff = new Backoff(RETRY_FIRST_MS, RETRY_MAX_MS);
  #offline: PlainText = NOT_CONNECTED;
  #lineFault = false;

  constructor(options: SerialContactOptions, deps: ButtonDeviceDeps) {
    super('serial-contact', deps);
    this.#path = options.path;
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.#input = options.input ?? 'cts';
    this.#wiring = options.wiring ?? 'normally-open';
    this.#timing = {
      debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      holdMs: options.holdMs ?? DEFAULT_HOLD_MS,
      lineFaultMs: this.#wiring === 'normally-closed' ? (options.longPressLimitMs ?? DEFAULT_LONG_PRESS_LIMIT_MS) : undefined,
    };
    // Made now so that bad timing is refused at configuration, not at the first open.
    this.#filter = new ContactFilter(this.#timing);
    this.#createPort = deps.createSerialPort ?? createSystemSerialPort;
  }

  /** No LED on a bare contact. */
  setLed(): Promise<void> {
    return Promise.resolve();
  }

  /** No buzzer on a bare contact. */
  buzz(): Promise<void> {
    return Promise.resolve();
  }

  protected close(port: SerialPortLike): Promise<void> {
    return discardPort(port);
  }

  protected assess(): Assessment {
    if (!this.running) return { state: 'fault', message: NOT_RUNNING };
    if (!this.connection) return { state: 'fault', message: this.#offline };
    if (this.#lineFault) return { state: 'fault', message: CABLE_CUT };
    return { state: 'ok', message: WORKING };
  }

  protected async open(): Promise<void> {
    const port = this.#createPort({ path: this.#path, baudRate: this.#baudRate });
    try {
      await openPort(port);
      await setControlLines(port, { dtr: true, rts: true });
    } catch (err) {
      await discardPort(port);
      this.#fail(NOT_CONNECTED, err as Error);
      return;
    }
    if (!this.running) {
      await discardPort(port);
      return;
    }
    this.connection = port;
    // The loop went unread while the port was away: a press begun then, and still held, would
    // match a remembered "pressed" and never be reported. Held through the glitch, the button
    // is reported again instead, which the alarm treats as "pressed again".
    this.#filter = new ContactFilter(this.#timing);
    this.#backoff.reset();
    this.failureCleared();
    port.on('error', (err) => this.logger.warn({ path: this.#path, err: err.message }, 'emergency button port error'));
    this.logger.info({ path: this.#path, input: this.#input, wiring: this.#wiring }, 'emergency button port opened');
    this.refresh();
    this.schedule(POLL_MS, () => void this.#poll(port));
  }

  async #poll(port: SerialPortLike): Promise<void> {
    let lines;
    try {
      lines = await getControlLines(port);
    } catch (err) {
      if (this.connection !== port) return;
      this.connection = undefined;
      await discardPort(port);
      this.#fail(CANNOT_READ, err as Error);
      return;
    }
    if (this.connection !== port) return;
    const at = this.now();
    const loopClosed = lines[this.#input];
    const event = this.#filter.sample(this.#wiring === 'normally-open' ? loopClosed : !loopClosed, at);
    if (event === 'press') this.pressed();
    else if (event === 'release') this.released();
    const lineFault = this.#filter.lineFault(at);
    if (lineFault !== this.#lineFault) {
      this.#lineFault = lineFault;
      this.refresh();
    }
    this.schedule(POLL_MS, () => void this.#poll(port));
  }

  #fail(reason: PlainText, err: Error): void {
    this.#offline = reason;
    this.logFailure(err, { path: this.#path }, 'emergency button port failed');
    this.refresh();
    this.schedule(this.#backoff.next(), () => void this.reopen());
  }
}
