import { SerialPortMock } from 'serialport';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createButtonDevice, type ButtonDevice, type SerialPortFactory } from '../../../drivers/button/index.ts';

/**
 * The serial-line driver's long timings (15 s heartbeat loss, 150 s fault clearing) on fake
 * time, through serialport's own mock binding. Real-pty behaviour is in test/integration/button.
 */

const MockBinding = SerialPortMock.binding;
const PATH = '/dev/ttyMOCK-button';
let ports: SerialPortMock[];
const createMockPort: SerialPortFactory = (options) => {
  const port = new SerialPortMock({ ...options, autoOpen: false });
  ports.push(port);
  return port;
};

const warnings: string[] = [];
const warned: object[] = [];
const errors: string[] = [];
const logger = {
  info() {},
  warn: (obj: object, msg: string) => {
    warnings.push(msg);
    warned.push(obj);
  },
  error: (_: object, msg: string) => void errors.push(msg),
};
let device: ButtonDevice;

const box = () => ports.at(-1)!.port!;
const written = () => box().recording.toString('latin1');
async function send(text: string): Promise<void> {
  box().emitData(text);
  await vi.advanceTimersByTimeAsync(1);
}
/** `ms` of time with the box heartbeating every 5 s (the default period). */
async function heartbeatFor(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 5_000) {
    await send(`HB ${t / 5_000}\n`);
    await vi.advanceTimersByTimeAsync(Math.min(5_000, ms - t) - 1);
  }
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  MockBinding.reset();
  MockBinding.createPort(PATH, { record: true });
  ports = [];
  warnings.length = 0;
  warned.length = 0;
  errors.length = 0;
  device = createButtonDevice({ kind: 'serial-line', path: PATH }, { logger, createSerialPort: createMockPort });
  await device.start();
  await vi.advanceTimersByTimeAsync(1);
  expect(written()).toBe('PING\n');
  await send('PONG\n');
  expect(device.health().state).toBe('ok');
});

afterEach(async () => {
  await device.stop();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
  MockBinding.reset();
});

describe('serial-line button timings (default 5 s heartbeat)', () => {
  it('is lost exactly 3 periods (15 s) after the last heartbeat', async () => {
    await send('HB 0\n');
    await vi.advanceTimersByTimeAsync(14_998);
    expect(device.health().state).toBe('ok');
    await vi.advanceTimersByTimeAsync(2);
    expect(device.health()).toMatchObject({ state: 'fault', message: { en: 'The emergency button is not responding' } });
  });

  it('clears a box FAULT 150 s after its last repeat, not before', async () => {
    await send('FAULT button contact open\n');
    expect(device.health().state).toBe('fault');
    await heartbeatFor(60_000);
    await send('FAULT button contact open\n');
    await heartbeatFor(149_000);
    expect(device.health().state).toBe('fault');
    await heartbeatFor(1_005);
    expect(device.health().state).toBe('ok');
  });

  it('calls a link degraded only while errors keep coming (5 within a minute)', async () => {
    await send('x\ny\nz\nw\n');
    expect(device.health().state).toBe('ok');
    await send('v\n');
    expect(device.health()).toMatchObject({ state: 'degraded', protocolErrors: 5 });
    await heartbeatFor(65_000);
    expect(device.health()).toMatchObject({ state: 'ok', protocolErrors: 5 });
  });

  it('counts a line cut off by a disconnect as a protocol error', async () => {
    await send('SO');
    expect(device.health().protocolErrors).toBe(0);
    await new Promise<void>((resolve) => ports.at(-1)!.close(() => resolve()));
    expect(device.health()).toMatchObject({ state: 'fault', connected: false, protocolErrors: 1 });
  });

  it('drops commands while disconnected, then sends the LED state once the box answers again', async () => {
    await new Promise<void>((resolve) => ports.at(-1)!.close(() => resolve()));
    await device.setLed('blink');
    await device.buzz(100);
    expect(warnings.filter((w) => /dropped/.test(w))).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(251);
    expect(ports).toHaveLength(2);
    expect(written()).toBe('PING\n');
    await send('PONG\n');
    await vi.advanceTimersByTimeAsync(1);
    expect(written()).toBe('PING\nLED BLINK\n');
    expect(device.health().state).toBe('ok');
  });

  it('reopens with backoff no slower than once a second while the port cannot be opened', async () => {
    MockBinding.reset();
    await new Promise<void>((resolve) => ports.at(-1)!.close(() => resolve()));
    const attemptsAt: number[] = [];
    const before = ports.length;
    for (let t = 0; t < 5_000; t += 50) {
      await vi.advanceTimersByTimeAsync(50);
      if (ports.length > before + attemptsAt.length) attemptsAt.push(t + 50);
    }
    const gaps = attemptsAt.slice(1).map((at, i) => at - attemptsAt[i]!);
    expect(attemptsAt[0]).toBe(250);
    expect(gaps).toEqual([500, 1_000, 1_000, 1_000, 1_000]);
    expect(device.health()).toMatchObject({ state: 'fault', connected: false });
  });

  it('logs the first protocol error, then one line a minute with counts by kind while they go on', async () => {
    const fullLines = () => warnings.filter((w) => w === 'emergency button protocol error').length;
    const summaries = () => warned.filter((_, i) => warnings[i] === 'emergency button protocol errors go on');
    // Garbage at the wrong baud rate: some 180 bad lines a second.
    await send('x\n'.repeat(100) + 'y\r\n'.repeat(80));
    expect(fullLines()).toBe(1);
    expect(device.health()).toMatchObject({ state: 'degraded', protocolErrors: 180, message: { en: 'The emergency button link is garbling messages' } });
    await heartbeatFor(60_000);
    expect(summaries()).toEqual([{ path: PATH, byKind: { 'unknown-command': 99, 'carriage-return': 80 } }]);
    await send('x\n');
    await heartbeatFor(60_000);
    expect(summaries()).toHaveLength(2);
    expect(summaries()[1]).toEqual({ path: PATH, byKind: { 'unknown-command': 1 } });
    // A quiet minute ends the run; the next error is logged in full again.
    await heartbeatFor(60_000);
    expect(summaries()).toHaveLength(2);
    await send('x\n');
    expect(fullLines()).toBe(2);
  });

  it('logs a press listener that throws, and still tells the listeners after it', async () => {
    const heard: string[] = [];
    device.on('press', () => {
      throw new Error('listener bug');
    });
    device.on('press', () => void heard.push('press'));
    await send('SOS\n');
    expect(heard).toEqual(['press']);
    expect(errors).toEqual(['an emergency button listener threw']);
  });
});
