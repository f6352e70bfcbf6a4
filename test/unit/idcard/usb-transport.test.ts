import { describe, expect, it } from 'vitest';
import {
  SAM_USB_PIPES,
  buildRequest,
  buildResponse,
  createUsbTransport,
  openSamUsbDevice,
  parseReadResponse,
  type BulkPipes,
  type PipeFailure,
  type PipeResult,
  type ProtocolFault,
  type ReaderTransport,
  type SamUsb,
  type TimedUsbDevice,
} from '../../../drivers/idcard/index.ts';
import { RESIDENT_CARD, samplePhoto } from '../../../drivers/idcard/testing/cards.ts';
import { encodeReadReply } from '../../../drivers/idcard/testing/encode.ts';
import { hex } from './fixtures.ts';

/**
 * The 0400:C35A transport at its endpoint boundary (facts/idcard.md §1.3). No USB device is
 * available to the tests, so a fake stands in for the four bulk pipes: it hears the request on
 * the two OUT pipes and queues the reply's pieces on the two IN pipes, as the device would —
 * first in, first out, and if need be after the request has stopped waiting.
 */

const CARD_FOUND = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const HEADER = 7;

interface Transfer {
  readonly direction: 'out' | 'in';
  readonly endpoint: number;
  readonly bytes: number;
}

class FakeSamDevice implements BulkPipes {
  readonly transfers: Transfer[] = [];
  readonly sent = new Map<number, Uint8Array[]>();
  // Each IN pipe is first-in first-out, as on the device: a reply nobody read waits for the next read.
  #queues = new Map<number, Uint8Array[]>();
  #arrived = new Map<number, () => void>();
  #late: { header: Uint8Array[]; body: Uint8Array[] }[] = [];
  #detach: (() => void) | undefined;
  closed = false;
  /** How the device replies to a whole request: pieces per IN pipe, or nothing. */
  reply: (request: Uint8Array) => { header?: Uint8Array[]; body?: Uint8Array[] } = () => ({});
  /** The device takes longer than the request allows: its replies wait for `deliverLate()`. */
  slow = false;
  /** Every read yields a byte, as a device out of step that never stops sending. */
  babbling = false;
  failure: PipeFailure | undefined;

  async transferOut(endpoint: number, data: Uint8Array): Promise<PipeResult<void>> {
    this.transfers.push({ direction: 'out', endpoint, bytes: data.length });
    if (this.failure) return { ok: false, failure: this.failure };
    this.sent.set(endpoint, [...(this.sent.get(endpoint) ?? []), data.slice()]);
    if (endpoint === SAM_USB_PIPES.bodyOut) {
      const header = this.sent.get(SAM_USB_PIPES.headerOut)?.at(-1) ?? new Uint8Array(0);
      const { header: h = [], body = [] } = this.reply(new Uint8Array([...header, ...data]));
      if (this.slow) this.#late.push({ header: h, body });
      else this.#deliver(h, body);
    }
    return { ok: true, value: undefined };
  }

  /** The replies held back by `slow` come in now, in order. */
  deliverLate(): void {
    for (const { header, body } of this.#late.splice(0)) this.#deliver(header, body);
  }

  /** Queues pieces on an IN pipe directly, as a device that sends unasked. */
  push(endpoint: number, ...pieces: Uint8Array[]): void {
    this.#queues.set(endpoint, [...(this.#queues.get(endpoint) ?? []), ...pieces]);
    this.#arrived.get(endpoint)?.();
  }

  #deliver(header: Uint8Array[], body: Uint8Array[]): void {
    this.push(SAM_USB_PIPES.headerIn, ...header);
    this.push(SAM_USB_PIPES.bodyIn, ...body);
  }

  async transferIn(endpoint: number, maxLength: number, timeoutMs: number): Promise<PipeResult<Uint8Array>> {
    this.transfers.push({ direction: 'in', endpoint, bytes: maxLength });
    if (this.failure) return { ok: false, failure: this.failure };
    if (this.babbling) return { ok: true, value: new Uint8Array(1) };
    if (!this.#queues.get(endpoint)?.length) {
      // libusb waits until something comes or the timeout runs out.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.#arrived.set(endpoint, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.#arrived.delete(endpoint);
    }
    const piece = this.#queues.get(endpoint)?.shift();
    return piece ? { ok: true, value: piece } : { ok: false, failure: 'timeout' };
  }

  onDetach(listener: () => void): () => void {
    this.#detach = listener;
    return () => {
      this.#detach = undefined;
    };
  }

  detach(): void {
    this.#detach?.();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A reply split as the device sends it: header on 0x81, the rest on 0x85 in `chunk`-byte packets. */
function split(frame: Uint8Array, chunk = 64): { header: Uint8Array[]; body: Uint8Array[] } {
  const body: Uint8Array[] = [];
  for (let at = HEADER; at < frame.length; at += chunk) body.push(frame.slice(at, Math.min(at + chunk, frame.length)));
  return { header: [frame.slice(0, HEADER)], body };
}

async function openWith(device: FakeSamDevice): Promise<{ transport: ReaderTransport; faults: ProtocolFault[]; closed: number[] }> {
  const transport = createUsbTransport({ openPipes: async () => ({ ok: true, value: device }) });
  const faults: ProtocolFault[] = [];
  const closed: number[] = [];
  transport.on('protocol-error', (f) => void faults.push(f));
  transport.on('closed', () => void closed.push(Date.now()));
  expect(await transport.open()).toEqual({ ok: true, value: undefined });
  return { transport, faults, closed };
}

describe('USB bulk transport (0400:C35A)', () => {
  it('sends the header on 0x02 and the body on 0x06, and reads the reply header on 0x81 and body on 0x85', async () => {
    const device = new FakeSamDevice();
    device.reply = () => split(CARD_FOUND);
    const { transport } = await openWith(device);
    const request = buildRequest('findCard');

    const result = await transport.request(request, 200);

    expect(result).toEqual({ ok: true, value: { sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) } });
    expect(device.sent.get(0x02)).toEqual([hex('AA AA AA 96 69 00 03')]);
    expect(device.sent.get(0x06)).toEqual([hex('20 01 22')]);
    expect(device.transfers).toEqual([
      { direction: 'out', endpoint: 0x02, bytes: 7 },
      { direction: 'out', endpoint: 0x06, bytes: 3 },
      { direction: 'in', endpoint: 0x01, bytes: 7 },
      { direction: 'in', endpoint: 0x05, bytes: 8 },
    ]);
  });

  it('gathers a 1295-byte read reply from short 64-byte reads and a header split in two', async () => {
    const device = new FakeSamDevice();
    const reply = encodeReadReply(RESIDENT_CARD, samplePhoto());
    device.reply = () => ({ header: [reply.slice(0, 3), reply.slice(3, HEADER)], body: split(reply).body });
    const { transport } = await openWith(device);

    const result = await transport.request(buildRequest('readText'), 500);

    expect(result.ok).toBe(true);
    const read = result.ok ? parseReadResponse(result.value, 'readText') : undefined;
    expect(read).toEqual({ ok: true, value: { text: RESIDENT_CARD, photo: samplePhoto() } });
    // Each short read asks only for what is still missing.
    const bodyReads = device.transfers.filter((t) => t.direction === 'in' && t.endpoint === 0x05).map((t) => t.bytes);
    expect(bodyReads[0]).toBe(1288);
    expect(bodyReads.at(-1)).toBe(1288 - 64 * 20);
  });

  it('times out when the device does not answer, as a fault on the line', async () => {
    const device = new FakeSamDevice();
    const { transport, faults } = await openWith(device);
    const started = Date.now();

    const result = await transport.request(buildRequest('findCard'), 80);

    expect(result).toEqual({ ok: false, error: { kind: 'timeout', pendingBytes: 0 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(faults).toEqual([{ kind: 'timeout', pendingBytes: 0 }]);
  });

  it('times out on a reply cut short, reporting the bytes it had', async () => {
    const device = new FakeSamDevice();
    const reply = encodeReadReply(RESIDENT_CARD, samplePhoto());
    device.reply = () => ({ header: [reply.slice(0, HEADER)], body: [reply.slice(HEADER, HEADER + 100)] });
    const { transport } = await openWith(device);

    expect(await transport.request(buildRequest('readText'), 80)).toEqual({ ok: false, error: { kind: 'timeout', pendingBytes: HEADER + 100 } });
  });

  it.each([
    ['a header without the preamble', () => ({ header: [hex('AA AA 00 96 69 00 08')], body: [CARD_FOUND.slice(HEADER)] }), { kind: 'bad-preamble' }],
    ['an impossible length', () => ({ header: [hex('AA AA AA 96 69 FF FF')] }), { kind: 'bad-length', length: 0xffff }],
    ['a wrong checksum', () => split(Uint8Array.from(CARD_FOUND, (b, i) => (i === CARD_FOUND.length - 1 ? b ^ 1 : b))), { kind: 'bad-checksum', expected: 0x97, actual: 0x96 }],
    ['more body than the header announced', () => ({ header: [CARD_FOUND.slice(0, HEADER)], body: [new Uint8Array([...CARD_FOUND.slice(HEADER), 0])] }), { kind: 'trailing-bytes', extra: 1 }],
  ])('refuses %s as a bad frame', async (_, reply, error) => {
    const device = new FakeSamDevice();
    device.reply = reply;
    const { transport, faults } = await openWith(device);

    expect(await transport.request(buildRequest('findCard'), 200)).toEqual({ ok: false, error: { kind: 'bad-frame', error } });
    expect(faults).toEqual([error]);
  });

  it('reports a device that disconnects mid-request as closed, once, and refuses requests until reopened', async () => {
    const device = new FakeSamDevice();
    const { transport, closed } = await openWith(device);
    device.failure = 'disconnected';

    expect(await transport.request(buildRequest('findCard'), 200)).toEqual({ ok: false, error: { kind: 'closed' } });
    expect(await transport.request(buildRequest('findCard'), 200)).toEqual({ ok: false, error: { kind: 'closed' } });
    expect(closed).toHaveLength(1);
    expect(device.closed).toBe(true);
  });

  it('reports a detached device as closed, and opens the device afresh afterwards', async () => {
    const devices = [new FakeSamDevice(), new FakeSamDevice()];
    let opens = 0;
    const transport = createUsbTransport({ openPipes: async () => ({ ok: true, value: devices[opens++]! }) });
    const closed: number[] = [];
    transport.on('closed', () => void closed.push(1));
    await transport.open();

    devices[0]!.detach();
    expect(closed).toHaveLength(1);
    devices[1]!.reply = () => split(CARD_FOUND);
    await transport.open();

    expect((await transport.request(buildRequest('findCard'), 200)).ok).toBe(true);
    expect(opens).toBe(2);
  });

  it('passes an opening failure through and reports requests as not connected', async () => {
    const transport = createUsbTransport({ openPipes: async () => ({ ok: false, error: { kind: 'io', message: 'access denied' } }) });

    expect(await transport.open()).toEqual({ ok: false, error: { kind: 'io', message: 'access denied' } });
    expect(await transport.request(buildRequest('findCard'), 50)).toEqual({ ok: false, error: { kind: 'closed' } });
  });

  it('does not report its own close() as the device going away', async () => {
    const device = new FakeSamDevice();
    const { transport, closed } = await openWith(device);
    await transport.close();
    device.detach();
    expect(closed).toEqual([]);
    expect(device.closed).toBe(true);
  });

  /** Answers find with 9F and 4 bytes, anything else with 90 and 8, so a reply one behind shows. */
  const byCommand = (request: Uint8Array) => {
    const find = request[7] === 0x20 && request[8] === 0x01;
    return split(buildResponse({ sw3: find ? 0x9f : 0x90, data: new Uint8Array(find ? 4 : 8) }));
  };

  it('drains a reply that comes after its request gave up, so the next request gets its own', async () => {
    const device = new FakeSamDevice();
    device.reply = byCommand;
    device.slow = true;
    const { transport, faults } = await openWith(device);

    expect(await transport.request(buildRequest('findCard'), 50)).toEqual({ ok: false, error: { kind: 'timeout', pendingBytes: 0 } });
    device.slow = false;
    device.deliverLate();

    const select = await transport.request(buildRequest('selectCard'), 200);
    const find = await transport.request(buildRequest('findCard'), 200);

    expect(select.ok && [select.value.sw3, select.value.data.length]).toEqual([0x90, 8]);
    expect(find.ok && [find.value.sw3, find.value.data.length]).toEqual([0x9f, 4]);
    expect(faults).toEqual([{ kind: 'timeout', pendingBytes: 0 }, { kind: 'stray-frame' }]);
  });

  it('drains the body left behind by a refused header', async () => {
    const device = new FakeSamDevice();
    device.reply = () => ({ header: [hex('AA AA 00 96 69 00 08')], body: [CARD_FOUND.slice(HEADER)] });
    const { transport } = await openWith(device);

    expect(await transport.request(buildRequest('findCard'), 200)).toMatchObject({ ok: false, error: { kind: 'bad-frame' } });
    device.reply = byCommand;
    const select = await transport.request(buildRequest('selectCard'), 200);

    expect(select.ok && [select.value.sw3, select.value.data.length]).toEqual([0x90, 8]);
  });

  it('drains only after a failure: a clean exchange reads nothing extra', async () => {
    const device = new FakeSamDevice();
    device.reply = byCommand;
    const { transport } = await openWith(device);

    await transport.request(buildRequest('findCard'), 200);
    await transport.request(buildRequest('selectCard'), 200);

    expect(device.transfers.filter((t) => t.direction === 'in')).toHaveLength(4);
  });

  it('reports a pipe that will not drain as a failed link, and drains again once reopened', async () => {
    const device = new FakeSamDevice();
    device.reply = byCommand;
    device.slow = true;
    const { transport } = await openWith(device);
    expect((await transport.request(buildRequest('findCard'), 50)).ok).toBe(false);
    device.slow = false;
    device.babbling = true;

    expect(await transport.request(buildRequest('selectCard'), 200)).toEqual({
      ok: false,
      error: { kind: 'io', message: 'the reader keeps sending after a failed request' },
    });

    // The reader's answer to an io failure is to close and open again; the late reply is still owed.
    device.babbling = false;
    device.deliverLate();
    await transport.close();
    await transport.open();
    const select = await transport.request(buildRequest('selectCard'), 200);
    expect(select.ok && [select.value.sw3, select.value.data.length]).toEqual([0x90, 8]);
  });

  it('answers requests in order, one exchange at a time', async () => {
    const device = new FakeSamDevice();
    device.reply = byCommand;
    const { transport } = await openWith(device);

    const [find, select] = await Promise.all([transport.request(buildRequest('findCard'), 200), transport.request(buildRequest('selectCard'), 200)]);

    expect(find.ok && find.value.data.length).toBe(4);
    expect(select.ok && select.value.data.length).toBe(8);
  });
});

describe('opening the 0400:C35A device', () => {
  /** The `usb` package's side of opening: a found device whose interface cannot be claimed. */
  function unclaimableDevice(): { usb: SamUsb; device: { opened: boolean; closed: boolean } } {
    const state = { opened: false, closed: false };
    const device = {
      configuration: { interfaces: [{ interfaceNumber: 0, alternate: { endpoints: [{ direction: 'out', endpointNumber: SAM_USB_PIPES.bodyOut }] } }] },
      async open() {
        state.opened = true;
      },
      async claimInterface() {
        throw new Error('LIBUSB_ERROR_BUSY');
      },
      async close() {
        state.closed = true;
      },
    } as unknown as TimedUsbDevice;
    const usb: SamUsb = { findDeviceByIds: async () => device, addEventListener() {}, removeEventListener() {} };
    return { usb, device: state };
  }

  it('closes the device again when its interface cannot be claimed', async () => {
    const { usb, device } = unclaimableDevice();
    expect(await openSamUsbDevice(async () => usb)).toEqual({ ok: false, error: { kind: 'io', message: 'LIBUSB_ERROR_BUSY' } });
    expect(device).toEqual({ opened: true, closed: true });
  });
});
