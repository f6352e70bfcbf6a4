import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createButtonDevice, startButtonSimulator, type ButtonDevice, type ButtonHealth, type ButtonSimulator } from '../../../drivers/button/index.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { isOk, recordingLogger, waitForCalls, waitForHealth } from './support.ts';

const PERIOD_MS = 100;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  pair: PtyPair;
  sim: ButtonSimulator;
  device: ButtonDevice;
  log: ReturnType<typeof recordingLogger>;
  presses: () => number;
}

async function rig(opts: { heartbeatMs?: number; startDevice?: boolean } = {}): Promise<Rig> {
  const heartbeatMs = opts.heartbeatMs ?? PERIOD_MS;
  const pair = await createPtyPair('button');
  cleanups.push(() => pair.close());
  const sim = await startButtonSimulator({ path: pair.devicePath, heartbeatMs });
  cleanups.push(() => sim.close());
  const log = recordingLogger();
  const device = createButtonDevice({ kind: 'serial-line', path: pair.kioskPath, heartbeatSeconds: heartbeatMs / 1_000 }, { logger: log });
  cleanups.push(() => device.stop());
  let presses = 0;
  device.on('press', () => presses++);
  if (opts.startDevice !== false) {
    await device.start();
    await waitForHealth(device, isOk, 'ok after start');
  }
  return { pair, sim, device, log, presses: () => presses };
}

const pressOnce = (device: ButtonDevice) => waitForCalls<[{ at: number }]>((l) => device.on('press', l), 1, 'press');

describe('serial-line button over a real pty', () => {
  it('PINGs on connect and is ok on the PONG, before any heartbeat is due', async () => {
    const started = Date.now();
    const { sim, device } = await rig({ heartbeatMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sim.commands[0]).toEqual({ type: 'ping' });
    expect(device.health()).toMatchObject({ kind: 'serial-line', state: 'ok', connected: true, protocolErrors: 0 });
    expect(device.health().lastHeartbeatAt).toBeUndefined();
  });

  it('delivers press and release with timestamps', async () => {
    const { sim, device } = await rig();
    const before = Date.now();
    const pressed = pressOnce(device);
    await sim.press();
    const press = (await pressed)[0]![0];
    expect(press.at).toBeGreaterThanOrEqual(before);
    const released = waitForCalls<[{ at: number }]>((l) => device.on('release', l), 1, 'release');
    await sim.release();
    const release = (await released)[0]![0];
    expect(release.at).toBeGreaterThanOrEqual(press.at);
  });

  it('gives one press per SOS line, even without a REL between', async () => {
    const { sim, device } = await rig();
    const pressed = waitForCalls((l) => device.on('press', l), 2, 'press');
    await sim.press();
    await sim.press();
    await pressed;
  });

  it('treats a REL with no SOS before it as a lost SOS: press, then release', async () => {
    const { sim, device } = await rig();
    const order: string[] = [];
    device.on('press', () => order.push('press'));
    const released = waitForCalls((l) => device.on('release', l), 1, 'release');
    device.on('release', () => order.push('release'));
    await sim.release();
    await released;
    expect(order).toEqual(['press', 'release']);
  });

  it('sends LED and BUZZ commands the box receives', async () => {
    const { sim, device } = await rig();
    const received = waitForCalls((l) => sim.on('command', l), 2, 'LED and BUZZ at the box');
    await device.setLed('blink');
    await device.buzz(200);
    expect((await received).map(([c]) => c)).toEqual([{ type: 'led', mode: 'blink' }, { type: 'buzz', ms: 200 }]);
    expect(sim.ledMode).toBe('blink');
    expect(sim.buzzes).toEqual([200]);
    await expect(device.buzz(0)).rejects.toThrow(RangeError);
  });

  it('faults within three periods of losing the heartbeat and recovers when it returns', async () => {
    const { sim, device } = await rig();
    await vi.waitFor(() => expect(sim.heartbeatSeq).toBeGreaterThanOrEqual(2), { timeout: 2_000 });
    expect(device.health().lastHeartbeatAt).toBeTypeOf('number');
    const stoppedAt = Date.now();
    sim.stopHeartbeat();
    const fault = await waitForHealth(device, (h) => h.state === 'fault', 'heartbeat fault');
    const elapsed = Date.now() - stoppedAt;
    // The last HB came at most one period before the stop; lost is 3 periods after it.
    expect(elapsed).toBeGreaterThanOrEqual(2 * PERIOD_MS - 20);
    expect(elapsed).toBeLessThan(3 * PERIOD_MS + 250);
    expect(fault.message).toEqual({ zh: '紧急按钮没有响应', en: 'The emergency button is not responding' });
    expect(fault.connected).toBe(true);
    sim.startHeartbeat();
    await waitForHealth(device, isOk, 'ok after the heartbeat returns');
  });

  it('takes a power cycle (seq back to 0) as normal and restores the LED', async () => {
    const { sim, device, log } = await rig();
    await device.setLed('on');
    await vi.waitFor(() => expect(sim.heartbeatSeq).toBeGreaterThanOrEqual(3), { timeout: 2_000 });
    const seen: ButtonHealth[] = [];
    device.on('health', (h) => seen.push(h));
    sim.powerCycle();
    expect(sim.ledMode).toBe('off');
    await vi.waitFor(() => expect(sim.ledMode).toBe('on'), { timeout: 2_000 });
    expect(log.entries.some((e) => e.level === 'info' && /restarted/.test(e.msg))).toBe(true);
    await vi.waitFor(() => expect(sim.heartbeatSeq).toBeGreaterThanOrEqual(3), { timeout: 2_000 });
    expect(seen).toEqual([]);
    expect(device.health().state).toBe('ok');
  });

  it("reports the box's own FAULT text", async () => {
    const { sim, device } = await rig();
    await sim.fault('buzzer driver over-temperature');
    const health = await waitForHealth(device, (h) => h.state === 'fault', 'device fault');
    expect(health.message.en).toContain('buzzer driver over-temperature');
    expect(health.message.zh).toContain('buzzer driver over-temperature');
    // The box keeps reporting presses while it has a fault (PROTOCOL.md §3.3).
    const pressed = pressOnce(device);
    await sim.press();
    await pressed;
  });

  it('faults while unplugged, is back within 2 s of replug, resends the LED and delivers presses', async () => {
    const { pair, sim, device, log } = await rig();
    await device.setLed('blink');
    await pair.unplug();
    const gone = await waitForHealth(device, (h) => !h.connected, 'unplugged');
    expect(gone.state).toBe('fault');
    expect(gone.message.en).toMatch(/not connected/);
    await device.setLed('blink');
    expect(log.entries.some((e) => e.level === 'warn' && /dropped/.test(e.msg))).toBe(true);

    const replugged = Date.now();
    await pair.replug();
    await waitForHealth(device, isOk, 'ok after replug', 2_000);
    expect(Date.now() - replugged).toBeLessThan(2_000);
    await vi.waitFor(() => expect(sim.ledMode).toBe('blink'), { timeout: 2_000 });
    const pressed = pressOnce(device);
    await sim.press();
    await pressed;
  });

  it('counts garbage, over-long, binary and partial lines and still delivers every intact SOS', async () => {
    const { sim, device } = await rig();
    const pressed = waitForCalls((l) => device.on('press', l), 3, 'press');
    await sim.sendRaw('SOS\n');
    await sim.sendRaw('garbage\n'); // unknown-command
    await sim.sendRaw(`${'A'.repeat(100)}\n`); // too-long
    await sim.sendRaw(Uint8Array.of(0xff, 0x00, 0x80, 0x0a)); // non-ascii
    await sim.sendRaw('SO'); // partial line, finished by the next LF: unknown-command
    await sim.sendRaw('\nSOS\n');
    await sim.sendRaw('SOS\r\n'); // carriage-return
    await sim.sendRaw('\n'); // empty-line
    await sim.sendRaw('sos\n'); // unknown-command
    await sim.sendRaw('SOS now\n'); // bad-argument
    await sim.sendRaw('SOS\n');
    await pressed;
    const health = device.health();
    expect(health.protocolErrors).toBe(8);
    expect(health.connected).toBe(true);
    expect(health).toMatchObject({ state: 'degraded', message: { en: 'The emergency button link is garbling messages' } });
  });

  it('faults when the port does not exist at start, and is ok once it appears', async () => {
    const { pair, device } = await rig({ startDevice: false });
    await pair.unplug();
    await expect(device.start()).resolves.toBeUndefined();
    expect(device.health()).toMatchObject({ state: 'fault', connected: false });
    const appeared = Date.now();
    await pair.replug();
    await waitForHealth(device, isOk, 'ok once the port appears', 2_000);
    expect(Date.now() - appeared).toBeLessThan(2_000);
  });

  it('calls a path that is not a serial port a fault in plain words and keeps retrying', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'linli-button-')), 'not-a-tty');
    writeFileSync(path, '');
    const log = recordingLogger();
    let attempts = 0;
    const device = createButtonDevice(
      { kind: 'serial-line', path },
      {
        logger: log,
        createSerialPort: (options) => {
          attempts++;
          return new SerialPort({ ...options, autoOpen: false });
        },
      },
    );
    cleanups.push(() => device.stop());
    await device.start();
    expect(device.health()).toMatchObject({
      state: 'fault',
      connected: false,
      message: { en: 'The emergency button port cannot be opened' },
    });
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(3), { timeout: 2_500 });
    // The same failure again and again is logged once.
    expect(log.entries.filter((e) => /cannot open/.test(e.msg))).toHaveLength(1);
  });

  it('degrades when the box never answers PING, and recovers on a later PONG', async () => {
    const pair = await createPtyPair('deaf');
    cleanups.push(() => pair.close());
    // A box whose command path is broken: it heartbeats but ignores what it is sent.
    const box = new SerialPort({ path: pair.devicePath, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => box.open((err) => (err ? reject(err) : resolve())));
    cleanups.push(() => new Promise((resolve) => box.close(() => resolve())));
    let received = '';
    box.on('data', (d: Buffer) => (received += d.toString('latin1')));
    let seq = 0;
    const heartbeat = setInterval(() => box.write(`HB ${seq++}\n`), PERIOD_MS);
    cleanups.push(async () => clearInterval(heartbeat));

    const device = createButtonDevice({ kind: 'serial-line', path: pair.kioskPath, heartbeatSeconds: PERIOD_MS / 1_000 }, { logger: recordingLogger() });
    cleanups.push(() => device.stop());
    const started = Date.now();
    await device.start();
    const deaf = await waitForHealth(device, (h) => h.state === 'degraded' && /answer/.test(h.message.en), 'no-answer');
    // Two PINGs 500 ms apart, then the verdict (PROTOCOL.md §5.2).
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000 - 20);
    expect(received.startsWith('PING\nPING\n')).toBe(true);
    expect(deaf.connected).toBe(true);

    // It keeps asking on the heartbeat; the first PONG clears the fault.
    const pingsSoFar = received.split('PING').length;
    await vi.waitFor(() => expect(received.split('PING').length).toBeGreaterThan(pingsSoFar), { timeout: 2_000 });
    box.write('PONG\n');
    await waitForHealth(device, isOk, 'ok after a PONG');
  });
});
