import { existsSync } from 'node:fs';
import { TypedEmitter } from '../typed-emitter.ts';
import { ButtonCommandDecoder, encodeButtonMessage, MAX_HB_SEQ, type ButtonCommand, type ButtonMessage, type LedMode } from './codec.ts';
import type { ButtonLogger } from './device.ts';
import { DEFAULT_HEARTBEAT_PERIOD_MS } from './heartbeat.ts';
import {
  createSystemSerialPort,
  DEFAULT_BAUD_RATE,
  discardPort,
  openPort,
  writePort,
  type SerialPortFactory,
  type SerialPortLike,
} from './serial-port.ts';

/**
 * A button box on the far end of a pty pair (`createPtyPair().devicePath`), speaking
 * PROTOCOL.md as the firmware does. Used by the tests and by the kiosk's `--simulate` mode.
 *
 * Like the real box it is powered by its USB cable: when its port vanishes and comes back it
 * starts afresh (LED off, heartbeat seq 0, first HB one period later; PROTOCOL.md §6).
 */
export interface ButtonSimulatorOptions {
  path: string;
  heartbeatMs?: number;
  baudRate?: number;
  logger?: ButtonLogger;
  createSerialPort?: SerialPortFactory;
}

export type ButtonSimulatorEvents = {
  /** A valid line from the kiosk, after the simulator has acted on it. */
  command: [ButtonCommand];
  connect: [];
  disconnect: [];
};

// Matches the kiosk driver, so an unplugged pair is back on both ends within the kiosk's 2 s.
const PATH_POLL_MS = 250;

const SILENT: ButtonLogger = { info() {}, warn() {}, error() {} };

export class ButtonSimulator extends TypedEmitter<ButtonSimulatorEvents> {
  /** Every valid command the kiosk sent, in order. */
  readonly commands: ButtonCommand[] = [];
  /** The duration of every BUZZ received, in order. */
  readonly buzzes: number[] = [];
  /** Lines from the kiosk the simulator rejected (PROTOCOL.md §5.1). */
  protocolErrors = 0;
  #ledMode: LedMode = 'off';
  #seq = 0;
  #heartbeatOn = true;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #port: SerialPortLike | undefined;
  #decoder = new ButtonCommandDecoder();
  #opening = false;
  #closed = false;
  readonly #watchTimer: NodeJS.Timeout;
  readonly #path: string;
  readonly #heartbeatMs: number;
  readonly #baudRate: number;
  readonly #logger: ButtonLogger;
  readonly #createPort: SerialPortFactory;

  constructor(options: ButtonSimulatorOptions) {
    super();
    this.#path = options.path;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_PERIOD_MS;
    if (!(this.#heartbeatMs > 0)) throw new RangeError(`heartbeatMs must be > 0, got ${this.#heartbeatMs}`);
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.#logger = options.logger ?? SILENT;
    this.#createPort = options.createSerialPort ?? createSystemSerialPort;
    this.#watchTimer = setInterval(() => void this.#watch(), PATH_POLL_MS);
  }

  get ledMode(): LedMode {
    return this.#ledMode;
  }

  get connected(): boolean {
    return this.#port !== undefined;
  }

  /** The seq the next HB will carry. */
  get heartbeatSeq(): number {
    return this.#seq;
  }

  press(): Promise<void> {
    return this.#send({ type: 'sos' });
  }

  release(): Promise<void> {
    return this.#send({ type: 'rel' });
  }

  fault(text: string): Promise<void> {
    return this.#send({ type: 'fault', text });
  }

  /** Any bytes at all, for noise, partial and over-long lines; a string is taken byte per char code. */
  sendRaw(bytes: Uint8Array | string): Promise<void> {
    return this.#write(typeof bytes === 'string' ? Uint8Array.from(bytes, (c) => c.charCodeAt(0) & 0xff) : bytes);
  }

  stopHeartbeat(): void {
    this.#heartbeatOn = false;
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
  }

  startHeartbeat(): void {
    this.#heartbeatOn = true;
    this.#restartHeartbeat();
  }

  /** The box reboots: LED off, seq back to 0, first HB one period from now. */
  powerCycle(): void {
    this.#powerUp();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#watchTimer);
    this.stopHeartbeat();
    const port = this.#port;
    this.#port = undefined;
    if (port) await discardPort(port);
  }

  /** Opens the port if it is there; resolves either way (the watcher keeps trying). */
  async open(): Promise<void> {
    if (this.#closed || this.#port || this.#opening || !existsSync(this.#path)) return;
    this.#opening = true;
    const port = this.#createPort({ path: this.#path, baudRate: this.#baudRate });
    try {
      await openPort(port);
    } catch (err) {
      await discardPort(port);
      this.#logger.warn({ path: this.#path, err: (err as Error).message }, 'button simulator cannot open its port');
      return;
    } finally {
      this.#opening = false;
    }
    if (this.#closed) {
      await discardPort(port);
      return;
    }
    this.#port = port;
    this.#decoder = new ButtonCommandDecoder();
    port.on('data', (data) => {
      if (this.#port === port) this.#onData(data);
    });
    port.on('close', () => this.#drop(port));
    port.on('error', (err) => {
      this.#logger.warn({ path: this.#path, err: err.message }, 'button simulator port error');
      if (!port.isOpen) this.#drop(port);
    });
    this.#powerUp();
    this.#logger.info({ path: this.#path }, 'button simulator connected');
    this.emit('connect');
  }

  async #watch(): Promise<void> {
    if (this.#port && !existsSync(this.#path)) this.#drop(this.#port);
    else if (!this.#port) await this.open();
  }

  #drop(port: SerialPortLike): void {
    if (this.#port !== port) return;
    this.#port = undefined;
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    void discardPort(port);
    this.#logger.info({ path: this.#path }, 'button simulator disconnected');
    this.emit('disconnect');
  }

  #powerUp(): void {
    this.#ledMode = 'off';
    this.#seq = 0;
    this.#restartHeartbeat();
  }

  #restartHeartbeat(): void {
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    if (!this.#heartbeatOn || !this.#port) return;
    this.#heartbeatTimer = setInterval(() => {
      const seq = this.#seq;
      this.#seq = seq === MAX_HB_SEQ ? 0 : seq + 1;
      void this.#send({ type: 'hb', seq });
    }, this.#heartbeatMs);
  }

  #onData(data: Buffer): void {
    const { messages, errors } = this.#decoder.push(data);
    this.protocolErrors += errors.length;
    for (const error of errors) this.#logger.warn({ path: this.#path, ...error }, 'button simulator rejected a line');
    for (const command of messages) {
      switch (command.type) {
        case 'ping':
          void this.#send({ type: 'pong' });
          break;
        case 'led':
          this.#ledMode = command.mode;
          break;
        case 'buzz':
          this.buzzes.push(command.ms);
          break;
      }
      this.commands.push(command);
      this.emit('command', command);
    }
  }

  #send(message: ButtonMessage): Promise<void> {
    return this.#write(encodeButtonMessage(message));
  }

  /** Like a box with its cable out, a simulator without a port drops what it would have sent. */
  async #write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port) return;
    try {
      await writePort(port, bytes);
    } catch (err) {
      this.#logger.warn({ path: this.#path, err: (err as Error).message }, 'button simulator write failed');
    }
  }
}

export async function startButtonSimulator(options: ButtonSimulatorOptions): Promise<ButtonSimulator> {
  const simulator = new ButtonSimulator(options);
  await simulator.open();
  return simulator;
}
