import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startButtonSimulator, type ButtonSimulator } from '../../../drivers/button/index.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { waitForCalls } from './support.ts';

const PERIOD_MS = 100;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The kiosk's end, read and written raw, so the simulator is judged by the bytes it sends. */
async function kioskEnd(pair: PtyPair): Promise<{ port: SerialPort; received: () => string }> {
  const port = new SerialPort({ path: pair.kioskPath, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  cleanups.push(() => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  let received = '';
  port.on('data', (d: Buffer) => (received += d.toString('latin1')));
  port.on('error', () => {});
  return { port, received: () => received };
}

async function setup(): Promise<{ pair: PtyPair; sim: ButtonSimulator; kiosk: Awaited<ReturnType<typeof kioskEnd>> }> {
  const pair = await createPtyPair('sim');
  cleanups.push(() => pair.close());
  const sim = await startButtonSimulator({ path: pair.devicePath, heartbeatMs: PERIOD_MS });
  cleanups.push(() => sim.close());
  expect(sim.connected).toBe(true);
  return { pair, sim, kiosk: await kioskEnd(pair) };
}

describe('button simulator', () => {
  it('heartbeats from seq 0 and speaks only protocol lines', async () => {
    const { sim, kiosk } = await setup();
    await sim.press();
    await sim.release();
    await sim.fault('button contact open');
    await vi.waitFor(() => expect(kiosk.received()).toContain('HB 1\n'), { timeout: 2_000 });
    const lines = kiosk.received().split('\n').slice(0, -1);
    expect(lines.filter((l) => l.startsWith('HB '))).toEqual(expect.arrayContaining(['HB 0', 'HB 1']));
    expect(lines.filter((l) => !l.startsWith('HB '))).toEqual(['SOS', 'REL', 'FAULT button contact open']);
    sim.stopHeartbeat();
  });

  it('answers PING with PONG, records LED and BUZZ, and ignores bad lines', async () => {
    const { sim, kiosk } = await setup();
    const commands = waitForCalls((l) => sim.on('command', l), 4, 'commands');
    kiosk.port.write('PING\nLED BLINK\nBUZZ 250\nLED ON\r\nBUZZ 0\nled off\nLED OFF\n');
    expect((await commands).map(([c]) => c)).toEqual([
      { type: 'ping' },
      { type: 'led', mode: 'blink' },
      { type: 'buzz', ms: 250 },
      { type: 'led', mode: 'off' },
    ]);
    expect(sim.ledMode).toBe('off');
    expect(sim.buzzes).toEqual([250]);
    expect(sim.protocolErrors).toBe(3);
    await vi.waitFor(() => expect(kiosk.received()).toContain('PONG\n'), { timeout: 1_000 });
  });

  it('comes back by itself after an unplug, freshly powered up', async () => {
    const { pair, sim, kiosk } = await setup();
    kiosk.port.write('LED ON\n');
    await vi.waitFor(() => expect(sim.ledMode).toBe('on'), { timeout: 1_000 });
    await vi.waitFor(() => expect(sim.heartbeatSeq).toBeGreaterThanOrEqual(2), { timeout: 2_000 });
    const gone = waitForCalls((l) => sim.on('disconnect', l), 1, 'disconnect');
    await pair.unplug();
    await gone;
    expect(sim.connected).toBe(false);
    await expect(sim.press()).resolves.toBeUndefined();

    const back = waitForCalls((l) => sim.on('connect', l), 1, 'connect', 2_000);
    await pair.replug();
    // Opened before the simulator's first heartbeat is due, so nothing it sends is missed.
    const again = await kioskEnd(pair);
    await back;
    expect(sim.ledMode).toBe('off');
    expect(sim.heartbeatSeq).toBe(0);
    await vi.waitFor(() => expect(again.received()).toMatch(/^HB 0\n/), { timeout: 2_000 });
  });
});
