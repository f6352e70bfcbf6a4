import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openAGuide } from './screens.ts';

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
