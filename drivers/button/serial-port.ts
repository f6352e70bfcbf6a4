import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';

/**
 * The slice of serialport's stream API the button drivers and the simulator use, so that the
 * system `SerialPort` and serialport's own `SerialPortMock` both fit without adapters.
 */
export interface ControlLines {
  cts: boolean;
  dsr: boolean;
  dcd: boolean;
}

type Callback = (err: Error | null) => void;

export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: Callback): void;
  close(callback: Callback): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  drain(callback: Callback): void;
  set(options: { dtr?: boolean; rts?: boolean }, callback: Callback): void;
  get(callback: (err: Error | null, lines?: ControlLines) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: Error | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeAllListeners(): unknown;
}

export type SerialPortFactory = (options: { path: string; baudRate: number }) => SerialPortLike;

export const createSystemSerialPort: SerialPortFactory = ({ path, baudRate }) =>
  new SerialPort({ path, baudRate, autoOpen: false });

// PROTOCOL.md §1: 115200 8N1; serialport's defaults supply the 8N1.
export const DEFAULT_BAUD_RATE = 115_200;

export function openPort(port: SerialPortLike): Promise<void> {
  return new Promise((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
}

/**
 * Closes and forgets a port. Never rejects: the port may already be gone with its device, and
 * a late 'error' from it must not become an uncaught exception.
 */
export function discardPort(port: SerialPortLike): Promise<void> {
  port.removeAllListeners();
  port.on('error', () => {});
  if (!port.isOpen) return Promise.resolve();
  return new Promise((resolve) => port.close(() => resolve()));
}

/** Resolves once the bytes have been handed to the operating system. */
export function writePort(port: SerialPortLike, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    port.write(Buffer.from(bytes), (err) => {
      if (err) reject(err);
      else port.drain((drainErr) => (drainErr ? reject(drainErr) : resolve()));
    });
  });
}

export function setControlLines(port: SerialPortLike, lines: { dtr: boolean; rts: boolean }): Promise<void> {
  return new Promise((resolve, reject) => port.set(lines, (err) => (err ? reject(err) : resolve())));
}

export function getControlLines(port: SerialPortLike): Promise<ControlLines> {
  return new Promise((resolve, reject) =>
    port.get((err, lines) => (err || !lines ? reject(err ?? new Error('no control lines returned')) : resolve(lines))),
  );
}

/**
 * Calls `onChange` when the path appears or disappears. A USB-serial adapter that is pulled
 * takes its device node with it, and a pty whose socat dies may just go quiet without closing
 * our port, so the path is the one signal every kind of unplug gives.
 */
export function watchPath(path: string, intervalMs: number, onChange: (exists: boolean) => void): () => void {
  let exists = existsSync(path);
  const timer = setInterval(() => {
    const now = existsSync(path);
    if (now === exists) return;
    exists = now;
    onChange(now);
  }, intervalMs);
  return () => clearInterval(timer);
}

/** Delays between reconnect attempts: doubling from `firstMs`, capped at `maxMs`. */
export class Backoff {
  #nextMs: number;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {
    this.#nextMs = firstMs;
  }

  next(): number {
    const delay = this.#nextMs;
    this.#nextMs = Math.min(delay * 2, this.maxMs);
    return delay;
  }

  reset(): void {
    this.#nextMs = this.firstMs;
  }
}
