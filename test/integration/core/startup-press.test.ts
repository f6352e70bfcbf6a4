/**
 * A button held while the kiosk starts: the box says SOS once, as soon as the kiosk's driver has
 * the port open (PROTOCOL.md §3.1, §6) — seconds before the modem is initialised and the alarm
 * service is running. That press must still raise the alarm.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startButtonSimulator } from '../../../drivers/button/index.ts';
import { startModemSimulator, type ModemSimulator } from '../../../drivers/modem/simulator.ts';
import { createPtyPair } from '../../../drivers/serial/pty.ts';
import type { AlarmView } from '../../../main/api/contract.ts';
import { startKiosk } from '../../../main/core/kiosk.ts';
import { serialDeviceLines, writeSiteConfig } from '../../support/site-config.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function waitForCommand(sim: ModemSimulator, match: RegExp, timeoutMs: number): Promise<void> {
  if (sim.commands.some((c) => match.test(c))) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`modem never got ${match} within ${timeoutMs} ms (commands: ${sim.commands.join(' | ')})`));
    }, timeoutMs);
    const off = sim.on('command', (line) => {
      if (!match.test(line)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('a button pressed while the kiosk is starting', () => {
  it('raises the alarm, and the first contact is called', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-startup-press-'));
    const buttonPair = await createPtyPair('button', dir);
    const modemPair = await createPtyPair('modem', dir);
    cleanup.push(() => buttonPair.close(), () => modemPair.close());
    const button = await startButtonSimulator({ path: buttonPair.devicePath, heartbeatMs: 1_000 });
    const modem = await startModemSimulator({ path: modemPair.devicePath, model: 'sim7600' });
    cleanup.push(() => button.close(), () => modem.stop());

    // The driver's first PING is the moment it is there to hear the box; the box says SOS then, and never again.
    let kioskStarted = false;
    const pressedDuringStart = new Promise<boolean>((resolve) => {
      const off = button.on('command', (command) => {
        if (command.type !== 'ping') return;
        off();
        void button.press().then(() => resolve(!kioskStarted));
      });
    });

    const configPath = writeSiteConfig(dir, [
      `dataDir: "${join(dir, 'data')}"`,
      ...serialDeviceLines({ buttonPath: buttonPair.kioskPath, modemPath: modemPair.kioskPath, model: 'sim7600' }),
      'emergency:',
      '  contacts:',
      '    - { name: 王芳, phone: "13800000001" }',
      '  cancelWindowSeconds: 0',
    ]);
    const kiosk = await startKiosk({ shell: 'host', configPath, env: {} });
    kioskStarted = true;
    cleanup.push(() => kiosk.close());

    // Otherwise this test would not be about start-up at all.
    expect(await pressedDuringStart).toBe(true);
    await waitForCommand(modem, /^ATD13800000001;$/, 10_000);
    const status = await kiosk.dispatcher.dispatch('emergency.status', {}, { transport: 'internal', connectionId: 'test' });
    expect(status).toMatchObject({ ok: true, result: { alarm: { source: 'button', phase: 'calling' } } });
    expect((status as { result: { alarm: AlarmView } }).result.alarm.calling).toMatchObject({ name: '王芳' });
  }, 30_000);
});
