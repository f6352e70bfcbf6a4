/// <reference types="w3c-web-usb" />
import { Mutex } from '../mutex.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { HEADER_LENGTH, MAX_LEN, RESPONSE_FRAMES, lenInRange, parseResponseFrame, readLen, startsWithPreamble, type ResponseFrame } from './frame.ts';
import { err, ok, type Result } from './result.ts';
import { DRAIN_ROUND_MS, drainLateReplies, type ReaderTransport, type TransportError, type TransportEvents } from './transport.ts';

/**
 * The common "SAM_V USB" interface, VID 0400 PID C35A, shared by many brands (facts/idcard.md
 * §6). It carries the same frames as serial, but split over four bulk pipes (facts §1.3): the
 * 7-byte header (preamble + Len) out on 0x02 and the body out on 0x06; the reply's header comes
 * in on 0x81 and its body on 0x85.
 */

export const SAM_USB_VENDOR_ID = 0x0400;
export const SAM_USB_PRODUCT_ID = 0xc35a;

/** Endpoint numbers without the direction bit, as WebUSB and the `usb` package take them. */
export const SAM_USB_PIPES = { headerOut: 0x02, bodyOut: 0x06, headerIn: 0x81 & 0x0f, bodyIn: 0x85 & 0x0f } as const;

export type PipeFailure = 'timeout' | 'disconnected' | 'stall';

export type PipeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: PipeFailure };

/**
 * The endpoint boundary: the only part that touches libusb, so the framing above it can be
 * tested with a fake device (no USB hardware in CI). `transferIn` may return fewer bytes than
 * asked for, as a bulk transfer ends at the first short packet.
 */
export interface BulkPipes {
  transferOut(endpoint: number, data: Uint8Array, timeoutMs: number): Promise<PipeResult<void>>;
  transferIn(endpoint: number, maxLength: number, timeoutMs: number): Promise<PipeResult<Uint8Array>>;
  /** Called once when the device is detached; returns a function that stops listening. */
  onDetach(listener: () => void): () => void;
  close(): Promise<void>;
}

export type OpenPipes = () => Promise<Result<BulkPipes, TransportError>>;

/** The largest frame, rounded up to whole 512-byte packets: asking for less than a packet holds makes libusb report an overflow. */
const DRAIN_READ_LENGTH = Math.ceil((HEADER_LENGTH + MAX_LEN) / 512) * 512;

export interface UsbTransportOptions {
  /** Opens the device; defaults to the first 0400:C35A found through the `usb` package. */
  readonly openPipes?: OpenPipes;
}

class UsbTransport extends TypedEmitter<TransportEvents> implements ReaderTransport {
  readonly description = 'usb 0400:c35a';
  readonly #openPipes: OpenPipes;
  #pipes: BulkPipes | undefined;
  #stopListening: (() => void) | undefined;
  readonly #queue = new Mutex();
  /**
   * A request gave up (timeout, bad frame, stalled pipe), so its reply may still come: drained
   * before the next (transport.ts drainLateReplies). Kept across a reopen: the device still
   * holds what it had queued.
   */
  #outOfStep = false;

  constructor(options: UsbTransportOptions) {
    super();
    this.#openPipes = options.openPipes ?? openSamUsbDevice;
  }

  async open(): Promise<Result<void, TransportError>> {
    if (this.#pipes) return ok(undefined);
    const opened = await this.#openPipes();
    if (!opened.ok) return opened;
    const pipes = opened.value;
    this.#pipes = pipes;
    this.#stopListening = pipes.onDetach(() => this.#lost(pipes));
    return ok(undefined);
  }

  async close(): Promise<void> {
    const pipes = this.#detach();
    await pipes?.close();
  }

  request(frame: Uint8Array, timeoutMs: number): Promise<Result<ResponseFrame, TransportError>> {
    return this.#queue.runExclusive(() => this.#exchange(frame, timeoutMs));
  }

  async #exchange(frame: Uint8Array, timeoutMs: number): Promise<Result<ResponseFrame, TransportError>> {
    const pipes = this.#pipes;
    if (!pipes) return err({ kind: 'closed' });
    if (this.#outOfStep) {
      const drained = await this.#drain(pipes);
      if (!drained.ok) return drained;
    }
    const deadline = Date.now() + timeoutMs;
    const left = (): number => deadline - Date.now();

    for (const [endpoint, part] of [
      [SAM_USB_PIPES.headerOut, frame.subarray(0, HEADER_LENGTH)],
      [SAM_USB_PIPES.bodyOut, frame.subarray(HEADER_LENGTH)],
    ] as const) {
      const sent = await pipes.transferOut(endpoint, part, Math.max(1, left()));
      if (!sent.ok) return this.#fail(pipes, sent.failure, 0);
    }

    const header = await this.#readExactly(pipes, SAM_USB_PIPES.headerIn, HEADER_LENGTH, left);
    if (!header.ok) return header;
    if (!startsWithPreamble(header.value, 0)) return this.#badFrame({ kind: 'bad-preamble' });
    const len = readLen(header.value, 0);
    if (!lenInRange(RESPONSE_FRAMES, len)) return this.#badFrame({ kind: 'bad-length', length: len });

    const body = await this.#readExactly(pipes, SAM_USB_PIPES.bodyIn, len, left, HEADER_LENGTH);
    if (!body.ok) return body;
    const whole = new Uint8Array(HEADER_LENGTH + len);
    whole.set(header.value, 0);
    whole.set(body.value, HEADER_LENGTH);
    const parsed = parseResponseFrame(whole);
    return parsed.ok ? parsed : this.#badFrame(parsed.error);
  }

  /** Reads until `length` bytes have come from one pipe, or the request's time is up. */
  async #readExactly(
    pipes: BulkPipes,
    endpoint: number,
    length: number,
    left: () => number,
    alreadyHeld = 0,
  ): Promise<Result<Uint8Array, TransportError>> {
    const buffer = new Uint8Array(length);
    let have = 0;
    while (have < length) {
      if (left() <= 0) return this.#fail(pipes, 'timeout', alreadyHeld + have);
      const got = await pipes.transferIn(endpoint, length - have, left());
      if (!got.ok) return this.#fail(pipes, got.failure, alreadyHeld + have);
      // A device that sends more than asked is not speaking this framing.
      if (got.value.length > length - have) return this.#badFrame({ kind: 'trailing-bytes', extra: got.value.length - (length - have) });
      buffer.set(got.value, have);
      have += got.value.length;
    }
    return ok(buffer);
  }

  /** Empties both IN pipes, a short read on each per round; what it finds is a late reply, counted as such. */
  async #drain(pipes: BulkPipes): Promise<Result<void, TransportError>> {
    const drained = await drainLateReplies(async () => {
      let found = false;
      for (const endpoint of [SAM_USB_PIPES.headerIn, SAM_USB_PIPES.bodyIn]) {
        const got = await pipes.transferIn(endpoint, DRAIN_READ_LENGTH, DRAIN_ROUND_MS);
        if (!got.ok && got.failure === 'timeout') continue;
        if (!got.ok) return this.#fail(pipes, got.failure, 0);
        if (got.value.length > 0) found = true;
      }
      return ok(found);
    });
    if (!drained.ok) return drained;
    this.#outOfStep = false;
    if (drained.value.heard) this.emit('protocol-error', { kind: 'stray-frame' });
    return ok(undefined);
  }

  #fail(pipes: BulkPipes, failure: PipeFailure, pendingBytes: number): { ok: false; error: TransportError } {
    if (failure === 'disconnected') {
      this.#lost(pipes);
      return err({ kind: 'closed' });
    }
    this.#outOfStep = true;
    if (failure === 'stall') return err({ kind: 'io', message: 'bulk endpoint stalled' });
    this.emit('protocol-error', { kind: 'timeout', pendingBytes });
    return err({ kind: 'timeout', pendingBytes });
  }

  #badFrame(error: Extract<TransportError, { kind: 'bad-frame' }>['error']): { ok: false; error: TransportError } {
    this.#outOfStep = true;
    this.emit('protocol-error', error);
    return err({ kind: 'bad-frame', error });
  }

  #lost(pipes: BulkPipes): void {
    if (this.#pipes !== pipes) return;
    this.#detach();
    void pipes.close();
    this.emit('closed');
  }

  #detach(): BulkPipes | undefined {
    const pipes = this.#pipes;
    this.#pipes = undefined;
    this.#stopListening?.();
    this.#stopListening = undefined;
    return pipes;
  }
}

export function createUsbTransport(options: UsbTransportOptions = {}): ReaderTransport {
  return new UsbTransport(options);
}

/**
 * Opens the first 0400:C35A device through the `usb` package (libusb-free nusb bindings with a
 * WebUSB-shaped API). The module loads lazily, so a kiosk with a serial reader never needs its
 * native binary. On Windows the device needs a WinUSB driver bound in place of the vendor's
 * (facts §1.3).
 */
export async function openSamUsbDevice(loadUsb: () => Promise<SamUsb> = loadUsbPackage): Promise<Result<BulkPipes, TransportError>> {
  let usb: SamUsb;
  let device: TimedUsbDevice | undefined;
  try {
    usb = await loadUsb();
    device = await usb.findDeviceByIds(SAM_USB_VENDOR_ID, SAM_USB_PRODUCT_ID);
    if (!device) return err({ kind: 'closed' });
    await device.open();
  } catch (error) {
    return ioError(error);
  }
  const claimed = await claimSamInterface(device);
  if (claimed.ok) return ok(webUsbPipes(usb, device));
  // The reader retries about once a second: an open handle left behind each time would keep the
  // device busy and leak until the process ends.
  await device.close().catch(() => undefined);
  return claimed;
}

async function loadUsbPackage(): Promise<SamUsb> {
  return (await import('usb')).usb;
}

async function claimSamInterface(device: TimedUsbDevice): Promise<Result<void, TransportError>> {
  try {
    if (device.configuration === null) await device.selectConfiguration(1);
    const iface = device.configuration?.interfaces.find((i) =>
      i.alternate.endpoints.some((e) => e.direction === 'out' && e.endpointNumber === SAM_USB_PIPES.bodyOut),
    );
    if (!iface) return err({ kind: 'io', message: 'the USB device has no SAM bulk endpoints' });
    await device.claimInterface(iface.interfaceNumber);
    return ok(undefined);
  } catch (error) {
    return ioError(error);
  }
}

function ioError(error: unknown): { ok: false; error: TransportError } {
  return err({ kind: 'io', message: (error as Error).message });
}

/** The part of the `usb` package this transport uses; tests pass a fake in its place. */
export interface SamUsb {
  findDeviceByIds(vendorId: number, productId: number): Promise<TimedUsbDevice | undefined>;
  addEventListener(type: 'disconnect', listener: (event: USBConnectionEvent) => void): void;
  removeEventListener(type: 'disconnect', listener: (event: USBConnectionEvent) => void): void;
}

/** The `usb` package's transfers take a timeout as a third argument, beyond WebUSB's. */
export type TimedUsbDevice = USBDevice & {
  transferIn(endpoint: number, length: number, timeout?: number): Promise<USBInTransferResult>;
  transferOut(endpoint: number, data: BufferSource, timeout?: number): Promise<USBOutTransferResult>;
};

function webUsbPipes(usb: SamUsb, device: TimedUsbDevice): BulkPipes {
  return {
    async transferOut(endpoint, data, timeoutMs) {
      try {
        const r = await device.transferOut(endpoint, Uint8Array.from(data), timeoutMs);
        return r.status === 'ok' ? { ok: true, value: undefined } : { ok: false, failure: 'stall' };
      } catch (error) {
        return { ok: false, failure: failureOf(error) };
      }
    },
    async transferIn(endpoint, maxLength, timeoutMs) {
      try {
        const r = await device.transferIn(endpoint, maxLength, timeoutMs);
        if (r.status !== 'ok' || !r.data) return { ok: false, failure: 'stall' };
        return { ok: true, value: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) };
      } catch (error) {
        return { ok: false, failure: failureOf(error) };
      }
    },
    onDetach(listener) {
      const onDisconnect = (event: USBConnectionEvent): void => {
        if (event.device === device) listener();
      };
      usb.addEventListener('disconnect', onDisconnect);
      return () => usb.removeEventListener('disconnect', onDisconnect);
    },
    async close() {
      await device.close().catch(() => undefined);
    },
  };
}

/**
 * The package reports a failed transfer only as an error message naming nusb's TransferError:
 * `Cancelled` when the timeout ran out, `Disconnected` when the device went away.
 */
function failureOf(error: unknown): PipeFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/disconnected|no ?device|not ?found/i.test(message)) return 'disconnected';
  if (/stall/i.test(message)) return 'stall';
  return 'timeout';
}
