import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createButtonDevice, type ButtonDevice, type HidDeviceLike, type HidOptions, type HidTarget } from '../../../drivers/button/index.ts';

/** The node-hid boundary: just `on('data')`, `on('error')` and `close()`, as the driver uses. */
class FakeHid extends EventEmitter implements HidDeviceLike {
  closed = false;
  report(...bytes: number[]): void {
    this.emit('data', Buffer.from(bytes));
  }
  close(): void {
    this.closed = true;
  }
}

const errors: string[] = [];
const silent = { info() {}, warn() {}, error: (_: object, msg: string) => void errors.push(msg) };
let opened: FakeHid[];
let targets: HidTarget[];
let unplugged: boolean;
let device: ButtonDevice | undefined;
let events: string[];

function makeDevice(options: Partial<HidOptions> = {}): ButtonDevice {
  device = createButtonDevice(
    { kind: 'hid', vendorId: 0x1a86, productId: 0xe026, ...options },
    {
      logger: silent,
      openHid: (target) => {
        targets.push(target);
        if (unplugged) throw new Error('cannot open device with vendor id 0x1a86 and product id 0xe026');
        const hid = new FakeHid();
        opened.push(hid);
        return hid;
      },
    },
  );
  device.on('press', () => events.push('press'));
  device.on('release', () => events.push('release'));
  return device;
}

const current = (): FakeHid => opened.at(-1)!;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  opened = [];
  targets = [];
  unplugged = false;
  events = [];
  errors.length = 0;
});

afterEach(async () => {
  await device?.stop();
  device = undefined;
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe('HID button', () => {
  it('opens by vendor and product ID, or by path when one is given', async () => {
    await makeDevice().start();
    expect(targets).toEqual([{ vendorId: 0x1a86, productId: 0xe026 }]);
    expect(device!.health()).toMatchObject({ kind: 'hid', state: 'ok', connected: true, protocolErrors: 0 });
    await device!.stop();
    await makeDevice({ path: '/dev/hidraw3' }).start();
    expect(targets.at(-1)).toEqual({ path: '/dev/hidraw3' });
  });

  it('presses on the rising edge of the mask and releases on the falling edge', async () => {
    await makeDevice().start();
    current().report(0x00);
    current().report(0x01);
    current().report(0x01);
    current().report(0x03);
    expect(events).toEqual(['press']);
    current().report(0x02);
    current().report(0x00);
    expect(events).toEqual(['press', 'release']);
  });

  it('logs a listener that throws, and still tells the listeners after it', async () => {
    const d = makeDevice();
    d.on('press', () => {
      throw new Error('listener bug');
    });
    const after: string[] = [];
    d.on('press', () => void after.push('press'));
    await d.start();
    current().report(0x01);
    expect(after).toEqual(['press']);
    expect(errors).toEqual(['an emergency button listener threw']);
  });

  it('reads only the configured byte and bits', async () => {
    await makeDevice({ byteIndex: 2, mask: 0x40 }).start();
    current().report(0xff, 0xff, 0xbf);
    expect(events).toEqual([]);
    current().report(0x00, 0x00, 0x40);
    expect(events).toEqual(['press']);
    current().report(0x00, 0x00, 0x80);
    expect(events).toEqual(['press', 'release']);
  });

  it('counts a report too short to hold the byte, and acts on nothing in it', async () => {
    await makeDevice({ byteIndex: 3 }).start();
    current().report(0x01, 0x01);
    expect(events).toEqual([]);
    expect(device!.health().protocolErrors).toBe(1);
  });

  it('faults on a device error, reopens every second until it can, then works again', async () => {
    const d = makeDevice();
    await d.start();
    current().report(0x01);
    unplugged = true;
    current().emit('error', new Error('could not read from HID device'));
    expect(opened[0]!.closed).toBe(true);
    expect(d.health()).toMatchObject({ state: 'fault', connected: false });
    await vi.advanceTimersByTimeAsync(999);
    expect(targets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(targets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(targets).toHaveLength(3);
    unplugged = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(d.health()).toMatchObject({ state: 'ok', connected: true });
    // Still held through the glitch: reported again (the alarm takes it as "pressed again"); letting go is a release.
    current().report(0x01);
    current().report(0x00);
    expect(events).toEqual(['press', 'press', 'release']);
  });

  it('reports the next press after a reopen, though the release was lost with the connection', async () => {
    const d = makeDevice();
    await d.start();
    current().report(0x01);
    // Let go while the cable is out: the release report goes nowhere.
    current().emit('error', new Error('could not read from HID device'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(d.health()).toMatchObject({ state: 'ok', connected: true });
    current().report(0x01);
    expect(events).toEqual(['press', 'press']);
  });

  it('faults at start when the device is missing, without rejecting', async () => {
    unplugged = true;
    const d = makeDevice();
    await expect(d.start()).resolves.toBeUndefined();
    expect(d.health()).toMatchObject({ state: 'fault', connected: false });
    unplugged = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(d.health().state).toBe('ok');
  });

  it('ignores reports from a device it has given up on', async () => {
    await makeDevice().start();
    const first = current();
    first.emit('error', new Error('could not read from HID device'));
    first.report(0x01);
    expect(events).toEqual([]);
  });

  it('refuses a mask that can never match', () => {
    expect(() => makeDevice({ mask: 0 })).toThrow(RangeError);
    expect(() => makeDevice({ byteIndex: -1 })).toThrow(RangeError);
    device = undefined;
  });
});
