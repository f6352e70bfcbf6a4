import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildRequest,
  buildResponse,
  createSerialTransport,
  type ProtocolFault,
  type ReaderTransport,
} from '../../../drivers/idcard/index.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { hex } from '../../unit/idcard/fixtures.ts';
import { waitFor } from './support.ts';

/**
 * The serial transport over a real pty pair, with a scripted peer on the far end in place of the
 * simulator, so each test controls exactly which bytes come back and when.
 */

const CARD_FOUND = hex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');

interface Line {
  readonly pty: PtyPair;
  readonly transport: ReaderTransport;
  readonly faults: ProtocolFault[];
  /** Bytes the peer received, and a function to make the peer answer each request. */
  readonly heard: Buffer[];
  answer(respond: (request: Buffer) => Uint8Array | undefined): void;
  send(bytes: Uint8Array): void;
  close(): Promise<void>;
}

let line: Line | undefined;

afterEach(async () => {
  await line?.close();
  line = undefined;
});

async function openLine(): Promise<Line> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-idcard-serial-'));
  const pty = await createPtyPair('idcard', dir);
  const peer = new SerialPort({ path: pty.devicePath, baudRate: 115_200, autoOpen: false });
  peer.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => peer.open((e) => (e ? reject(e) : resolve())));
  const heard: Buffer[] = [];
  let respond: (request: Buffer) => Uint8Array | undefined = () => undefined;
  peer.on('data', (chunk: Buffer) => {
    heard.push(chunk);
    const reply = respond(chunk);
    if (reply) peer.write(Buffer.from(reply));
  });
  const transport = createSerialTransport({ path: pty.kioskPath });
  const faults: ProtocolFault[] = [];
  transport.on('protocol-error', (f) => void faults.push(f));
  expect(await transport.open()).toEqual({ ok: true, value: undefined });
  line = {
    pty,
    transport,
    faults,
    heard,
    answer: (r) => {
      respond = r;
    },
    send: (bytes) => void peer.write(Buffer.from(bytes)),
    async close() {
      await transport.close();
      if (peer.isOpen) await new Promise<void>((resolve) => peer.close(() => resolve()));
      await pty.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return line;
}

describe('serial transport', () => {
  it('writes the request frame as it is and returns the reply', async () => {
    const l = await openLine();
    l.answer(() => CARD_FOUND);
    const result = await l.transport.request(buildRequest('findCard'), 500);
    expect(result).toEqual({ ok: true, value: { sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) } });
    expect(Buffer.concat(l.heard)).toEqual(Buffer.from(hex('AA AA AA 96 69 00 03 20 01 22')));
    expect(l.faults).toEqual([]);
  });

  it('times out when nothing comes back', async () => {
    const l = await openLine();
    const started = Date.now();
    expect(await l.transport.request(buildRequest('findCard'), 100)).toEqual({ ok: false, error: { kind: 'timeout', pendingBytes: 0 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(l.faults).toEqual([{ kind: 'timeout', pendingBytes: 0 }]);
  });

  it('fails a corrupt reply at once, without waiting for the timeout', async () => {
    const l = await openLine();
    l.answer(() => Uint8Array.from(CARD_FOUND, (b, i) => (i === 9 ? 0x90 : b)));
    const started = Date.now();
    const result = await l.transport.request(buildRequest('findCard'), 2_000);
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad-frame', error: { kind: 'bad-checksum' } } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('on timeout, finds a real reply that a false length before it was holding back', async () => {
    const l = await openLine();
    // A noise burst that looks like a preamble announcing 1024 bytes swallows the real reply.
    l.answer(() => new Uint8Array([...hex('AA AA AA 96 69 04 00'), ...CARD_FOUND]));
    const result = await l.transport.request(buildRequest('findCard'), 150);
    expect(result).toMatchObject({ ok: true, value: { sw3: 0x9f } });
    expect(l.faults).toContainEqual(expect.objectContaining({ kind: 'incomplete' }));
  });

  it('does not take a late reply for the answer to the next request', async () => {
    const l = await openLine();
    expect((await l.transport.request(buildRequest('findCard'), 60)).ok).toBe(false);
    const stray = waitFor((f: (x: ProtocolFault) => void) => l.transport.on('protocol-error', f), 'a stray frame', {
      matches: (f) => f.kind === 'stray-frame',
    });
    l.send(CARD_FOUND);
    await stray;
    l.answer(() => buildResponse({ sw3: 0x90, data: new Uint8Array(8) }));
    expect(await l.transport.request(buildRequest('selectCard'), 500)).toMatchObject({ ok: true, value: { sw3: 0x90 } });
  });

  it('waits out a reply that comes just after its request gave up, so the next request gets its own', async () => {
    const l = await openLine();
    // The reader answers the first request a moment too late: its reply is on the way as the
    // next request would go out.
    const answerLate = l.transport.on('protocol-error', (f) => {
      if (f.kind === 'timeout') l.send(CARD_FOUND);
    });
    expect(await l.transport.request(buildRequest('findCard'), 60)).toEqual({ ok: false, error: { kind: 'timeout', pendingBytes: 0 } });
    answerLate();
    l.answer(() => buildResponse({ sw3: 0x90, data: new Uint8Array(8) }));
    expect(await l.transport.request(buildRequest('selectCard'), 500)).toMatchObject({ ok: true, value: { sw3: 0x90 } });
    expect(l.faults).toContainEqual({ kind: 'stray-frame' });
  });

  it('counts noise between requests', async () => {
    const l = await openLine();
    const noise = waitFor((f: (x: ProtocolFault) => void) => l.transport.on('protocol-error', f), 'noise');
    l.send(hex('01 02 03 04 05 06 07 08'));
    expect((await noise)[0]).toEqual({ kind: 'noise', skipped: 8 });
  });

  it('notices the port vanishing, though a dead pty never closes by itself, and can open it again', async () => {
    const l = await openLine();
    const closed = waitFor((f: () => void) => l.transport.on('closed', f), 'closed', { timeoutMs: 1_000 });
    await l.pty.unplug();
    await closed;
    expect(await l.transport.request(buildRequest('findCard'), 100)).toEqual({ ok: false, error: { kind: 'closed' } });
    expect((await l.transport.open()).ok).toBe(false);
    await l.pty.replug();
    expect(await l.transport.open()).toEqual({ ok: true, value: undefined });
  });

  it('reports a path that does not exist as an I/O error', async () => {
    const transport = createSerialTransport({ path: '/dev/linli-no-such-reader' });
    const opened = await transport.open();
    expect(opened).toMatchObject({ ok: false, error: { kind: 'io' } });
    await transport.close();
  });
});
