import { chromium, type Page } from '@playwright/test';
import { startHostProcess } from '../../test/support/host-process.ts';
import { chromiumLaunchOptions } from '../../test/e2e/chromium.ts';
import { median, percentile, type Row } from './stats.ts';

const READY_HOME = '[data-screen="home"][data-ready="true"]';

/*
 * Page scripts are strings: tsx compiles this file with esbuild's keepNames, whose __name helper
 * does not exist inside the page.
 */

/** Resolves in the page once `selector` is in the DOM and a frame has been produced with it. */
const waitForPaint = (selector: string) => (page: Page) =>
  page.waitForFunction(
    `new Promise((resolve) => {
      const check = () => {
        if (document.querySelector(${JSON.stringify(selector)})) requestAnimationFrame(() => setTimeout(() => resolve(true), 0));
        else requestAnimationFrame(check);
      };
      check();
    })`,
    undefined,
    { timeout: 20_000 },
  );

/** Times every tap inside the page, from pointerdown to the frame after the next screen is ready. */
const TAP_TIMER = `(() => {
  window.__taps = [];
  let start = null;
  let before = null;
  document.addEventListener('pointerdown', () => {
    start = performance.now();
    before = document.querySelector('[data-screen]');
  }, true);
  new MutationObserver(() => {
    if (start === null) return;
    const now = document.querySelector('[data-screen][data-ready="true"]');
    if (!now || now === before) return;
    const began = start;
    start = null;
    requestAnimationFrame(() => setTimeout(() => window.__taps.push(performance.now() - began), 0));
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
})()`;

/** Cold start: kiosk process spawned → Chromium launched → home screen painted with its data. */
export async function benchColdStart(runs: number): Promise<Row> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const host = await startHostProcess();
    const browser = await chromium.launch(chromiumLaunchOptions());
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, bypassCSP: true }); // string page scripts need eval
    await page.goto(host.url);
    await waitForPaint(READY_HOME)(page);
    times.push(performance.now() - t0);
    await browser.close();
    await host.stop();
  }
  const m = median(times);
  return {
    name: 'cold start → home painted',
    samples: runs,
    median: `${Math.round(m)} ms`,
    p95: `${Math.round(percentile(times, 95))} ms`,
    target: 'median < 2500 ms',
    verdict: m < 2500 ? 'pass' : 'FAIL',
  };
}

/**
 * Tap → next screen painted, timed inside the page: from the pointerdown of a real click to the
 * frame after the new screen's data is in the DOM.
 */
export async function benchTapLatency(taps: number): Promise<Row> {
  const host = await startHostProcess();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, bypassCSP: true }); // string page scripts need eval
  await page.goto(host.url);
  await waitForPaint(READY_HOME)(page);
  await page.evaluate(TAP_TIMER);

  let done = 0;
  const tap = async (selector: string, nth = 0): Promise<void> => {
    await page.locator(selector).nth(nth).click();
    done++;
    await page.waitForFunction(`window.__taps.length >= ${done}`);
  };
  let round = 0;
  while (done < taps) {
    await tap('[data-screen="home"] .entry');
    const categories = await page.locator('[data-screen="guide-categories"][data-ready="true"] .entry').count();
    await tap('[data-screen="guide-categories"] .entry', round % categories);
    await tap('[data-screen="guide-list"] .entry');
    await tap('[data-screen="guide"] .topbar .btn >> nth=0');
    await tap('[data-screen="guide-list"] .topbar .btn-primary');
    round++;
  }
  const times = (await page.evaluate('window.__taps')) as number[];
  await browser.close();
  await host.stop();
  const m = median(times);
  return {
    name: 'tap → next screen painted',
    samples: times.length,
    median: `${m.toFixed(1)} ms`,
    p95: `${percentile(times, 95).toFixed(1)} ms`,
    target: 'median < 100 ms',
    verdict: m < 100 ? 'pass' : 'FAIL',
  };
}
