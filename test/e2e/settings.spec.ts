import { expect, test } from './fixtures.ts';
import { inLook, onScreen } from './screens.ts';

test('字大一点 / 看得清 from any screen: one tap changes the look, and it stays for this kiosk', async ({ page, browser, kioskUrl }) => {
  await page.goto(kioskUrl);
  await page.getByRole('button', { name: /便民电话/ }).click();
  await onScreen(page, 'hotlines');
  await page.getByTestId('settings-entry').click();
  await onScreen(page, 'settings');

  const size = page.getByTestId('choose-text-size');
  await size.getByRole('button', { name: /特大/ }).click();
  await expect(size.getByRole('button', { name: /特大/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(size.getByRole('button', { name: /特大/ })).toContainText('已选');
  await page.getByTestId('choose-theme').getByRole('button', { name: /高对比/ }).click();
  await page.getByTestId('choose-speech-rate').getByRole('button', { name: /慢一点/ }).click();
  await page.getByTestId('choose-volume').getByRole('button', { name: /大声/ }).click();
  await inLook(page, { theme: 'high-contrast', textScale: 1.5 });
  expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('48px');

  // 返回 goes back to where the person was.
  await page.getByRole('button', { name: /返回/ }).click();
  await onScreen(page, 'hotlines');

  // Across a reload…
  await page.reload();
  await inLook(page, { theme: 'high-contrast', textScale: 1.5 });
  // …and in a fresh browser (no cookies, no storage): the kiosk keeps it, not the browser.
  const other = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await other.goto(kioskUrl);
  await inLook(other, { theme: 'high-contrast', textScale: 1.5 });
  await other.getByTestId('settings-entry').click();
  await expect(other.getByTestId('choose-speech-rate').getByRole('button', { name: /慢一点/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('choose-volume').getByRole('button', { name: /大声/ })).toHaveAttribute('aria-pressed', 'true');

  // A change on one screen of the kiosk shows on the other at once (settings.changed).
  await other.getByTestId('choose-text-size').getByRole('button', { name: /标准/ }).click();
  await inLook(page, { theme: 'high-contrast', textScale: 1 });
  await other.getByTestId('settings-reset').click();
  await inLook(page, { theme: 'normal', textScale: 1 });
  await other.close();
});

test('settings survive the end of a session (they belong to the kiosk, not the person)', async ({ page, kioskUrl, kiosk }) => {
  await kiosk.settings({ textScale: 1.25, theme: 'high-contrast' });
  await page.clock.install();
  await page.goto(kioskUrl);
  await inLook(page, { theme: 'high-contrast', textScale: 1.25 });
  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('idle-dialog')).toBeVisible();
  await page.clock.fastForward('00:21');
  await onScreen(page, 'attract');
  await inLook(page, { theme: 'high-contrast', textScale: 1.25 });
});

test('settings.set takes part of the settings, checks every value, and answers with all of them', async ({ kiosk }) => {
  expect(await kiosk.settings({ volume: 0.4 })).toEqual({ textScale: 1, theme: 'normal', speechRate: 1, volume: 0.4, clickSound: false });
  await expect(kiosk.settings({ textScale: 2 as 1 })).rejects.toThrow(/invalid-payload/);
  await expect(kiosk.settings({ speechRate: 3 })).rejects.toThrow(/invalid-payload/);
  await expect(kiosk.command('settings.set', { theme: 'dark' })).rejects.toThrow(/invalid-payload/);
  await expect(kiosk.command('settings.set', { colour: 'red' })).rejects.toThrow(/invalid-payload/);
  expect(await kiosk.command('settings.get')).toMatchObject({ volume: 0.4, theme: 'normal' });
});

test('a press shows within 100 ms, before the finger lifts', async ({ page, kioskUrl }) => {
  await page.goto(kioskUrl);
  await onScreen(page, 'home');
  const ms = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const button = document.querySelector<HTMLElement>('[data-testid="settings-entry"]')!;
        const before = getComputedStyle(button).boxShadow;
        const start = performance.now();
        button.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, pointerType: 'touch' }));
        const check = (): void => {
          if (getComputedStyle(button).boxShadow !== before) resolve(performance.now() - start);
          else if (performance.now() - start > 1000) resolve(Infinity);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
  expect(ms).toBeLessThan(100);
});
