import { expect, test } from './fixtures.ts';
import { onScreen } from './screens.ts';

test('简体 / 繁體 / English, switched from any screen, guides included', async ({ page, kioskUrl }) => {
  await page.goto(kioskUrl);
  await onScreen(page, 'home');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  for (const [name, lang] of [['简体', 'zh-CN'], ['繁體', 'zh-Hant-HK'], ['English', 'en']]) {
    await expect(page.getByRole('button', { name: name! })).toHaveAttribute('lang', lang!);
  }

  await page.getByRole('button', { name: /办事指南/ }).click();
  await page.getByRole('button', { name: /户口和居住/ }).click();
  await page.getByRole('button', { name: /开户籍证明/ }).click();
  await onScreen(page, 'guide');

  await page.getByRole('button', { name: '繁體' }).click();
  await expect(html).toHaveAttribute('lang', 'zh-Hant-HK');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('開戶籍證明');
  await expect(page.getByRole('heading', { level: 2, name: '要帶的材料' })).toBeVisible();
  await expect(page.getByRole('button', { name: '繁體' })).toHaveAttribute('aria-pressed', 'true');
  const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(family).toMatch(/^"Noto Sans CJK HK"/);
  // Hong Kong usage, with the reviewed overrides: 身份證, 戶口.
  await expect(page.locator('[data-screen="guide"]')).toContainText('身份證');
  await expect(page.locator('[data-screen="guide"]')).toContainText('戶口');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(html).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Household registration certificate');
  await expect(page.getByRole('button', { name: /Back/ })).toBeVisible();

  await page.getByRole('button', { name: /Home/ }).click();
  await page.getByRole('button', { name: /Notices/ }).click();
  await onScreen(page, 'notices');
  await expect(page.locator('.entry-title').first()).not.toContainText(/[\u4e00-\u9fff]/);

  await page.getByRole('button', { name: '简体' }).click();
  await expect(html).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('通知公告');
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Noto Sans CJK SC"/);
});
