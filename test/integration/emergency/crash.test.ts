import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startButtonSimulator, type ButtonSimulator } from '../../../drivers/button/index.ts';
import { startModemSimulator, type ModemSimulator } from '../../../drivers/modem/simulator.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { createNullLogger } from '../../../main/log/logger.ts';
import { openStore } from '../../../main/store/database.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';
import { startHostProcess, type HostProcess } from '../../support/host-process.ts';
import { serialDeviceLines, writeSiteConfig } from '../../support/site-config.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function waitForCommand(sim: ModemSimulator, match: RegExp, after: number, timeoutMs = 40_000): Promise<number> {
  const found = sim.commands.findIndex((c, i) => i >= after && match.test(c));
  if (found >= 0) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`modem never got ${match} (commands: ${sim.commands.slice(after).join(' | ')})`));
    }, timeoutMs);
    const off = sim.on('command', (line) => {
      if (!match.test(line)) return;
      clearTimeout(timer);
      off();
      resolve(sim.commands.length - 1);
    });
  });
}

describe('kill -9 in the middle of an alarm', () => {
  it('loses nothing: after restart the leftover call is hung up and the chain resumes from the same contact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-crash-'));
    const buttonPair: PtyPair = await createPtyPair('button', dir);
    const modemPair: PtyPair = await createPtyPair('modem', dir);
    cleanup.push(() => buttonPair.close(), () => modemPair.close());
    const button: ButtonSimulator = await startButtonSimulator({ path: buttonPair.devicePath, heartbeatMs: 1000 });
    const modem = await startModemSimulator({ path: modemPair.devicePath, model: 'ec20' });
    cleanup.push(() => button.close(), () => modem.stop());
    // The first contact's phone rings and rings: the crash comes while it does.
    modem.script('13800000001', { behaviour: 'no-answer', answerAfterMs: 120_000 });

    const config = writeSiteConfig(dir, [
      'site: { name: 幸福里社区服务中心, address: 幸福路1号 }',
      'kiosk: { id: hall-1, name: 大厅终端, location: 一楼大厅 }',
      ...serialDeviceLines({ buttonPath: buttonPair.kioskPath, modemPath: modemPair.kioskPath, model: 'ec20' }),
      'emergency:',
      '  contacts:',
      '    - { name: 王芳, phone: "13800000001" }',
      '    - { name: 李强, phone: "13800000002" }',
      '  cancelWindowSeconds: 0',
      '  ringSeconds: 60',
    ]);
    const dataDir = join(dir, 'data');
    const first: HostProcess = await startHostProcess({ args: ['--config', config], dataDir });
    cleanup.push(() => first.stop());

    button.press();
    const dialled = await waitForCommand(modem, /^ATD13800000001;$/, 0);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    // The alarm was committed before anything acted on it, and is still open.
    const store = await openStore({ file: join(dataDir, 'linli.db'), log: createNullLogger(), migrations: MIGRATIONS });
    const rows = await store.all<{ phase: string; source: string }>('SELECT phase, source FROM alarms');
    const outbox = await store.all<{ topic: string }>('SELECT topic FROM outbox');
    await store.close();
    expect(rows).toEqual([{ phase: 'calling', source: 'button' }]);
    expect(outbox.map((o) => o.topic)).toEqual(['linli/hall-1/alarm/raised']);

    const before = modem.commands.length;
    const second = await startHostProcess({ args: ['--config', config], dataDir });
    cleanup.push(() => second.stop());
    const listed = await waitForCommand(modem, /^AT\+CLCC$/, before);
    const hungUp = await waitForCommand(modem, /^(AT\+CHUP|ATH)$/, before);
    const redialled = await waitForCommand(modem, /^ATD13800000001;$/, before);
    expect(dialled).toBeLessThan(before);
    expect(listed).toBeLessThan(hungUp);
    expect(hungUp).toBeLessThan(redialled);
    expect(await second.stop()).toBe(0);
  }, 120_000);
});
