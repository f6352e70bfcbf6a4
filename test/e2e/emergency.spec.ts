import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startButtonSimulator } from '../../drivers/button/index.ts';
import { startModemSimulator } from '../../drivers/modem/simulator.ts';
import { createPtyPair } from '../../drivers/serial/pty.ts';
import { hashPin } from '../../main/config/pin.ts';
import { startHostProcess } from '../support/host-process.ts';
import { serialDeviceLines, writeSiteConfig } from '../support/site-config.ts';
import { ApiClient } from '../support/ws-client.ts';
import { Relay } from './relay.ts';
import { onScreen } from './screens.ts';

/* Each test runs its own kiosk: an open alarm covers every screen, so it must not leak into other tests. */

/** Presses the on-screen SOS and waits for the alarm view's countdown. */
async function pressSos(page: Page): Promise<Locator> {
  await page.getByTestId('sos').click();
  const layer = page.getByRole('alertdialog');
  await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
  return layer;
}

test('on-screen SOS: the emergency view counts down, and cancelling closes the alarm', async ({ page }) => {
  const host = await startHostProcess();
  try {
    await page.goto(host.url);
    await onScreen(page, 'home');
    await page.getByTestId('sos').click();
    const layer = page.getByRole('alertdialog');
    await expect(layer).toBeVisible();
    await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
    await expect(layer.getByRole('heading')).toHaveText('已收到您的求助，请不要着急，正在为您找人帮忙');
    // A screen reader starts at the alarm, not at the SOS button now hidden under it.
    await expect(layer.getByRole('heading')).toBeFocused();
    await expect(page.getByTestId('emergency-status')).toContainText('秒后开始打电话');
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer).toHaveAttribute('data-phase', 'closed');
    await expect(layer.getByRole('heading')).toHaveText('已取消呼叫');
    await expect(layer).toBeHidden({ timeout: 8_000 });
    await expect(page.getByTestId('sos')).toBeFocused();
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
    await onScreen(page, 'home');
    await page.getByTestId('sos').click();
    const layer = page.getByRole('alertdialog');
    await expect(layer).toHaveAttribute('data-phase', 'awaiting-help', { timeout: 10_000 });
    await expect(page.getByTestId('emergency-status')).toContainText('请留在原地');
    await expect.poll(() => said.filter((text) => text.includes('正在通知值班中心') && text.includes('请留在原地'))).toHaveLength(1);
  } finally {
    await host.stop();
  }
});

/**
 * A kiosk with the button box and a SIM7600 on pty pairs, simulated at their far ends, and two
 * contacts (王芳 first, who answers and presses 1, then 李强); `body` runs with the page on it.
 */
async function withDevices(
  page: Page,
  setUp: { sim?: 'ready' | 'missing' },
  body: (devices: { button: Awaited<ReturnType<typeof startButtonSimulator>>; modem: Awaited<ReturnType<typeof startModemSimulator>> }) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-sos-'));
  const buttonPair = await createPtyPair('button', dir);
  const modemPair = await createPtyPair('modem', dir);
  const button = await startButtonSimulator({ path: buttonPair.devicePath, heartbeatMs: 1000 });
  const modem = await startModemSimulator({ path: modemPair.devicePath, model: 'sim7600', sim: setUp.sim ?? 'ready' });
  modem.script('13800000001', { behaviour: 'answer', answerAfterMs: 2_500, pressKey: '1', pressAfterMs: 2_500 });
  const config = writeSiteConfig(dir, [
    'site: { name: 幸福里社区服务中心, address: 幸福路1号 }',
    'kiosk: { id: hall-1, name: 大厅终端, location: 一楼大厅 }',
    ...serialDeviceLines({ buttonPath: buttonPair.kioskPath, modemPath: modemPair.kioskPath, model: 'sim7600' }),
    'emergency:',
    '  contacts: [{ name: 王芳, relation: 女儿, phone: "13800000001" }, { name: 李强, phone: "13800000002" }]',
    '  cancelWindowSeconds: 1',
    `staff: { pinHash: "${hashPin('246810')}" }`,
  ]);
  let host: Awaited<ReturnType<typeof startHostProcess>> | undefined;
  try {
    host = await startHostProcess({ args: ['--config', config] });
    await page.goto(host.url);
    await onScreen(page, 'home');
    await body({ button, modem });
  } finally {
    await host?.stop();
    await button.close();
    await modem.stop();
    await buttonPair.close();
    await modemPair.close();
  }
}

test('a press on the physical button: the screen shows who is called, the answer, and help coming; staff close it', async ({ page }) => {
  test.setTimeout(60_000);
  await withDevices(page, {}, async ({ button }) => {
    button.press();
    const layer = page.getByRole('alertdialog');
    await expect(layer).toBeVisible();
    const status = page.getByTestId('emergency-status');
    await expect(status).toContainText('王芳（女儿）', { timeout: 10_000 });
    await expect(status).toContainText('接了电话', { timeout: 15_000 });
    await expect(layer.getByRole('heading')).toHaveText('有人已经确认，正在赶来帮您', { timeout: 15_000 });
    await expect(status).toContainText('王芳 已确认');
    await expect.poll(() => button.ledMode).toBe('on');

    await layer.getByRole('button', { name: /工作人员/ }).click();
    const panel = page.getByRole('dialog');
    for (const digit of '246810') await panel.getByRole('button', { name: digit, exact: true }).click();
    await panel.getByRole('button', { name: '确定' }).click();
    await expect(panel.getByTestId('staff-health')).toContainText('紧急按钮');
    const alarm = panel.locator('.staff-alarm[data-phase="acknowledged"]');
    // The timeline in the screen's language: hall staff read Chinese.
    await expect(alarm).toContainText('倒计时结束；正在给王芳打电话');
    await expect(alarm).toContainText('对方按了 1 键确认');
    await alarm.getByRole('button', { name: '已处理好' }).click();
    await expect(panel.locator('.staff-alarm[data-phase="closed"]')).toBeVisible();
    await panel.getByRole('button', { name: /关闭/ }).click();
    await expect(layer).toBeHidden({ timeout: 8_000 });
    await expect.poll(() => button.ledMode).toBe('off');
  });
});

test('a dial the modem refuses is tried again on the same contact, and the person is told so', async ({ page }) => {
  test.setTimeout(60_000);
  await withDevices(page, { sim: 'missing' }, async ({ button, modem }) => {
    button.press();
    const status = page.getByTestId('emergency-status');
    await expect(status).toHaveText('电话没有打出去，马上再打一次……', { timeout: 15_000 });
    modem.setSim('ready');
    // The first contact, not the next: 王芳 answers and accepts.
    await expect(status).toContainText('王芳（女儿）', { timeout: 15_000 });
    await expect(page.getByRole('alertdialog').getByRole('heading')).toHaveText('有人已经确认，正在赶来帮您', { timeout: 20_000 });
    expect(modem.commands.filter((c) => c.startsWith('ATD'))).not.toContain('ATD13800000002;');
  });
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

    // The person who presses SOS is the one who most needs to hear it: inside the alarm view too.
    const layer = await pressSos(page);
    const inside = layer.getByTestId('emergency-impaired');
    await expect(inside).toBeVisible();
    await expect(inside).toContainText('紧急呼叫现在可能打不出去');
    await expect(inside).toContainText('一楼大厅');
  } finally {
    await host.stop();
  }
});

test('a closed alarm goes after a few seconds even when the link drops and the core then says there is no alarm', async ({ page }) => {
  const host = await startHostProcess();
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await onScreen(page, 'home');
    const layer = await pressSos(page);
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer).toHaveAttribute('data-phase', 'closed');
    const asked = relay.count('emergency.status');
    await relay.drop();
    // The reconnect asks again, and hears `alarm: null` while "已取消呼叫" is still up.
    await expect.poll(() => relay.count('emergency.status')).toBeGreaterThan(asked);
    await expect(layer).toBeHidden({ timeout: 8_000 });
    await expect(page.getByTestId('sos')).toBeVisible();
  } finally {
    await host.stop();
  }
});

test('an SOS press says at once that it is calling, before the core has answered', async ({ page }) => {
  const host = await startHostProcess();
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await onScreen(page, 'home');
    relay.hold('emergency.trigger');
    await page.getByTestId('sos').click();
    await expect(page.getByTestId('sos-pending')).toHaveText(/正在呼叫/);
    await expect(page.getByRole('alertdialog')).toBeHidden();
    relay.release();
    await expect(page.getByRole('alertdialog')).toHaveAttribute('data-phase', 'cancel-window');
    await expect(page.getByTestId('sos-pending')).toBeHidden();
  } finally {
    await host.stop();
  }
});

test('a cancel the core did not carry out is shown and said, and pressing again works', async ({ page }) => {
  const host = await startHostProcess();
  await page.addInitScript(() => {
    const w = window as unknown as { spoken: string[] };
    w.spoken = [];
    window.addEventListener('linli:speak', (e) => w.spoken.push((e as CustomEvent<{ text: string }>).detail.text));
  });
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await onScreen(page, 'home');
    const layer = await pressSos(page);

    relay.answer('emergency.cancel', { ok: true, result: { cancelled: false } });
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer.getByRole('alert')).toContainText('呼叫还没有停下。如果您没事，请再按一次“我没事”。');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken))
      .toContainEqual('呼叫还没有停下。如果您没事，请再按一次“我没事”。');
    await expect(layer).toHaveAttribute('data-phase', 'cancel-window');

    // No answer at all (the link's timeout) reads the same.
    relay.answer('emergency.cancel', { ok: false, error: { code: 'unavailable', message: 'No answer to emergency.cancel' } });
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer.getByRole('alert')).toContainText('呼叫还没有停下。如果您没事，请再按一次“我没事”。');

    relay.answer('emergency.cancel', null);
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer).toHaveAttribute('data-phase', 'closed');
    await expect(layer.getByRole('alert')).toBeHidden();
  } finally {
    await host.stop();
  }
});

test('when the link to the core drops during an alarm, the alarm view itself says it is reconnecting', async ({ page }) => {
  const host = await startHostProcess();
  try {
    await page.goto(host.url);
    await onScreen(page, 'home');
    const layer = await pressSos(page);
    await expect(layer.getByTestId('emergency-offline')).toBeHidden();
    await host.stop();
    await expect(layer.getByTestId('emergency-offline')).toContainText('正在重新连接');
  } finally {
    await host.stop();
  }
});

test('the countdown never shows a stale figure, however long the screen has been up', async ({ page }) => {
  const host = await startHostProcess();
  // Every figure the status line has held, the first render's included.
  await page.addInitScript(() => {
    const w = window as unknown as { figures: number[] };
    w.figures = [];
    const note = (text: string | null | undefined): void => {
      const m = /(\d+) 秒后/.exec(text ?? '');
      if (m) w.figures.push(Number(m[1]));
    };
    const inStatus = (node: Node | null): boolean => !!(node instanceof Element ? node : node?.parentElement)?.closest('[data-testid="emergency-status"]');
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData' && inStatus(r.target)) note(r.oldValue);
        for (const node of [...r.addedNodes, ...r.removedNodes]) {
          if (inStatus(r.target)) note(node.textContent);
          if (node instanceof Element) node.querySelectorAll('[data-testid="emergency-status"]').forEach((el) => note(el.textContent));
        }
      }
    }).observe(document, { subtree: true, childList: true, characterData: true, characterDataOldValue: true });
  });
  try {
    // The page's clock starts 50 s behind and is moved on to now: the screen has been up 50 s.
    await page.clock.install({ time: Date.now() - 50_000 });
    await page.goto(host.url);
    await onScreen(page, 'home');
    await page.clock.fastForward('00:50');
    await page.getByTestId('sos').click();
    await expect(page.getByTestId('emergency-status')).toContainText('秒后开始打电话');
    const figures = await page.evaluate(() => (window as unknown as { figures: number[] }).figures);
    const now = Number(/(\d+) 秒后/.exec((await page.getByTestId('emergency-status').textContent()) ?? '')![1]);
    // The page's clock and the core's may differ by a second or two; a stale figure is off by the 50 s.
    expect(figures.length).toBeGreaterThan(0);
    expect(Math.max(...figures)).toBeLessThanOrEqual(now + 2);
  } finally {
    await host.stop();
  }
});

test('at 150% text on a short screen the alarm view starts at its top and 取消呼叫 is in sight without scrolling', async ({ page }) => {
  const host = await startHostProcess();
  const api = await ApiClient.connect(host.url);
  try {
    await api.command(1, 'settings.set', { textScale: 1.5 });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(host.url);
    await expect(page.locator('html[data-text-scale="1.5"]')).toHaveCount(1);
    const layer = await pressSos(page);
    const fit = await layer.evaluate((el) => ({
      top: el.getBoundingClientRect().top,
      first: el.firstElementChild!.getBoundingClientRect().top,
      icon: el.querySelector('.emergency-icon')!.getBoundingClientRect().top,
    }));
    expect(fit.first).toBeGreaterThanOrEqual(fit.top);
    expect(fit.icon).toBeGreaterThanOrEqual(fit.top);
    // Someone who pressed by mistake has seconds to undo it, and may not know a screen scrolls.
    const cancel = layer.getByRole('button', { name: /取消呼叫/ });
    const box = (await cancel.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await cancel.click();
    await expect(layer).toHaveAttribute('data-phase', 'closed');
  } finally {
    api.close();
    await host.stop();
  }
});

test('a double tap on 确定 with a wrong PIN is one wrong try, refused in the language of the screen', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-pin-'));
  const config = writeSiteConfig(dir, ['devices: { simulate: true }', `staff: { pinHash: "${hashPin('246810')}" }`]);
  const host = await startHostProcess({ args: ['--config', config] });
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await onScreen(page, 'home');
    const entry = page.getByRole('button', { name: '工作人员', exact: true });
    await entry.click();
    const panel = page.getByRole('dialog');
    await expect(panel.getByRole('heading', { name: '工作人员' })).toBeFocused();
    for (const digit of '1111') await panel.getByRole('button', { name: digit, exact: true }).click();
    // The second tap lands while the first is still on its way (the link holds it).
    relay.hold('staff.signIn');
    await panel.getByRole('button', { name: '确定' }).dblclick();
    await expect.poll(() => relay.count('staff.signIn')).toBe(1);
    relay.release();
    // One wrong try of five: four are left, and the screen says so in Chinese.
    await expect(panel.getByRole('alert')).toContainText('密码不对。再输错 4 次，密码登录会暂时锁定。');
    await expect(panel.getByRole('alert')).not.toContainText('PIN');
    expect(relay.count('staff.signIn')).toBe(1);

    // Closing hands the focus back to the entry.
    await panel.getByRole('button', { name: /关闭/ }).click();
    await expect(entry).toBeFocused();
  } finally {
    await host.stop();
  }
});

test('the staff entry is far from SOS; a PIN pad left open gives way to a new alarm, signed-in staff keep their panel', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-staff-'));
  const config = writeSiteConfig(dir, ['devices: { simulate: true }', `staff: { pinHash: "${hashPin('246810')}" }`]);
  const host = await startHostProcess({ args: ['--config', config] });
  const api = await ApiClient.connect(host.url);
  try {
    await page.goto(host.url);
    await onScreen(page, 'home');

    // In the title bar's corner, more than half a screen from SOS; nothing beside SOS opens a PIN pad.
    const entry = page.getByRole('button', { name: '工作人员', exact: true });
    await expect(page.locator('.topbar').getByRole('button', { name: '工作人员', exact: true })).toBeVisible();
    await expect(page.locator('.bottombar').getByRole('button', { name: '工作人员', exact: true })).toHaveCount(0);
    const [a, b] = [(await entry.boundingBox())!, (await page.getByTestId('sos').boundingBox())!];
    expect(b.y - (a.y + a.height)).toBeGreaterThan(page.viewportSize()!.height / 2);

    // Nobody signed in: an alarm (here raised from another screen of the kiosk) closes the PIN pad and takes the screen.
    await entry.click();
    await expect(page.getByTestId('pin-display')).toBeVisible();
    await api.command(1, 'emergency.trigger', { source: 'screen' });
    const layer = page.getByRole('alertdialog');
    await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
    await expect(page.getByTestId('pin-display')).toBeHidden();
    await expect(layer.getByRole('heading')).toBeFocused();

    // In the alarm view the staff entry is at the top, well away from 取消.
    const staff = layer.getByRole('button', { name: '工作人员', exact: true });
    const [top, cancel] = [(await staff.boundingBox())!, (await layer.getByRole('button', { name: /取消呼叫/ }).boundingBox())!];
    expect(cancel.y - (top.y + top.height)).toBeGreaterThan(page.viewportSize()!.height / 4);

    // Staff who open it from the alarm and sign in keep their panel.
    await staff.click();
    const panel = page.getByRole('dialog');
    for (const digit of '246810') await panel.getByRole('button', { name: digit, exact: true }).click();
    await panel.getByRole('button', { name: '确定' }).click();
    await expect(panel.locator('.staff-alarm[data-phase="cancel-window"]')).toBeVisible();
  } finally {
    api.close();
    await host.stop();
  }
});

test('an alarm raised while the staff screen had lost its link to the core is listed once the link is back', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-staff-link-'));
  const config = writeSiteConfig(dir, ['devices: { simulate: true }', `staff: { pinHash: "${hashPin('246810')}" }`]);
  const host = await startHostProcess({ args: ['--config', config] });
  const api = await ApiClient.connect(host.url);
  try {
    const relay = await Relay.install(page);
    await page.goto(host.url);
    await onScreen(page, 'home');
    await page.getByRole('button', { name: '工作人员', exact: true }).click();
    const panel = page.getByRole('dialog');
    for (const digit of '246810') await panel.getByRole('button', { name: digit, exact: true }).click();
    await panel.getByRole('button', { name: '确定' }).click();
    await expect(panel.getByTestId('staff-health')).toBeVisible();
    await expect(panel.locator('.staff-alarm-list').first().locator('.staff-alarm')).toHaveCount(0);

    // Raised from another screen of the kiosk while this one's link is down: its event reaches no one here.
    await relay.cut();
    const reply = await api.command(1, 'emergency.trigger', { source: 'screen' });
    expect(reply).toMatchObject({ ok: true });
    relay.restore();
    await expect(panel.locator('.staff-alarm-list').first().locator('.staff-alarm')).toHaveCount(1);
  } finally {
    api.close();
    await host.stop();
  }
});
