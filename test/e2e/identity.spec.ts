import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { SIMULATOR_DECK, startReaderSimulator, type ReaderSimulator } from '../../drivers/idcard/index.ts';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { madeUpCard } from '../integration/identity/cards.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { ApiClient } from '../support/ws-client.ts';
import { onScreen } from './screens.ts';

/*
 * Each test runs its own kiosk with the reader simulator on a real pty: a session, or a card left
 * behind, must not leak into other tests.
 */

const DECK = { ...SIMULATOR_DECK, elder: madeUpCard({ name: '周桂兰', sex: '2', birthDate: '1940-05-06' }) };

interface Kiosk {
  host: HostProcess;
  reader: ReaderSimulator;
  close(): Promise<void>;
}

/** `siteConfig`: further lines of the site's YAML. */
async function startKiosk(page: Page, siteConfig: string[] = []): Promise<Kiosk> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-identity-'));
  const pty = await createPtyPair('idcard', dir);
  const reader = await startReaderSimulator({ path: pty.devicePath, pty, deck: DECK });
  const config = join(dir, 'kiosk.config.yaml');
  writeFileSync(
    config,
    [
      'kiosk: { location: 一楼大厅 }',
      'devices:',
      `  idcard: { kind: serial, path: "${pty.kioskPath}" }`,
      // Someone to call, so the emergency route is ready and the screen carries no notice about it.
      'emergency: { contacts: [{ name: 王芳, phone: "13800000001" }] }',
      ...siteConfig,
      '',
    ].join('\n'),
  );
  const host = await startHostProcess({ args: ['--config', config] });
  await page.goto(host.url);
  await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
  return {
    host,
    reader,
    async close() {
      await host.stop();
      await reader.close();
      await pty.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** WCAG 2.2 A and AA, plus AAA contrast, as test/e2e/a11y.spec.ts checks every screen. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The test id of whatever a tap at the centre of this element would land on. */
async function tapTarget(page: Page, testId: string): Promise<string | null> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) return null;
  return page.evaluate(
    ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
    [box.x + box.width / 2, box.y + box.height / 2],
  );
}

test('a card laid down greets the resident; lifting it keeps the session; 完成 ends it and goes home', async ({ page }) => {
  const kiosk = await startKiosk(page);
  try {
    kiosk.reader.place('elder');
    const panel = page.getByTestId('resident-greeting');
    await expect(panel.getByRole('heading')).toHaveAccessibleName('周奶奶，您好');
    await expect(panel.getByTestId('resident-card')).toContainText('居民身份证');
    await expect(panel.getByTestId('resident-card')).toContainText('1101**********');
    await expect(panel.getByTestId('resident-offers')).toContainText('高龄津贴');
    await expect(panel).toHaveAttribute('data-on-reader', 'true');
    await expect.poll(() => tapTarget(page, 'sos')).toBe('sos');
    expect(await axeViolations(page)).toEqual([]);

    kiosk.reader.lift();
    await expect(panel).toHaveAttribute('data-on-reader', 'false');
    await expect(panel.getByRole('heading')).toHaveAccessibleName('周奶奶，您好');

    await panel.getByRole('button', { name: /高龄津贴/ }).click();
    await expect(page.locator('[data-screen="guide"][data-ready="true"]')).toBeVisible();
    const bar = page.getByTestId('resident-bar');
    await expect(bar).toContainText('周奶奶，您好');
    expect(await axeViolations(page)).toEqual([]);

    await bar.getByRole('button', { name: /完成/ }).click();
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    await expect(bar).toBeHidden();
    await expect(panel).toBeHidden();
    await expect(page.getByText('周奶奶')).toHaveCount(0);
    await expect(page.getByTestId('card-reminder')).toBeHidden();
  } finally {
    await kiosk.close();
  }
});

test('完成 with the card still on the reader calls it back until it is lifted', async ({ page }) => {
  const kiosk = await startKiosk(page);
  try {
    kiosk.reader.place('expired');
    const panel = page.getByTestId('resident-greeting');
    await expect(panel.getByRole('heading')).toHaveAccessibleName('赵阿姨，您好');
    await expect(panel.getByTestId('resident-expired')).toContainText('您的身份证已过期，记得去换新证');

    await panel.getByRole('button', { name: /完成/ }).click();
    const reminder = page.getByTestId('card-reminder');
    await expect(reminder.getByRole('heading')).toHaveText('请取回您的身份证');
    await expect(page.getByTestId('card-reminder-where')).toHaveText(/一楼大厅，读卡器在屏幕下方/);
    await expect(panel).toBeHidden();
    // The emergency button stays uncovered: a tap on it lands on it, not on the reminder.
    await expect.poll(() => tapTarget(page, 'sos')).toBe('sos');
    expect(await axeViolations(page)).toEqual([]);

    kiosk.reader.lift();
    await expect(reminder).toBeHidden();
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
  } finally {
    await kiosk.close();
  }
});

test('a card the reader cannot read gets a plain word to place it again', async ({ page }) => {
  const kiosk = await startKiosk(page);
  try {
    kiosk.reader.place('failsAuthentication');
    await expect(page.getByTestId('card-problem')).toContainText('请把身份证拿起来，再平放到读卡区上');
    await expect(page.getByTestId('resident-greeting')).toBeHidden();
  } finally {
    await kiosk.close();
  }
});

test('the screen going back to attract ends the resident session, even one with a longer clock of its own', async ({ page }) => {
  // The screen's clock is moved on; the core's runs in real time, so its 120 s never come.
  await page.clock.install();
  const kiosk = await startKiosk(page, ['identity: { idleSecondsAfterLift: 120 }']);
  const api = await ApiClient.connect(kiosk.host.url);
  try {
    kiosk.reader.place('elder');
    const panel = page.getByTestId('resident-greeting');
    await expect(panel.getByRole('heading')).toHaveAccessibleName('周奶奶，您好');
    kiosk.reader.lift();
    await expect(panel).toHaveAttribute('data-on-reader', 'false');
    await panel.getByRole('button', { name: /高龄津贴/ }).click();
    const bar = page.getByTestId('resident-bar');
    await expect(bar).toContainText('周奶奶，您好');

    // She walks away: the screen asks, nobody answers, and it goes back to the attract screen.
    await page.clock.fastForward('01:00');
    await expect(page.getByTestId('idle-dialog')).toBeVisible();
    await page.clock.fastForward('00:20');
    await onScreen(page, 'attract');
    await expect(bar).toBeHidden();
    await expect(panel).toBeHidden();
    await expect(page.getByText('周奶奶')).toHaveCount(0);
    await expect
      .poll(async () => ((await api.command('status', 'identity.status')).result as { session: unknown }).session)
      .toBeNull();

    // The next person's touch starts afresh: nothing of hers comes back.
    await page.locator('.attract').click({ position: { x: 40, y: 40 } });
    await onScreen(page, 'home');
    await expect(bar).toBeHidden();
    await expect(page.getByText('周奶奶')).toHaveCount(0);
  } finally {
    api.close();
    await kiosk.close();
  }
});

test('a card laid down on the attract screen brings the screen out to greet its holder', async ({ page }) => {
  await page.clock.install();
  const kiosk = await startKiosk(page);
  try {
    await page.clock.fastForward('01:00');
    await expect(page.getByTestId('idle-dialog')).toBeVisible();
    await page.clock.fastForward('00:20');
    await onScreen(page, 'attract');

    kiosk.reader.place('elder');
    await expect(page.getByTestId('resident-greeting').getByRole('heading')).toHaveAccessibleName('周奶奶，您好');
    await onScreen(page, 'home');
  } finally {
    await kiosk.close();
  }
});
