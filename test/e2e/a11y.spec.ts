import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { inLook, tourEveryScreen } from './screens.ts';

/** WCAG 2.2 A and AA, plus AAA contrast (color-contrast-enhanced, 7:1). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa'];

for (const theme of ['normal', 'high-contrast'] as const) {
  for (const textScale of [1, 1.25, 1.5] as const) {
    test(`axe finds nothing on any screen: ${theme}, text ${textScale * 100}%`, async ({ page, kioskUrl, kiosk }) => {
      await kiosk.settings({ theme, textScale });
      await page.clock.install();
      const violations: string[] = [];
      let screens = 0;
      await tourEveryScreen(page, kioskUrl, async (screen) => {
        await inLook(page, { theme, textScale });
        const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
        screens++;
        for (const v of results.violations) {
          violations.push(`${screen}: ${v.id} (${v.nodes.length}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        }
      });
      expect(screens).toBe(15);
      expect(violations).toEqual([]);
    });
  }
}
