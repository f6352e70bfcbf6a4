import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { onScreen, openAGuide } from './screens.ts';

/** Every `speech.say` the page sends the core, as its payload. */
function sayRequests(page: Page): { text: string; lang: string }[] {
  const sent: { text: string; lang: string }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { name?: string; payload?: { text: string; lang: string } };
      if (frame.name === 'speech.say' && frame.payload) sent.push(frame.payload);
    }),
  );
  return sent;
}

test('朗读全文 reads the guide aloud and marks each phrase on the page as it is said', async ({ page, kioskUrl, kiosk }) => {
  // The fastest setting, so the reading reaches its second phrase soon.
  await kiosk.settings({ speechRate: 1.5 });
  await openAGuide(page, kioskUrl);
  const summary = (await page.locator('.summary-lead').textContent()) ?? '';
  const read = page.getByTestId('read-aloud');
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'true');

  // The title is said first (it is the frame's heading); the first mark is the summary's first phrase.
  const mark = page.getByTestId('spoken-now');
  await expect(mark).toHaveCount(1, { timeout: 15_000 });
  const first = (await mark.textContent()) ?? '';
  expect(first.length).toBeGreaterThan(0);
  expect(summary.startsWith(first)).toBe(true);
  await expect(page.locator('.summary-lead mark')).toHaveCount(1);

  await expect.poll(async () => mark.textContent(), { timeout: 15_000 }).not.toBe(first);
  await expect(mark).toHaveCount(1);

  // The same button stops it, and the mark goes.
  await read.click();
  await expect(read).toHaveAttribute('aria-pressed', 'false');
  await expect(mark).toHaveCount(0);
});

test('every screen says its summary when shown, and 再听一遍 says it again', async ({ page, kioskUrl }) => {
  const sent = sayRequests(page);
  await openAGuide(page, kioskUrl);
  const title = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  // Home, the categories, the list and the guide each asked for their summary.
  await expect.poll(() => sent.length).toBeGreaterThanOrEqual(4);
  await expect.poll(() => sent.at(-1)?.text ?? '').toContain(title);
  const before = sent.length;

  // One 再听一遍 shows, in whichever bar has room (the title bar in landscape).
  await expect(page.locator('[data-testid="say-again"]:visible')).toHaveCount(1);
  await page.locator('[data-testid="say-again"]:visible').click();
  await expect.poll(() => sent.length).toBeGreaterThan(before);
  expect(sent.at(-1)).toEqual(sent[before - 1]);

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.locator('.topbar [data-testid="say-again"]')).toBeVisible();
  await expect(page.locator('.bottombar [data-testid="say-again"]')).toBeHidden();
});

/**
 * Where the phrase being read is, against the content area's visible rectangle: `below` when it
 * starts lower than the area's first screen (before any scrolling), `inView` when all of it shows.
 */
async function markPlace(page: Page): Promise<{ text: string; below: boolean; inView: boolean; documentScrolled: boolean } | null> {
  return page.evaluate(() => {
    const area = document.querySelector<HTMLElement>('[data-testid="content"]');
    const mark = document.querySelector<HTMLElement>('[data-testid="spoken-now"]');
    if (!area || !mark) return null;
    const a = area.getBoundingClientRect();
    const m = mark.getBoundingClientRect();
    const top = m.top - a.top - area.clientTop;
    const bottom = m.bottom - a.top - area.clientTop;
    return {
      text: mark.textContent ?? '',
      below: top + area.scrollTop >= area.clientHeight,
      inView: top >= -1 && bottom <= area.clientHeight + 1,
      documentScrolled: (document.scrollingElement?.scrollTop ?? 0) !== 0 || window.scrollY !== 0,
    };
  });
}

test('朗读全文 keeps the phrase being read in view: the content follows it, and so does the page count', async ({ page, kioskUrl, kiosk }) => {
  test.setTimeout(60_000);
  // A small window, so the guide runs to several pages; the audio played four times as fast, so the
  // reading gets past the first page soon (the highlight follows the audio's own clock).
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      this.defaultPlaybackRate = 4;
      this.playbackRate = 4;
      return play.call(this);
    };
  });
  await kiosk.settings({ speechRate: 1.5 });
  await page.goto(kioskUrl);
  await onScreen(page, 'home');
  await page.getByRole('button', { name: /办事指南/ }).click();
  await onScreen(page, 'guide-categories');
  await page.getByRole('button', { name: /老年人服务/ }).click();
  await onScreen(page, 'guide-list');
  await page.getByRole('button', { name: /高龄津贴/ }).click();
  await onScreen(page, 'guide');

  const position = page.locator('.pager-position');
  await expect(position).toHaveText(/^第 1 页，共 [2-9] 页$/);
  await page.getByTestId('read-aloud').click();

  // The reading gets past the first screen…
  await expect.poll(async () => (await markPlace(page))?.below ?? false, { timeout: 30_000 }).toBe(true);
  // …and the phrase being said is brought into view…
  await expect
    .poll(async () => {
      const place = await markPlace(page);
      return place !== null && place.below && place.inView;
    })
    .toBe(true);
  // …by scrolling the content area only, and the pager says where the reader now is.
  await expect(position).not.toHaveText(/^第 1 页/);
  expect((await markPlace(page))?.documentScrolled).toBe(false);

  // The person looks back themselves: their choice stands until the next phrase, which is followed again.
  const up = page.getByRole('button', { name: /往上看/ });
  const away = (await markPlace(page))?.text;
  await up.click();
  await up.click();
  await expect
    .poll(async () => {
      const place = await markPlace(page);
      return place !== null && place.text !== away && place.inView;
    }, { timeout: 30_000 })
    .toBe(true);
  await expect(position).not.toHaveText(/^第 1 页/);
});
