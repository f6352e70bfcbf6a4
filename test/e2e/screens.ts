import { expect, type Page } from '@playwright/test';

/** Waits until `screen` is showing with its data. */
export async function onScreen(page: Page, screen: string): Promise<void> {
  await expect(page.locator(`[data-screen="${screen}"][data-ready="true"]`)).toBeVisible();
}

/** Waits until the page shows the given look (set through settings). */
export async function inLook(page: Page, look: { theme: string; textScale: number }): Promise<void> {
  await expect(page.locator(`html[data-theme="${look.theme}"][data-text-scale="${look.textScale}"]`)).toHaveCount(1);
}

/** The first guide of the first category, reached with real taps. */
export async function openAGuide(page: Page, kioskUrl: string): Promise<void> {
  await page.goto(kioskUrl);
  await onScreen(page, 'home');
  await page.getByRole('button', { name: /办事指南/ }).click();
  await onScreen(page, 'guide-categories');
  await page.locator('.entry').first().click();
  await onScreen(page, 'guide-list');
  await page.locator('.entry').first().click();
  await onScreen(page, 'guide');
}

const tap = async (page: Page, name: RegExp | string): Promise<void> => {
  await page.getByRole('button', { name }).first().click();
};

/**
 * Every screen and dialog of the kiosk, reached with real taps from home, in Simplified Chinese.
 * `visit` is called on each with its name. The page must have had `page.clock.install()` before
 * it loaded: the idle dialog and the attract screen are reached by moving the clock on.
 */
export async function tourEveryScreen(page: Page, url: string, visit: (name: string) => Promise<void>): Promise<void> {
  await page.goto(url);
  await onScreen(page, 'home');
  await visit('home');

  await tap(page, /办事指南/);
  await onScreen(page, 'guide-categories');
  await visit('guide-categories');
  await page.locator('.entry').first().click();
  await onScreen(page, 'guide-list');
  await visit('guide-list');
  await page.locator('.entry').first().click();
  await onScreen(page, 'guide');
  await visit('guide');
  await page.getByTestId('share-guide').click();
  await expect(page.getByTestId('share-dialog').locator('img')).toBeVisible();
  await visit('guide-share');
  await tap(page, /关闭/);

  await tap(page, /首页/);
  await tap(page, /通知公告/);
  await onScreen(page, 'notices');
  await visit('notices');
  await page.locator('.entry').first().click();
  await onScreen(page, 'notice');
  await visit('notice');

  await tap(page, /首页/);
  await tap(page, /便民电话/);
  await onScreen(page, 'hotlines');
  await visit('hotlines');

  await page.getByTestId('settings-entry').click();
  await onScreen(page, 'settings');
  await visit('settings');
  await tap(page, /试试屏幕键盘/);
  await onScreen(page, 'keyboard');
  for (const digit of '13812345678') await page.getByTestId('digit-pad').getByRole('button', { name: digit, exact: true }).click();
  await visit('keyboard');
  await page.getByTestId('keyboard-mode').getByRole('button', { name: /拼音写字/ }).click();
  for (const letter of 'ma') await page.getByTestId('pinyin-pad').getByRole('button', { name: letter, exact: true }).click();
  await expect(page.getByTestId('candidates')).toBeVisible();
  await visit('keyboard-pinyin');

  await page.clock.fastForward('01:00');
  await expect(page.getByTestId('idle-dialog')).toBeVisible();
  await visit('idle-dialog');
  await page.clock.fastForward('00:21');
  await onScreen(page, 'attract');
  await visit('attract');

  // The emergency view and the staff sign-in over it; the alarm is cancelled again before leaving.
  await page.getByText('点击屏幕开始').first().click();
  await onScreen(page, 'home');
  await page.getByTestId('sos').click();
  const layer = page.getByRole('alertdialog');
  await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
  await visit('emergency');
  await layer.getByRole('button', { name: /工作人员/ }).click();
  await expect(page.getByTestId('pin-display')).toBeVisible();
  await visit('staff-pin');
  await page.getByRole('dialog').getByRole('button', { name: /关闭/ }).click();
  await layer.getByRole('button', { name: /取消呼叫/ }).click();
  await expect(layer).toHaveAttribute('data-phase', 'closed');
  await page.clock.fastForward('00:05');
  await expect(layer).toBeHidden();
}
