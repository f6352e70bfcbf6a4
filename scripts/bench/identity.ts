import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRequest, buildResponse, startReaderSimulator, type CommandName, type SimulatedCard } from '../../drivers/idcard/index.ts';
import { CardSlot } from '../../drivers/idcard/simulator-deck.ts';
import { idcardCodecWorkload } from '../../drivers/idcard/testing/bench.ts';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { chromiumLaunchOptions } from '../../test/e2e/chromium.ts';
import { madeUpCard } from '../../test/integration/identity/cards.ts';
import { startHostProcess } from '../../test/support/host-process.ts';
import { ApiClient, type Frame } from '../../test/support/ws-client.ts';
import { median, percentile, type Row } from './stats.ts';

const BAUD = 115_200;
// 8N1: a start and a stop bit around every byte.
const BITS_PER_BYTE = 10;
// From the first find that succeeds to the greeting: the rest of find, then select, the read and
// the appended-address read that follow it on the line (facts/idcard.md §7.2).
const AFTER_FIND: readonly CommandName[] = ['selectCard', 'readText', 'readAppendedAddress'];

/** Milliseconds the line is busy from the reader's reply to that find until the card's last reply is in. */
export function cardWireTimeMs(card: SimulatedCard): number {
  const slot = new CardSlot();
  slot.place(card);
  let bytes = buildResponse(slot.answer('findCard')).length;
  for (const command of AFTER_FIND) bytes += buildRequest(command).length + buildResponse(slot.answer(command)).length;
  return (bytes * BITS_PER_BYTE * 1000) / BAUD;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/**
 * A card laid on the simulated reader → the greeting painted in Chromium, through the real
 * kiosk process and its reader driver on a pty. Timed from the simulator receiving the find that
 * will succeed (so the wait for the next find poll is not counted) to the frame after the
 * greeting is in the DOM.
 */
export async function benchCardToGreeting(placements: number): Promise<Row> {
  const card = madeUpCard({ name: '周桂兰', sex: '2', birthDate: '1940-05-06' });
  const wire = cardWireTimeMs(card);
  console.log(`  card read on the wire at ${BAUD} baud: ${ms(wire)} (find reply, select, 30 01 read, 30 03)`);
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-idcard-'));
  const pty = await createPtyPair('idcard', dir);
  const reader = await startReaderSimulator({ path: pty.devicePath, pty, baudRate: BAUD, deck: { card } });
  const config = join(dir, 'kiosk.config.yaml');
  writeFileSync(config, ['devices:', `  idcard: { kind: serial, path: "${pty.kioskPath}", baudRate: ${BAUD} }`, ''].join('\n'));
  const host = await startHostProcess({ args: ['--config', config] });
  const api = await ApiClient.connect(host.url);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, bypassCSP: true }); // string page scripts need eval
  let shownAt = 0;
  await page.exposeFunction('__greetingShown', () => {
    shownAt = performance.now();
  });
  await page.goto(host.url);
  await page.locator('[data-screen="home"][data-ready="true"]').waitFor();
  // A string, not a function: tsx's keepNames helper does not exist inside the page.
  await page.evaluate(`new MutationObserver(() => {
    const panel = document.querySelector('[data-testid="resident-greeting"]');
    if (panel && !window.__seen) { window.__seen = true; requestAnimationFrame(() => setTimeout(() => window.__greetingShown(), 0)); }
    if (!panel) window.__seen = false;
  }).observe(document.body, { subtree: true, childList: true })`);

  const samples: number[] = [];
  let id = 0;
  const event = (name: string, match: (p: any) => boolean) => (f: Frame) => f.type === 'event' && f.name === name && match(f.payload);
  for (let i = 0; i < placements; i++) {
    shownAt = 0;
    api.frames.length = 0;
    const found = new Promise<number>((resolve) => {
      const off = reader.on('command', (c) => {
        if (c.command !== 'findCard') return;
        off();
        resolve(performance.now());
      });
    });
    reader.place('card');
    const t0 = await found;
    const giveUp = performance.now() + 5_000;
    while (shownAt === 0) {
      if (performance.now() > giveUp) throw new Error('the greeting did not appear within 5 s');
      await new Promise((r) => setImmediate(r));
    }
    samples.push(shownAt - t0);
    reader.lift();
    await api.next(event('identity.session', (p) => p.session?.cardOnReader === false), 5_000);
    await api.command(`d${++id}`, 'identity.done');
    await page.locator('[data-testid="resident-greeting"]').waitFor({ state: 'detached' });
  }
  api.close();
  await browser.close();
  await host.stop();
  await reader.close();
  await pty.close();
  rmSync(dir, { recursive: true, force: true });
  const limit = 600 + wire;
  const p99 = percentile(samples, 99);
  return {
    name: 'ID card found → greeting painted',
    samples: samples.length,
    median: ms(median(samples)),
    p95: ms(percentile(samples, 95)),
    p99: ms(p99),
    target: `p99 < 600 ms + ${ms(wire)} wire`,
    verdict: p99 < limit ? 'pass' : 'FAIL',
  };
}

/**
 * Read responses (1295 bytes in 64-byte pieces) split, checked and decoded per second of this
 * process's CPU time: a rate for one core that other work on a shared machine does not distort.
 * The wall-clock rate is printed beside it.
 */
export function benchIdCardCodec(rounds: number, readsPerRound = 20_000): Row {
  idcardCodecWorkload(5_000);
  const rates: number[] = [];
  const wallRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const decoded = idcardCodecWorkload(readsPerRound);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (decoded !== readsPerRound) throw new Error(`decoded ${decoded} of ${readsPerRound} reads`);
    rates.push(readsPerRound / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(readsPerRound / wall);
  }
  const per = (n: number): string => `${Math.round(n).toLocaleString('en')} /s`;
  console.log(`  codec by wall clock: median ${per(median(wallRates))} (shares the machine with whatever else runs)`);
  // For a rate the slow tail is the low end: the p95 column shows the rate 95 % of rounds beat.
  const slow = percentile(rates, 5);
  return {
    name: `ID-card read responses parsed, per CPU second (${rounds} × ${readsPerRound.toLocaleString('en')})`,
    samples: rounds,
    median: per(median(rates)),
    p95: per(slow),
    target: '≥ 50,000 /s on one core',
    verdict: slow >= 50_000 ? 'pass' : 'FAIL',
  };
}
