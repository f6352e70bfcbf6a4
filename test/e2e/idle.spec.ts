import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { onScreen, openAGuide } from './screens.ts';

/** Collects what the screens ask to have spoken (the hook the voice feature will listen on). */
async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { spoken: { text: string; lang: string }[] };
    w.spoken = [];
    window.addEventListener('linli:speak', (e) => w.spoken.push((e as CustomEvent<{ text: string; lang: string }>).detail));
  });
}
const spoken = (page: Page) => page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);

test('no touch for 60 s: asks "还需要更多时间吗？", and one tap gives the whole time again, as often as needed', async ({ page, kioskUrl }) => {
  await recordSpeech(page);
  await page.clock.install();
  await page.goto(kioskUrl);
  await page.getByRole('button', { name: /便民电话/ }).click();
  await onScreen(page, 'hotlines');
  const dialog = page.getByTestId('idle-dialog');

  await page.clock.fastForward('00:59');
  await expect(dialog).toBeHidden();
  await page.clock.fastForward('00:02');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toContainText('还需要更多时间吗？');
  await expect(page.getByTestId('idle-countdown')).toContainText('20');
  expect((await spoken(page)).map((s) => s.text)).toContainEqual(expect.stringContaining('还需要更多时间吗'));

  // MIIT §2.4: the way out sits at the bottom centre of the pop-up, ≥ 44 px.
  const box = (await dialog.boundingBox())!;
  const button = (await dialog.getByRole('button', { name: /需要，继续/ }).boundingBox())!;
  expect(Math.abs(button.x + button.width / 2 - (box.x + box.width / 2))).toBeLessThan(2);
  expect(button.y + button.height).toBeGreaterThan(box.y + box.height * 0.75);
  expect(Math.min(button.width, button.height)).toBeGreaterThanOrEqual(88);

  await page.clock.fastForward('00:05');
  await expect(page.getByTestId('idle-countdown')).toContainText('15');

  // WCAG 2.2.1: extending is one simple action, and works at least ten times.
  for (let round = 0; round < 10; round++) {
    await dialog.getByRole('button', { name: /需要，继续/ }).click();
    await expect(dialog).toBeHidden();
    await onScreen(page, 'hotlines');
    await page.clock.fastForward('01:00');
    await expect(dialog).toBeVisible();
  }
  // A tap anywhere counts as "yes" too.
  await page.mouse.click(20, 20);
  await expect(dialog).toBeHidden();
  await onScreen(page, 'hotlines');
});

test('no answer: the session ends on the attract screen, cleared and back in Simplified Chinese', async ({ page, kioskUrl }) => {
  await recordSpeech(page);
  await page.clock.install();
  await page.goto(kioskUrl);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('settings-entry').click();
  await page.getByRole('button', { name: /on-screen keyboard/i }).click();
  await onScreen(page, 'keyboard');
  for (const digit of '1381234') await page.getByTestId('digit-pad').getByRole('button', { name: digit, exact: true }).click();
  await expect(page.getByTestId('typed')).toHaveText('138 1234');

  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('idle-dialog')).toContainText('Do you need more time?');
  await page.clock.fastForward('00:20');
  await onScreen(page, 'attract');
  await expect(page.getByTestId('idle-dialog')).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  // The attract screen names the hall, as the home screen does.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('邻里社区服务中心');
  await expect(page.getByText('点击屏幕开始')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('1381234');
  await expect(page.locator('body')).not.toContainText('138 1234');
  expect((await spoken(page)).at(-1)).toMatchObject({ text: expect.stringContaining('点一下屏幕') as unknown as string, lang: 'zh-CN' });

  // Nobody is there: no timer runs on the attract screen.
  await page.clock.fastForward('10:00');
  await expect(page.getByTestId('idle-dialog')).toBeHidden();
  await onScreen(page, 'attract');

  // One tap anywhere starts again, at home; typed data is gone for good.
  await page.locator('.attract').click({ position: { x: 40, y: 40 } });
  await onScreen(page, 'home');
  await page.getByTestId('settings-entry').click();
  await page.getByRole('button', { name: /试试屏幕键盘/ }).click();
  await expect(page.getByTestId('typed')).toHaveAttribute('data-empty', 'true');
});

test('the idle times come from kiosk.info', async ({ kiosk }) => {
  const info = (await kiosk.command('kiosk.info')) as { idle: unknown };
  expect(info.idle).toEqual({ warnAfterSeconds: 60, countdownSeconds: 20 });
});

test('a PIN pad nobody signed in at does not hold off the reset: the question shows over it, then the screen resets', async ({ page, kioskUrl }) => {
  await page.clock.install();
  await page.goto(kioskUrl);
  await onScreen(page, 'home');
  await page.getByRole('button', { name: '工作人员', exact: true }).click();
  await expect(page.getByTestId('pin-display')).toBeVisible();

  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('idle-dialog')).toBeVisible();
  await expect(page.getByTestId('pin-display')).toBeHidden();
  await page.clock.fastForward('00:21');
  await onScreen(page, 'attract');
});

test('a ticket still showing when the screen resets goes with the session', async ({ page, kioskUrl }) => {
  await page.clock.install();
  await page.goto(kioskUrl);
  await onScreen(page, 'home');
  await page.getByRole('button', { name: /取号/ }).click();
  await expect(page.getByTestId('assist-ticket')).toBeVisible();

  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('idle-dialog')).toBeVisible();
  await page.clock.fastForward('00:21');
  await onScreen(page, 'attract');
  await expect(page.getByTestId('assist-outcome')).toBeHidden();
});

test('朗读全文 holds off the reset while it is being read, however long that takes', async ({ page, kioskUrl, kiosk }) => {
  // The slowest reading, so the first part alone outlasts the idle time many times over in real time.
  await kiosk.settings({ speechRate: 0.5 });
  const asked = new Set<number>();
  const answered = new Set<number>();
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { id?: number; name?: string };
      if (frame.name === 'speech.say' && frame.id !== undefined) asked.add(frame.id);
    });
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type?: string; id?: number };
      if (frame.type === 'reply' && frame.id !== undefined && asked.has(frame.id)) answered.add(frame.id);
    });
  });
  await page.clock.install();
  await openAGuide(page, kioskUrl);
  const read = page.getByTestId('read-aloud');
  const before = asked.size;
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'true');
  // The reading's first part is in and playing: a request still on its way would time out in the jump and end the reading.
  await expect.poll(() => asked.size > before && asked.size === answered.size).toBe(true);

  await page.clock.fastForward('01:30');
  await expect(read).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('idle-dialog')).toBeHidden();

  // Once the reading stops, the clock runs again from the full minute.
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  await page.clock.fastForward('00:59');
  await expect(page.getByTestId('idle-dialog')).toBeHidden();
  await page.clock.fastForward('00:02');
  await expect(page.getByTestId('idle-dialog')).toBeVisible();
});
