import { pino } from 'pino';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createButtonDevice, type ButtonLogger, type ButtonOptions } from '../../../drivers/button/index.ts';
import { parseSiteConfig } from '../../../main/config/load.ts';
import type { ButtonConfig } from '../../../main/config/schema.ts';

const silent: ButtonLogger = { info() {}, warn() {}, error() {} };

describe('createButtonDevice', () => {
  it('accepts every non-simulated kind of the site config as it is', () => {
    expectTypeOf<Exclude<ButtonConfig, { kind: 'simulated' }>>().toExtend<ButtonOptions>();
    const texts = [
      'devices:\n  button:\n    kind: serial-line\n    path: /dev/serial/by-id/linli-button\n    heartbeatSeconds: 2\n',
      'devices:\n  button:\n    kind: serial-contact\n    path: /dev/ttyS0\n',
      'devices:\n  button:\n    kind: hid\n    vendorId: "1a86"\n    productId: "e026"\n',
    ];
    for (const text of texts) {
      const button = parseSiteConfig(text, 'kiosk.config.yaml').devices.button;
      if (button.kind === 'simulated') throw new Error('expected a hardware kind');
      const device = createButtonDevice(button, { logger: silent });
      expect(device.health()).toMatchObject({ kind: button.kind, state: 'fault', connected: false, protocolErrors: 0 });
    }
  });

  it('takes a pino logger', () => {
    expectTypeOf(pino({ enabled: false })).toExtend<ButtonLogger>();
  });

  it('says plainly that a device not yet started is not running', () => {
    const device = createButtonDevice({ kind: 'serial-line', path: '/dev/null' }, { logger: silent });
    expect(device.health().message).toEqual({ zh: '紧急按钮没有启动', en: 'The emergency button is not running' });
  });

  it('refuses a heartbeat period that cannot work', () => {
    expect(() => createButtonDevice({ kind: 'serial-line', path: '/dev/null', heartbeatSeconds: 0 }, { logger: silent })).toThrow(RangeError);
  });
});
