/**
 * `npm run screenshots`: every screen at 100% and 150%, in both themes and both orientations,
 * into screenshots/ (not committed), for people to look at. Needs a build (dist/).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/e2e/chromium.ts';
import { tourEveryScreen } from '../test/e2e/screens.ts';
import { projectRoot, startHostProcess } from '../test/support/host-process.ts';
import { ApiClient } from '../test/support/ws-client.ts';

const out = join(projectRoot, 'screenshots');
const orientations = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } };

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const host = await startHostProcess();
const api = await ApiClient.connect(host.url);
const browser = await chromium.launch(chromiumLaunchOptions());
let shots = 0;
try {
  for (const [orientation, viewport] of Object.entries(orientations)) {
    for (const theme of ['normal', 'high-contrast'] as const) {
      for (const textScale of [1, 1.5] as const) {
        await api.command(`look-${shots}`, 'settings.set', { theme, textScale });
        const page = await browser.newPage({ viewport, hasTouch: true, locale: 'zh-CN' });
        await page.clock.install();
        await tourEveryScreen(page, host.url, async (name) => {
          await page.screenshot({ path: join(out, `${name}.${orientation}.${theme}.${textScale * 100}.png`) });
          shots++;
        });
        await page.close();
      }
    }
  }
  await api.command('look-reset', 'settings.set', { theme: 'normal', textScale: 1 });
  process.stdout.write(`${shots} screenshots in ${out}\n`);
} finally {
  api.close();
  await browser.close();
  await host.stop();
}
