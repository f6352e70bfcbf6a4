import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The floors this issue sets; the design tokens aim well above them. */
const MIN_FONT_PX = 24;
const MIN_TARGET_PX = 64;

async function visitEveryScreen(page: Page, kioskUrl: string, check: (screen: string) => Promise<void>): Promise<void> {
  await page.goto(kioskUrl);
  await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
  await check('home');
  await page.getByRole('button', { name: /办事指南/ }).click();
  await expect(page.locator('[data-screen="guide-categories"][data-ready="true"]')).toBeVisible();
  await check('guide-categories');
  await page.locator('.entry').first().click();
  await expect(page.locator('[data-screen="guide-list"][data-ready="true"]')).toBeVisible();
  await check('guide-list');
  await page.locator('.entry').first().click();
  await expect(page.locator('[data-screen="guide"][data-ready="true"]')).toBeVisible();
  await check('guide');
}

test('axe-core finds no WCAG 2.2 A/AA violations on any screen', async ({ page, kioskUrl }) => {
  await visitEveryScreen(page, kioskUrl, async (screen) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
    const summary = results.violations.map((v) => `${screen}: ${v.id} (${v.nodes.length}) ${v.help}`);
    expect(summary).toEqual([]);
  });
});

test('every text is at least 24 px and every tap target at least 64×64 px', async ({ page, kioskUrl }) => {
  await visitEveryScreen(page, kioskUrl, async (screen) => {
    const found = await page.evaluate(
      ({ minFont, minTarget }) => {
        const small: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let checked = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent?.trim();
          const parent = node.parentElement;
          if (!text || !parent || parent.closest('[aria-hidden="true"]')) continue;
          const style = getComputedStyle(parent);
          if (style.display === 'none' || style.visibility === 'hidden') continue;
          checked++;
          const size = parseFloat(style.fontSize);
          if (size < minFont) small.push(`${size}px: ${text.slice(0, 20)}`);
        }
        const tiny: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')) {
          const box = el.getBoundingClientRect();
          if (box.width < minTarget || box.height < minTarget) tiny.push(`${Math.round(box.width)}×${Math.round(box.height)}: ${el.textContent?.trim().slice(0, 20)}`);
        }
        return { checked, small, tiny };
      },
      { minFont: MIN_FONT_PX, minTarget: MIN_TARGET_PX },
    );
    expect(found.checked, `${screen}: text nodes checked`).toBeGreaterThan(3);
    expect(found.small, `${screen}: text under ${MIN_FONT_PX}px`).toEqual([]);
    expect(found.tiny, `${screen}: targets under ${MIN_TARGET_PX}px`).toEqual([]);
  });
});
