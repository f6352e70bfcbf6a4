import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostProcess } from '../support/host-process.ts';
import { expect, test } from './fixtures.ts';
import { onScreen } from './screens.ts';

async function openGuide(page: import('@playwright/test').Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: /办事指南/ }).click();
  await page.getByRole('button', { name: /户口和居住/ }).click();
  await page.getByRole('button', { name: /开户籍证明/ }).click();
  await onScreen(page, 'guide');
}

test('a guide goes home as a QR code of its main points, and the screen says so', async ({ page, kioskUrl }) => {
  await openGuide(page, kioskUrl);
  await page.getByTestId('share-guide').click();
  const dialog = page.getByTestId('share-dialog');
  const image = dialog.getByRole('img', { name: '《开户籍证明》的二维码' });
  await expect(image).toBeVisible();
  expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
  await expect(dialog.locator('[data-share-kind="text"]')).toContainText('不用上网');
  await dialog.getByRole('button', { name: /关闭/ }).click();
  await expect(dialog).toBeHidden();
});

test('with a public guide site, the QR code links to <base>/guides/<id>', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-share-'));
  const config = join(dir, 'kiosk.config.yaml');
  writeFileSync(config, 'site:\n  publicGuideBaseUrl: https://guides.example.cn/hepingli\n');
  const host = await startHostProcess({ dataDir: dir, env: { LINLI_CONFIG: config } });
  try {
    await openGuide(page, host.url);
    await page.getByTestId('share-guide').click();
    await expect(page.getByTestId('share-dialog').locator('[data-share-kind="link"]')).toContainText('在手机上打开');
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a picture that cannot be shown says so, and shows its description at full size', async ({ page, kioskUrl }) => {
  await openGuide(page, kioskUrl);
  await page.getByTestId('share-guide').click();
  await page.getByTestId('share-dialog').locator('img').evaluate((img: HTMLImageElement) => (img.src = '/no-such-picture.svg'));
  const broken = page.getByTestId('picture-broken');
  await expect(broken).toBeVisible();
  await expect(broken).toHaveAccessibleName('《开户籍证明》的二维码');
  await expect(broken).toContainText('图片打不开');
  await expect(broken).toContainText('《开户籍证明》的二维码');
  expect(parseFloat(await broken.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(32);
});

test('a long page turns with 往下看 / 往上看, and says which page it is', async ({ page, kioskUrl }) => {
  await openGuide(page, kioskUrl);
  const content = page.getByTestId('content');
  const down = page.getByRole('button', { name: /往下看/ });
  const up = page.getByRole('button', { name: /往上看/ });
  await expect(up).toBeDisabled();
  await expect(page.locator('.pager-position')).toContainText('第 1 页');
  await down.click();
  await expect(page.locator('.pager-position')).toContainText('第 2 页');
  expect(await content.evaluate((el) => el.scrollTop)).toBeGreaterThan(500);
  await expect(up).toBeEnabled();
  const position = page.locator('.pager-position');
  for (let turns = 0; turns < 10 && (await down.isEnabled()); turns++) {
    const before = await position.textContent();
    await down.click();
    await expect(position).not.toHaveText(before!);
  }
  await expect(down).toBeDisabled();
  await expect(position).toHaveText(/第 (\d+) 页，共 \1 页/);
  await up.click();
  await expect(down).toBeEnabled();
});
