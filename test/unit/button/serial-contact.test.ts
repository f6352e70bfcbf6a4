import { SerialPortMock } from 'serialport';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createButtonDevice,
  type ButtonDevice,
  type ButtonHealth,
  type ControlLines,
  type SerialContactOptions,
  type SerialPortFactory,
} from '../../../drivers/button/index.ts';

/**
 * The stock mock's get() always answers {cts: true, dsr: false, dcd: false} (facts/emergency.md
 * §5.1), so each opened mock binding gets a get() that reads `lines`, and set() calls are kept.
 */
const MockBinding = SerialPortMock.binding;
let lines: ControlLines;
let getFails: Error | undefined;
const sets: object[] = [];

const createMockPort: SerialPortFactory = (options) => {
  const port = new SerialPortMock({ ...options, autoOpen: false });
  port.on('open', () => {
    const binding = port.port!;
    const set = binding.set.bind(binding);
    binding.set = async (flags: Parameters<typeof set>[0]) => {
      sets.push(flags);
      return set(flags);
    };
    binding.get = async () => {
      if (getFails) throw getFails;
      return { ...lines };
    };
  });
  return port;
};

const PATH = '/dev/ttyS-contact';
const errors: string[] = [];
const silent = { info() {}, warn() {}, error: (_: object, msg: string) => void errors.push(msg) };

let device: ButtonDevice | undefined;
const events: string[] = [];

function makeDevice(options: Partial<SerialContactOptions> = {}): ButtonDevice {
  device = createButtonDevice({ kind: 'serial-contact', path: PATH, ...options }, { logger: silent, createSerialPort: createMockPort });
  device.on('press', () => events.push('press'));
  device.on('release', () => events.push('release'));
  return device;
}

/** Holds the contact's line at a level for `ms` of fake time (the driver polls every 10 ms). */
async function hold(level: boolean, ms: number, input: keyof ControlLines = 'cts'): Promise<void> {
  lines = { ...lines, [input]: level };
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  MockBinding.reset();
  MockBinding.createPort(PATH);
  lines = { cts: false, dsr: false, dcd: false };
  getFails = undefined;
  sets.length = 0;
  events.length = 0;
  errors.length = 0;
});

afterEach(async () => {
  await device?.stop();
  device = undefined;
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
  MockBinding.reset();
});

describe('serial-contact button (normally open)', () => {
  it('drives DTR and RTS high and reports ok', async () => {
    const d = makeDevice();
    await d.start();
    expect(sets).toContainEqual(expect.objectContaining({ dtr: true, rts: true }));
    expect(d.health()).toMatchObject({ kind: 'serial-contact', state: 'ok', connected: true });
  });

  it('ignores bounces shorter than the debounce', async () => {
    await makeDevice().start();
    for (let i = 0; i < 10; i++) {
      await hold(true, 30);
      await hold(false, 20);
    }
    await hold(false, 500);
    expect(events).toEqual([]);
  });

  it('counts a press only after the hold time, and a release after the debounce', async () => {
    await makeDevice({ debounceMs: 50, holdMs: 200 }).start();
    await hold(true, 150);
    expect(events).toEqual([]);
    await hold(true, 100);
    expect(events).toEqual(['press']);
    await hold(false, 30);
    expect(events).toEqual(['press']);
    await hold(false, 40);
    expect(events).toEqual(['press', 'release']);
  });

  it('does not count a press released before the hold time', async () => {
    await makeDevice({ debounceMs: 20, holdMs: 300 }).start();
    await hold(true, 200);
    await hold(false, 500);
    expect(events).toEqual([]);
  });

  it('reads the configured input line only', async () => {
    await makeDevice({ input: 'dcd' }).start();
    await hold(true, 500, 'cts');
    await hold(true, 500, 'dsr');
    expect(events).toEqual([]);
    await hold(true, 200, 'dcd');
    expect(events).toEqual(['press']);
  });

  it('keeps polling after a listener throws, and logs it', async () => {
    const d = makeDevice();
    d.on('press', () => {
      throw new Error('listener bug');
    });
    await d.start();
    await hold(true, 200);
    await hold(false, 200);
    expect(events).toEqual(['press', 'release']);
    expect(errors).toEqual(['an emergency button listener threw']);
  });

  it('stamps a press with the time it counted', async () => {
    const d = makeDevice({ debounceMs: 50, holdMs: 100 });
    const stamps: number[] = [];
    d.on('press', ({ at }) => stamps.push(at));
    await d.start();
    const closedAt = Date.now();
    await hold(true, 300);
    expect(stamps).toHaveLength(1);
    expect(stamps[0]! - closedAt).toBeGreaterThanOrEqual(100);
    expect(stamps[0]! - closedAt).toBeLessThanOrEqual(130);
  });
});

describe('serial-contact button (normally closed)', () => {
  const nc = { wiring: 'normally-closed' as const, longPressLimitMs: 2_000 };

  it('is quiet while the loop is closed and presses when it opens', async () => {
    await makeDevice(nc).start();
    await hold(true, 1_000);
    expect(events).toEqual([]);
    await hold(false, 200);
    expect(events).toEqual(['press']);
    await hold(true, 200);
    expect(events).toEqual(['press', 'release']);
  });

  it('calls a loop open beyond the long-press limit a cut cable, and clears it when the loop closes', async () => {
    const d = makeDevice(nc);
    const health: ButtonHealth[] = [];
    d.on('health', (h) => health.push(h));
    await d.start();
    await hold(true, 100);
    await hold(false, 1_900);
    expect(d.health().state).toBe('ok');
    await hold(false, 300);
    expect(d.health()).toMatchObject({
      state: 'fault',
      connected: true,
      message: { zh: '按钮线路断开，请检查连线', en: 'The button cable seems cut' },
    });
    await hold(true, 200);
    expect(d.health().state).toBe('ok');
    expect(events).toEqual(['press', 'release']);
    expect(health.map((h) => h.state)).toEqual(['ok', 'fault', 'ok']);
  });

  it('never calls a normally-open loop cut, however long it is held', async () => {
    const d = makeDevice({ longPressLimitMs: 1_000 });
    await d.start();
    await hold(true, 5_000);
    expect(d.health().state).toBe('ok');
    expect(events).toEqual(['press']);
  });
});

describe('serial-contact button failures', () => {
  it('faults when the port cannot be opened and retries until it can', async () => {
    MockBinding.reset();
    const d = makeDevice();
    await expect(d.start()).resolves.toBeUndefined();
    expect(d.health()).toMatchObject({ state: 'fault', connected: false });
    MockBinding.createPort(PATH);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(d.health()).toMatchObject({ state: 'ok', connected: true });
    await hold(true, 200);
    expect(events).toEqual(['press']);
  });

  it('faults when the control lines cannot be read, and recovers', async () => {
    const d = makeDevice();
    await d.start();
    getFails = new Error('Inappropriate ioctl for device, cannot get');
    await vi.advanceTimersByTimeAsync(20);
    expect(d.health()).toMatchObject({ state: 'fault', connected: false, message: { en: 'The emergency button line cannot be read' } });
    getFails = undefined;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(d.health()).toMatchObject({ state: 'ok', connected: true });
  });

  it('reports a press begun while the port was away, though the last one was never released', async () => {
    const d = makeDevice();
    await d.start();
    await hold(true, 200);
    getFails = new Error('Inappropriate ioctl for device, cannot get');
    await vi.advanceTimersByTimeAsync(20);
    expect(d.health().connected).toBe(false);
    // Let go and pressed again while the line went unread: only the new press is there to see.
    await hold(false, 100);
    await hold(true, 100);
    getFails = undefined;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(d.health()).toMatchObject({ state: 'ok', connected: true });
    expect(events).toEqual(['press', 'press']);
  });

  it('resolves LED and buzzer calls at once: a bare contact has neither', async () => {
    const d = makeDevice();
    await d.start();
    await expect(d.setLed('blink')).resolves.toBeUndefined();
    await expect(d.buzz(200)).resolves.toBeUndefined();
  });
});
