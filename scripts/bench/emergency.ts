import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startButtonSimulator } from '../../drivers/button/index.ts';
import { startModemSimulator } from '../../drivers/modem/simulator.ts';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { chromiumLaunchOptions } from '../../test/e2e/chromium.ts';
import { createRig } from '../../test/support/emergency-rig.ts';
import { startHostProcess } from '../../test/support/host-process.ts';
import { serialDeviceLines, writeSiteConfig } from '../../test/support/site-config.ts';
import { ApiClient } from '../../test/support/ws-client.ts';
import { median, percentile, type Row } from './stats.ts';

const ms = (n: number): string => `${n.toFixed(1)} ms`;

function row(name: string, samples: number[], target: string, limit: number): Row {
  const p99 = percentile(samples, 99);
  return {
    name,
    samples: samples.length,
    median: ms(median(samples)),
    p95: ms(percentile(samples, 95)),
    p99: ms(p99),
    target,
    verdict: p99 < limit ? 'pass' : 'FAIL',
  };
}

/**
 * The button box sends `SOS` → the kiosk commits the alarm → the box receives `LED BLINK` and
 * the emergency screen is painted in Chromium. Timed from the simulator's write to the later of
 * the two, through the real kiosk process.
 */
export async function benchButtonToFeedback(presses: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-sos-'));
  const buttonPair = await createPtyPair('button', dir);
  const modemPair = await createPtyPair('modem', dir);
  const button = await startButtonSimulator({ path: buttonPair.devicePath, heartbeatMs: 1000 });
  const modem = await startModemSimulator({ path: modemPair.devicePath, model: 'sim7600' });
  const config = writeSiteConfig(dir, [
    ...serialDeviceLines({ buttonPath: buttonPair.kioskPath, modemPath: modemPair.kioskPath, model: 'sim7600' }),
    'emergency: { contacts: [{ name: 王芳, phone: "13800000001" }], cancelWindowSeconds: 60 }',
  ]);
  const host = await startHostProcess({ args: ['--config', config] });
  const api = await ApiClient.connect(host.url);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  let shownAt = 0;
  await page.exposeFunction('__emergencyShown', () => {
    shownAt = performance.now();
  });
  await page.goto(host.url);
  await page.locator('[data-screen="home"][data-ready="true"]').waitFor();
  await page.evaluate(`new MutationObserver(() => {
    const layer = document.querySelector('.emergency-layer[data-phase="cancel-window"]');
    if (layer && !window.__seen) { window.__seen = true; requestAnimationFrame(() => setTimeout(() => window.__emergencyShown(), 0)); }
    if (!layer) window.__seen = false;
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] })`);

  const samples: number[] = [];
  let id = 0;
  for (let i = 0; i < presses; i++) {
    shownAt = 0;
    const led = new Promise<number>((resolve) => {
      const off = button.on('command', (c) => {
        if (c.type === 'led' && c.mode === 'blink') {
          off();
          resolve(performance.now());
        }
      });
    });
    const t0 = performance.now();
    button.press();
    const ledAt = await led;
    const giveUp = performance.now() + 5_000;
    while (shownAt === 0) {
      if (performance.now() > giveUp) throw new Error('the emergency screen did not appear within 5 s');
      await new Promise((r) => setImmediate(r));
    }
    samples.push(Math.max(ledAt, shownAt) - t0);
    button.release();
    const status = await api.command(`s${++id}`, 'emergency.status');
    const alarmId = (status.result as { alarm: { id: string } }).alarm.id;
    await api.command(`c${++id}`, 'emergency.cancel', { alarmId });
    await page.locator('.emergency-layer[data-phase="cancel-window"]').waitFor({ state: 'detached' });
  }
  api.close();
  await browser.close();
  await host.stop();
  await button.close();
  await modem.stop();
  await buttonPair.close();
  await modemPair.close();
  return row('button SOS → committed → LED + screen', samples, 'p99 < 150 ms', 150);
}

/** The cancel window runs out → the first ATD reaches the modem (real driver, pty, simulator). */
export async function benchCancelWindowToDial(alarms: number): Promise<Row> {
  const rig = await createRig({ timing: { cancelWindowMs: 200 } });
  rig.modemSim.script('13800000001', { behaviour: 'no-answer', answerAfterMs: 60_000 });
  const samples: number[] = [];
  for (let i = 0; i < alarms; i++) {
    const atd = new Promise<number>((resolve) => {
      const off = rig.modemSim.on('command', (line) => {
        if (line.startsWith('ATD')) {
          off();
          resolve(Date.now());
        }
      });
    });
    const { alarmId } = await rig.service.trigger('screen');
    const deadline = Date.parse(rig.service.current()!.cancelDeadline!);
    samples.push((await atd) - deadline);
    await rig.service.cancel(alarmId, 'person');
    await rig.waitForCommand(/^(AT\+CHUP|ATH)$/);
    await new Promise((r) => setTimeout(r, 50));
  }
  await rig.close();
  return row('cancel window over → first ATD', samples, 'p99 < 100 ms', 100);
}

/** Alarms back to back through the button simulator: every one recorded once, none lost. */
export async function benchManyAlarms(count: number): Promise<Row> {
  const rig = await createRig({ timing: { cancelWindowMs: 60_000 } });
  const started = performance.now();
  const per: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const raised = rig.waitForAlarm((a) => a.phase === 'cancel-window' && a.announcement?.what === 'raised');
    rig.buttonSim.press();
    const alarm = await raised;
    rig.buttonSim.release();
    await rig.service.cancel(alarm.id, 'person');
    per.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started;
  const total = await rig.store.get<{ n: number; closed: number; ids: number }>(
    `SELECT count(*) AS n, sum(phase = 'closed' AND outcome = 'cancelled') AS closed, count(DISTINCT id) AS ids FROM alarms`,
  );
  const outbox = await rig.store.get<{ n: number; keys: number }>('SELECT count(*) AS n, count(DISTINCT idempotency_key) AS keys FROM outbox');
  await rig.close();
  console.log(`  ${count} alarms in ${(elapsed / 1000).toFixed(1)} s: ${total?.n} recorded, ${total?.closed} closed as cancelled, ${outbox?.n} outbox rows`);
  const ok = total?.n === count && total.closed === count && total.ids === count && outbox?.n === 2 * count && outbox.keys === 2 * count;
  return {
    name: `${count} alarms back to back (press → record → cancel)`,
    samples: count,
    median: ms(median(per)),
    p95: ms(percentile(per, 95)),
    p99: ms(percentile(per, 99)),
    target: `${count} recorded, 0 lost, 0 duplicated`,
    verdict: ok ? 'pass' : 'FAIL',
  };
}
