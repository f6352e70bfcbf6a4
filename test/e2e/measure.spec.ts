import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { measure } from './measure.ts';
import { inLook, tourEveryScreen } from './screens.ts';

const ORIENTATIONS = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } };

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
    };
  });
}

const FULL_SCREEN_LAYERS = new Set(['emergency', 'staff-pin']);

for (const [orientation, viewport] of Object.entries(ORIENTATIONS)) {
  for (const textScale of [1, 1.25, 1.5] as const) {
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
        // The emergency view and the staff panel cover the whole frame on purpose.
        if (FULL_SCREEN_LAYERS.has(screen)) return;
        const f = await frame(page);
        first ??= f;
        const nav = screen === 'home' || screen === 'attract' ? 0 : 2;
        if (f.title === '') problems.push(`${screen}: no title`);
        if (f.back !== nav) problems.push(`${screen}: ${f.back} buttons in the title bar, expected ${nav}`);
        if (f.languages !== 3) problems.push(`${screen}: ${f.languages} language buttons`);
        if (JSON.stringify(f.settings) !== JSON.stringify(first.settings)) problems.push(`${screen}: the text-size control moved`);
        if (JSON.stringify(f.sos) !== JSON.stringify(first.sos)) problems.push(`${screen}: the emergency slot moved`);
        if (!f.sosUncovered) problems.push(`${screen}: the emergency button is covered`);
      });
      expect(problems).toEqual([]);
    });
  }
}
