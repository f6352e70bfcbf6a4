import { expect, test } from './fixtures.ts';

test('home → category → guide → back → home, with real taps', async ({ page, kioskUrl }) => {
  await page.goto(kioskUrl);
  const home = page.locator('[data-screen="home"][data-ready="true"]');
  await expect(home).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
  await expect(page.getByRole('button', { name: /返回/ })).toHaveCount(0);

  await page.getByRole('button', { name: /办事指南/ }).click();
  await expect(page.locator('[data-screen="guide-categories"][data-ready="true"]')).toBeVisible();
  const categories = page.locator('.entry');
  expect(await categories.count()).toBeGreaterThanOrEqual(5);

  await page.getByRole('button', { name: /养老|老年/ }).first().click();
  const list = page.locator('[data-screen="guide-list"][data-ready="true"]');
  await expect(list).toBeVisible();
  const firstGuideTitle = (await list.locator('.entry-title').first().textContent()) ?? '';
  expect(firstGuideTitle.length).toBeGreaterThan(1);

  await list.locator('.entry').first().click();
  const guide = page.locator('[data-screen="guide"][data-ready="true"]');
  await expect(guide).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstGuideTitle);
  for (const section of ['谁可以办', '要带的材料', '怎么办', '在哪里办', '办公时间', '要花多少钱', '要等多久', '不懂问谁']) {
    await expect(guide.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  expect(await guide.locator('.section li').count()).toBeGreaterThanOrEqual(2);

  await page.getByRole('button', { name: /返回/ }).click();
  await expect(list).toBeVisible();
  await page.getByRole('button', { name: /首页/ }).click();
  await expect(home).toBeVisible();
});

test('every guide in every category opens with its materials and steps', async ({ page, kioskUrl }) => {
  await page.goto(kioskUrl);
  await page.getByRole('button', { name: /办事指南/ }).click();
  const categories = page.locator('[data-screen="guide-categories"][data-ready="true"] .entry');
  await expect(categories.first()).toBeVisible();
  const categoryCount = await categories.count();
  let guidesSeen = 0;
  for (let c = 0; c < categoryCount; c++) {
    await categories.nth(c).click();
    const entries = page.locator('[data-screen="guide-list"][data-ready="true"] .entry');
    await expect(entries.first()).toBeVisible();
    const guideCount = await entries.count();
    for (let g = 0; g < guideCount; g++) {
      await entries.nth(g).click();
      const guide = page.locator('[data-screen="guide"][data-ready="true"]');
      await expect(guide).toBeVisible();
      expect(await guide.locator('.section').count()).toBeGreaterThanOrEqual(8);
      guidesSeen++;
      await page.getByRole('button', { name: /返回/ }).click();
    }
    await page.getByRole('button', { name: /返回/ }).click();
  }
  expect(guidesSeen).toBeGreaterThanOrEqual(12);
});

test('the screen says plainly when the kiosk core cannot be reached', async ({ page, kioskUrl }) => {
  await page.goto(kioskUrl);
  await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
  // From here on every API socket is refused: after a reload the page must say so, in words.
  await page.routeWebSocket(/\/api$/, (ws) => ws.close());
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('正在连接');
});
