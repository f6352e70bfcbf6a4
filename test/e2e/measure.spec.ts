import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { measure } from './measure.ts';
import { inLook, tourEveryScreen } from './screens.ts';

const ORIENTATIONS = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } };
const SCALES = [1, 1.25, 1.5] as const;
/**
 * Smaller panels (a 1366×768 all-in-one, a 1280×800 tablet) at the largest text: everything is
 * drawn in proportion, so the frame must leave as much room to read as it does on a 1080p panel.
 */
const SMALL = { 'small landscape': { width: 1280, height: 800 }, 'small portrait': { width: 800, height: 1280 } };
const RUNS = [
  ...Object.entries(ORIENTATIONS).flatMap(([orientation, viewport]) => SCALES.map((textScale) => ({ orientation, viewport, textScale }))),
  ...Object.entries(SMALL).map(([orientation, viewport]) => ({ orientation, viewport, textScale: 1.5 as const })),
];
/** The content between the bars keeps at least this share of the window's height, for the text and 往下看. */
const MIN_CONTENT_SHARE = 0.4;

/** The shared frame: title, 返回/首页 (except where there is nowhere to go), text size, languages, SOS. */
async function frame(page: Page) {
  return page.evaluate(() => {
    const box = (sel: string) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height) };
    };
    const sos = document.querySelector('.bottombar-sos button');
    const r = sos?.getBoundingClientRect();
    const onTop = r ? document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) : null;
    return {
      title: document.querySelector('.topbar h1')?.textContent?.trim() ?? '',
      back: document.querySelectorAll('.topbar button:not([data-testid="say-again"]):not([data-testid="staff-entry"])').length,
      settings: box('[data-testid="settings-entry"]'),
      languages: document.querySelectorAll('.language-switch button').length,
      sos: box('.bottombar-sos'),
      sosUncovered: !!sos && !!onTop && sos.contains(onTop),
      content: Math.round(document.querySelector('.content')?.getBoundingClientRect().height ?? 0),
      // A dialog covers the pager on purpose, and makes it inert.
      pagerCovered: [...document.querySelectorAll('.pager button')].filter((b) => !b.closest('[inert]')).some((b) => {
        const p = b.getBoundingClientRect();
        const hit = document.elementFromPoint(p.x + p.width / 2, p.y + p.height / 2);
        return !hit || !b.contains(hit);
      }),
    };
  });
}

/** The buttons that can be pressed but lie partly outside the window. */
function outOfSight(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button')]
      .filter((b) => b.getClientRects().length > 0 && !b.closest('[inert]'))
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.top < -1 || r.left < -1 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1;
      })
      .map((b) => (b.textContent ?? '').trim().slice(0, 20)),
  );
}

const FULL_SCREEN_LAYERS = new Set(['emergency', 'staff-pin']);

for (const { orientation, viewport, textScale } of RUNS) {
  test(`every screen measures up: ${orientation}, text ${textScale * 100}%`, async ({ page, kioskUrl, kiosk }) => {
    await page.setViewportSize(viewport);
    await kiosk.settings({ textScale });
    await page.clock.install();
    const problems: string[] = [];
    let first: Awaited<ReturnType<typeof frame>> | undefined;
    await tourEveryScreen(page, kioskUrl, async (screen) => {
      await inLook(page, { theme: 'normal', textScale });
      const found = await measure(page);
      expect(found.texts, `${screen}: texts measured`).toBeGreaterThan(5);
      expect(found.targets, `${screen}: targets measured`).toBeGreaterThan(FULL_SCREEN_LAYERS.has(screen) ? 1 : 3);
      for (const kind of ['small', 'tight', 'tiny', 'crowded', 'overflowing'] as const) {
        for (const line of found[kind]) problems.push(`${screen} ${kind}: ${line}`);
      }
      // The emergency view and the staff panel cover the whole frame on purpose; every way out of
      // them (取消呼叫 above all: a mistaken press has seconds to be undone) must be in sight without scrolling.
      if (FULL_SCREEN_LAYERS.has(screen)) {
        for (const name of await outOfSight(page)) problems.push(`${screen}: "${name}" is outside the window`);
        return;
      }
      const f = await frame(page);
      first ??= f;
      const nav = screen === 'home' || screen === 'attract' ? 0 : 2;
      if (f.title === '') problems.push(`${screen}: no title`);
      if (f.back !== nav) problems.push(`${screen}: ${f.back} buttons in the title bar, expected ${nav}`);
      if (f.languages !== 3) problems.push(`${screen}: ${f.languages} language buttons`);
      if (JSON.stringify(f.settings) !== JSON.stringify(first.settings)) problems.push(`${screen}: the text-size control moved`);
      if (JSON.stringify(f.sos) !== JSON.stringify(first.sos)) problems.push(`${screen}: the emergency slot moved`);
      if (!f.sosUncovered) problems.push(`${screen}: the emergency button is covered`);
      if (f.content < MIN_CONTENT_SHARE * viewport.height) problems.push(`${screen}: only ${f.content}px of the window's ${viewport.height} is left to read in`);
      if (f.pagerCovered) problems.push(`${screen}: the page buttons are covered`);
    });
    expect(problems).toEqual([]);
  });
}
