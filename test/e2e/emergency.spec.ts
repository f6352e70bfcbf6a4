import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startButtonSimulator } from '../../drivers/button/index.ts';
import { startModemSimulator } from '../../drivers/modem/simulator.ts';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { hashPin } from '../../main/config/pin.ts';
import { startHostProcess } from '../support/host-process.ts';
import { serialDeviceLines, writeSiteConfig } from '../support/site-config.ts';

/* Each test runs its own kiosk: an open alarm covers every screen, so it must not leak into other tests. */

test('on-screen SOS: the emergency view counts down, and cancelling closes the alarm', async ({ page }) => {
  const host = await startHostProcess();
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    await page.getByTestId('sos').click();
    const layer = page.getByRole('alertdialog');
    await expect(layer).toBeVisible();
    await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
    await expect(layer.getByRole('heading')).toHaveText('已为您呼叫，请不要着急，工作人员马上就到');
    await expect(page.getByTestId('emergency-status')).toContainText('秒后开始打电话');
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer).toHaveAttribute('data-phase', 'closed');
    await expect(layer.getByRole('heading')).toHaveText('已取消呼叫');
    await expect(layer).toBeHidden({ timeout: 8_000 });
  } finally {
    await host.stop();
  }
});

test('with no numbers to call, the person is told when the countdown ends that the duty centre is being told and to stay put', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-no-numbers-'));
  const config = writeSiteConfig(dir, ['devices: { simulate: true }', 'emergency: { contacts: [], cancelWindowSeconds: 1 }']);
  const host = await startHostProcess({ args: ['--config', config] });
  const said: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { name?: string; payload?: { text: string } };
      if (frame.name === 'speech.say' && frame.payload) said.push(frame.payload.text);
    }),
  );
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    await page.getByTestId('sos').click();
    const layer = page.getByRole('alertdialog');
    await expect(layer).toHaveAttribute('data-phase', 'awaiting-help', { timeout: 10_000 });
    await expect(page.getByTestId('emergency-status')).toContainText('请留在原地');
    await expect.poll(() => said.filter((text) => text.includes('正在通知值班中心') && text.includes('请留在原地'))).toHaveLength(1);
  } finally {
    await host.stop();
  }
});

test('a press on the physical button: the screen shows who is called, the answer, and help coming; staff close it', async ({ page }) => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-sos-'));
  const buttonPair = await createPtyPair('button', dir);
  const modemPair = await createPtyPair('modem', dir);
  const button = await startButtonSimulator({ path: buttonPair.devicePath, heartbeatMs: 1000 });
  const modem = await startModemSimulator({ path: modemPair.devicePath, model: 'sim7600' });
  modem.script('13800000001', { behaviour: 'answer', answerAfterMs: 2_500, pressKey: '1', pressAfterMs: 2_500 });
  const config = writeSiteConfig(dir, [
    'site: { name: 幸福里社区服务中心, address: 幸福路1号 }',
    'kiosk: { id: hall-1, name: 大厅终端, location: 一楼大厅 }',
    ...serialDeviceLines({ buttonPath: buttonPair.kioskPath, modemPath: modemPair.kioskPath, model: 'sim7600' }),
    'emergency:',
    '  contacts: [{ name: 王芳, relation: 女儿, phone: "13800000001" }]',
    '  cancelWindowSeconds: 1',
    `staff: { pinHash: "${hashPin('246810')}" }`,
  ]);
  const host = await startHostProcess({ args: ['--config', config] });
  try {
    await page.goto(host.url);
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
    button.press();
    const layer = page.getByRole('alertdialog');
    await expect(layer).toBeVisible();
    const status = page.getByTestId('emergency-status');
    await expect(status).toContainText('王芳（女儿）', { timeout: 10_000 });
    await expect(status).toContainText('接了电话', { timeout: 15_000 });
    await expect(layer.getByRole('heading')).toHaveText('有人已经确认，马上就来帮您', { timeout: 15_000 });
    await expect(status).toContainText('王芳 已确认');
    await expect.poll(() => button.ledMode).toBe('on');

    await layer.getByRole('button', { name: /工作人员/ }).click();
    const panel = page.getByRole('dialog');
    for (const digit of '246810') await panel.getByRole('button', { name: digit, exact: true }).click();
    await panel.getByRole('button', { name: '确定' }).click();
    await expect(panel.getByTestId('staff-health')).toContainText('紧急按钮');
    const alarm = panel.locator('.staff-alarm[data-phase="acknowledged"]');
    await expect(alarm).toContainText('key 1 pressed');
    await alarm.getByRole('button', { name: '已处理好' }).click();
    await expect(panel.locator('.staff-alarm[data-phase="closed"]')).toBeVisible();
    await panel.getByRole('button', { name: /关闭/ }).click();
    await expect(layer).toBeHidden({ timeout: 8_000 });
    await expect.poll(() => button.ledMode).toBe('off');
  } finally {
    await host.stop();
    await button.close();
    await modem.stop();
    await buttonPair.close();
    await modemPair.close();
  }
});

test('when no route can carry an alarm, the home screen says so plainly and who to ask instead', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-impaired-'));
  const config = writeSiteConfig(dir, [
    'kiosk: { location: 一楼大厅 }',
    'devices:',
    `  modem: { kind: serial, path: "${join(dir, 'no-such-modem')}" }`,
    'emergency: { contacts: [{ name: 王芳, phone: "13800000001" }] }',
  ]);
  const host = await startHostProcess({ args: ['--config', config] });
  try {
    await page.goto(host.url);
    const notice = page.getByTestId('emergency-impaired');
    await expect(notice).toBeVisible({ timeout: 15_000 });
    await expect(notice).toContainText('紧急呼叫现在可能打不出去');
    await expect(notice).toContainText('一楼大厅');
  } finally {
    await host.stop();
  }
});
