import { Mutex } from '../mutex.ts';
import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { SerialPort } from 'serialport';
import { TypedEmitter } from '../typed-emitter.ts';
import { HEADER_LENGTH, MAX_LEN, RESPONSE_FRAMES, type ResponseFrame } from './frame.ts';
import { err, ok, type Result } from './result.ts';
import { FrameSplitter, type SplitResult } from './stream.ts';
import { DRAIN_ROUND_MS, DRAIN_ROUNDS, drainLateReplies, type ReaderTransport, type TransportError, type TransportEvents } from './transport.ts';

export interface SerialTransportOptions {
  /** e.g. /dev/ttyUSB0. */
  readonly path: string;
  /**
   * facts/idcard.md §2.1: 115200 8N1 unless the reader was set otherwise. The port opens at this
   * rate and the 60 xx rate commands are never sent (facts §7.2): the reader answers a rate change
   * at the old rate and whether the change survives power-off is unknown, so a kiosk that sent
   * one could lose its reader after the next power cut.
   */
  readonly baudRate?: number;
}

export const DEFAULT_BAUD_RATE = 115_200;

// 8N1: a start bit, eight data bits and a stop bit per byte (facts/idcard.md §2.1).
const BITS_PER_BYTE = 10;

// A pty whose socat has died does not close on its own: only a write fails. USB-serial adapters
// usually close at once, but polling the path catches both within a quarter second.
const VANISH_POLL_MS = 250;

interface Pending {
  readonly resolve: (result: Result<ResponseFrame, TransportError>) => void;
  readonly timer: NodeJS.Timeout;
}

class SerialTransport extends TypedEmitter<TransportEvents> implements ReaderTransport {
  readonly description: string;
  readonly #path: string;
  readonly #baudRate: number;
  #port: SerialPort | undefined;
  #poll: NodeJS.Timeout | undefined;
  #splitter = new FrameSplitter(RESPONSE_FRAMES);
  #pending: Pending | undefined;
  readonly #queue = new Mutex();
  /** A request gave up, so its reply may still come: drained before the next (transport.ts drainLateReplies). */
  #outOfStep = false;
  /** Counts bytes read, so a drain round can tell whether anything came. */
  #bytesRead = 0;
  /** Rounds enough for the largest frame (2321 bytes, 2.4 s at 9600 baud) to finish arriving. */
  readonly #drainRounds: number;

  constructor(options: SerialTransportOptions) {
    super();
    this.#path = options.path;
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.description = `serial ${this.#path} at ${this.#baudRate}`;
    const largestFrameMs = ((HEADER_LENGTH + MAX_LEN) * BITS_PER_BYTE * 1000) / this.#baudRate;
    this.#drainRounds = DRAIN_ROUNDS + Math.ceil(largestFrameMs / DRAIN_ROUND_MS);
  }

  async open(): Promise<Result<void, TransportError>> {
    if (this.#port) return ok(undefined);
    const port = new SerialPort({
      path: this.#path,
      baudRate: this.#baudRate,
      dataBits: 8,
      stopBits: 1,
      parity: 'none',
      autoOpen: false,
    });
    // Listeners stay for the port's life: a late 'error' with no listener would crash the process.
    port.on('error', () => this.#lost(port));
    port.on('close', () => this.#lost(port));
    port.on('data', (chunk: Buffer) => {
      if (this.#port !== port) return;
      this.#bytesRead += chunk.length;
      this.#handle(this.#splitter.push(chunk));
    });
    const failure = await new Promise<Error | null>((resolve) => port.open(resolve));
    if (failure) return err({ kind: 'io', message: failure.message });
    this.#port = port;
    this.#splitter = new FrameSplitter(RESPONSE_FRAMES);
    this.#poll = setInterval(() => {
      if (!existsSync(this.#path)) this.#lost(port);
    }, VANISH_POLL_MS);
    return ok(undefined);
  }

  async close(): Promise<void> {
    const port = this.#detach();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  request(frame: Uint8Array, timeoutMs: number): Promise<Result<ResponseFrame, TransportError>> {
    return this.#queue.runExclusive(() => this.#send(frame, timeoutMs));
  }

  async #send(frame: Uint8Array, timeoutMs: number): Promise<Result<ResponseFrame, TransportError>> {
    const port = this.#port;
    if (!port) return err({ kind: 'closed' });
    if (this.#outOfStep) {
      // Late frames that come meanwhile are reported as strays by #handle, as they arrive.
      const drained = await drainLateReplies(() => this.#listen(port), this.#drainRounds);
      if (!drained.ok) return drained;
      this.#outOfStep = false;
    }
    this.#dropHeldBytes();
    return new Promise((resolve) => {
      this.#pending = { resolve, timer: setTimeout(() => this.#expire(), timeoutMs) };
      port.write(Buffer.from(frame), (failure) => {
        if (failure) this.#finish(err({ kind: 'io', message: failure.message }));
      });
    });
  }

  /** One drain round: whether any bytes came while listening. */
  async #listen(port: SerialPort): Promise<Result<boolean, TransportError>> {
    const before = this.#bytesRead;
    await delay(DRAIN_ROUND_MS);
    if (this.#port !== port) return err({ kind: 'closed' });
    return ok(this.#bytesRead !== before);
  }

  /** Bytes of an earlier, abandoned reply must not be glued to the start of the next one. */
  #dropHeldBytes(): void {
    while (this.#splitter.pendingBytes > 0) this.#handle(this.#splitter.expirePending());
  }

  #expire(): void {
    const held = this.#splitter.pendingBytes;
    // The held bytes may hide a whole frame behind a false length (see FrameSplitter).
    this.#handle(this.#splitter.expirePending());
    if (!this.#pending) return;
    // With bytes held, expirePending has already reported the fault as an incomplete frame.
    if (held === 0) this.emit('protocol-error', { kind: 'timeout', pendingBytes: 0 });
    this.#outOfStep = true;
    this.#finish(err({ kind: 'timeout', pendingBytes: held }));
  }

  #handle(result: SplitResult<ResponseFrame>): void {
    for (const error of result.errors) this.emit('protocol-error', error);
    const [first, ...rest] = result.frames;
    if (first && this.#pending) this.#finish(ok(first));
    else if (first) this.emit('protocol-error', { kind: 'stray-frame' });
    for (let i = 0; i < rest.length; i++) this.emit('protocol-error', { kind: 'stray-frame' });
    // A corrupt reply fails its request at once; noise before a good reply does not.
    const broken = result.errors.find((e) => e.kind === 'bad-checksum' || e.kind === 'bad-length');
    if (broken && this.#pending) {
      this.#outOfStep = true;
      this.#finish(err({ kind: 'bad-frame', error: broken }));
    }
  }

  #finish(result: Result<ResponseFrame, TransportError>): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(result);
  }

  #lost(port: SerialPort): void {
    if (this.#port !== port) return;
    this.#detach();
    if (port.isOpen) port.close(() => undefined);
    this.emit('closed');
  }

  #detach(): SerialPort | undefined {
    const port = this.#port;
    this.#port = undefined;
    clearInterval(this.#poll);
    this.#poll = undefined;
    this.#finish(err({ kind: 'closed' }));
    return port;
  }
}

export function createSerialTransport(options: SerialTransportOptions): ReaderTransport {
  return new SerialTransport(options);
}
