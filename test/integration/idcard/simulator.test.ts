import { afterEach, describe, expect, it } from 'vitest';
import {
  SIMULATOR_DECK,
  buildRequest,
  createSerialTransport,
  encodeFrame,
  parseReadResponse,
  startSimulatedReaderLine,
  type ReaderTransport,
  type SimulatedReaderLine,
} from '../../../drivers/idcard/index.ts';
import { hex } from '../../unit/idcard/fixtures.ts';

/**
 * The simulator as the kiosk's `--simulate` mode starts it, talked to over the serial transport
 * with raw commands: its pace on the wire and its answers to malformed requests.
 */

let opened: { line: SimulatedReaderLine; transport: ReaderTransport } | undefined;

afterEach(async () => {
  await opened?.transport.close();
  await opened?.line.close();
  opened = undefined;
});

async function open(baudRate: number): Promise<{ line: SimulatedReaderLine; transport: ReaderTransport }> {
  const line = await startSimulatedReaderLine({ baudRate });
  const transport = createSerialTransport({ path: line.kioskPath, baudRate });
  opened = { line, transport };
  expect((await transport.open()).ok).toBe(true);
  return opened;
}

/** Find, select and read, returning how long the read reply took to arrive. */
async function timedRead(transport: ReaderTransport): Promise<number> {
  expect(await transport.request(buildRequest('findCard'), 1_000)).toMatchObject({ ok: true, value: { sw3: 0x9f } });
  expect(await transport.request(buildRequest('selectCard'), 1_000)).toMatchObject({ ok: true, value: { sw3: 0x90 } });
  const started = performance.now();
  const reply = await transport.request(buildRequest('readText'), 3_000);
  const elapsed = performance.now() - started;
  expect(reply.ok && parseReadResponse(reply.value, 'readText')).toMatchObject({ ok: true, value: { text: SIMULATOR_DECK.resident.text } });
  return elapsed;
}

describe('reader simulator', () => {
  // facts §7.2: 1295 bytes × 10 bits at 115200 baud ≈ 112 ms; at 9600 ≈ 1.35 s.
  it.each([
    [115_200, 112],
    [9_600, 1_349],
  ])('sends a read reply at the pace of %i baud', async (baudRate, wireMs) => {
    const { line, transport } = await open(baudRate);
    line.simulator.place('resident');
    const elapsed = await timedRead(transport);
    expect(elapsed).toBeGreaterThanOrEqual(wireMs - 2);
    expect(elapsed).toBeLessThan(wireMs + 500);
  });

  it('answers a request with a bad checksum with 10 and one with an impossible length with 11', async () => {
    const { transport } = await open(115_200);
    expect(await transport.request(hex('AA AA AA 96 69 00 03 20 01 21'), 500)).toMatchObject({ ok: true, value: { sw3: 0x10 } });
    expect(await transport.request(hex('AA AA AA 96 69 00 02 20 22'), 500)).toMatchObject({ ok: true, value: { sw3: 0x11 } });
  });

  it('records every command, and refuses one it does not implement (here a rate change) with 21', async () => {
    const { line, transport } = await open(115_200);
    await transport.request(buildRequest('samStatus'), 500);
    expect(await transport.request(encodeFrame(Uint8Array.of(0x60, 0x04)), 500)).toMatchObject({ ok: true, value: { sw3: 0x21 } });
    expect(line.simulator.received.map(({ cmd, para, command }) => ({ cmd, para, command }))).toEqual([
      { cmd: 0x11, para: 0xff, command: 'samStatus' },
      { cmd: 0x60, para: 0x04, command: undefined },
    ]);
  });
});
