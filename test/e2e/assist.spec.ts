import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { hashPin } from '../../main/config/pin.ts';
import { startHostProcess } from '../support/host-process.ts';
import { ApiClient } from '../support/ws-client.ts';
import { writeSiteConfig } from '../support/site-config.ts';
import { Relay } from './relay.ts';

const PIN = '135790';

test('取号 and 呼叫工作人员 by touch: the ticket shows large, and staff see the call until someone goes', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-assist-'));
  const config = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }', `staff: { pinHash: "${hashPin(PIN)}" }`]);
  const host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    await page.getByRole('button', { name: /取号/ }).click();
    await expect(page.getByTestId('assist-ticket')).toHaveText('1 号');
    await page.getByTestId('assist-outcome').getByRole('button', { name: /知道了/ }).click();
    await page.getByRole('button', { name: /取号/ }).click();
    await expect(page.getByTestId('assist-ticket')).toHaveText('2 号');
    await page.getByTestId('assist-outcome').getByRole('button', { name: /知道了/ }).click();

    await page.getByRole('button', { name: /呼叫工作人员/ }).click();
    await expect(page.getByTestId('assist-outcome')).toContainText('已经记下您的求助');
    await page.getByTestId('assist-outcome').getByRole('button', { name: /知道了/ }).click();

    // Staff passing the kiosk see that someone is waiting, on the way into the staff panel.
    const entry = page.getByTestId('staff-entry');
    await expect(entry).toHaveText(/工作人员\s*· 1 个求助未处理/);
    await entry.click();
    const panel = page.getByRole('dialog');
    for (const digit of PIN) await panel.getByRole('button', { name: digit, exact: true }).click();
    await panel.getByRole('button', { name: '确定' }).click();
    const list = page.getByTestId('staff-help-requests');
    await expect(list).toContainText('有人在屏幕上呼叫工作人员');
    await list.getByRole('button', { name: /已经去帮忙了/ }).click();
    await expect(list).toContainText('现在没有人在等');
    await expect(entry).toHaveAttribute('data-waiting', 'false');
  } finally {
    await host.stop();
  }
});

test('a double tap on 取号 takes one ticket, and on 呼叫工作人员 asks once', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-assist-twice-'));
  const config = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }']);
  const host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    const outcome = page.getByTestId('assist-outcome');

    // The second tap lands while the first is still on its way (the link holds it).
    relay.hold('queue.take');
    await page.getByRole('button', { name: /取号/ }).dblclick();
    await expect.poll(() => relay.count('queue.take')).toBe(1);
    relay.release();
    await expect(page.getByTestId('assist-ticket')).toHaveText('1 号');
    expect(relay.count('queue.take')).toBe(1);
    await outcome.getByRole('button', { name: /知道了/ }).click();
    await page.getByRole('button', { name: /取号/ }).click();
    await expect(page.getByTestId('assist-ticket')).toHaveText('2 号');
    await outcome.getByRole('button', { name: /知道了/ }).click();

    relay.hold('assist.callStaff');
    await page.getByRole('button', { name: /呼叫工作人员/ }).dblclick();
    await expect.poll(() => relay.count('assist.callStaff')).toBe(1);
    relay.release();
    await expect(outcome).toContainText('已经记下您的求助');
    expect(relay.count('assist.callStaff')).toBe(1);
  } finally {
    await host.stop();
  }
});

test('a call for staff made while the staff screen had lost its link to the core shows once the link is back', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-assist-link-'));
  const config = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }', `staff: { pinHash: "${hashPin(PIN)}" }`]);
  const host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  const api = await ApiClient.connect(host.url);
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    await page.getByRole('button', { name: '工作人员', exact: true }).click();
    const panel = page.getByRole('dialog');
    for (const digit of PIN) await panel.getByRole('button', { name: digit, exact: true }).click();
    await panel.getByRole('button', { name: '确定' }).click();
    const list = page.getByTestId('staff-help-requests');
    await expect(list).toContainText('现在没有人在等');

    // Raised from another screen of the kiosk while this one's link is down: its event reaches no one here.
    await relay.cut();
    const reply = await api.command(1, 'assist.callStaff', {});
    expect(reply).toMatchObject({ ok: true, result: { created: true } });
    relay.restore();
    await expect(list).toContainText('有人在屏幕上呼叫工作人员');
    await expect(list.locator('.staff-alarm')).toHaveCount(1);
  } finally {
    api.close();
    await host.stop();
  }
});
