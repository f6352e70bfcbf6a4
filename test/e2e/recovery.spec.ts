import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHostProcess } from '../support/host-process.ts';
import { writeSiteConfig } from '../support/site-config.ts';

/*
 * A screen that throws while rendering must not go blank. The throw comes from outside: the
 * first connection's kiosk.info answer has a shape the home screen does not expect (as from a
 * core of another version). After the reload the answers are the core's own again.
 */
test('a render error leaves words and a working SOS, then the screen starts afresh', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-recovery-'));
  // A cancel window long enough that the alarm is still cancellable after the reload.
  const config = writeSiteConfig(dir, ['devices: { simulate: true }', 'emergency: { cancelWindowSeconds: 60 }']);
  const host = await startHostProcess({ args: ['--config', config] });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  let connections = 0;
  await page.routeWebSocket(/\/api$/, (ws) => {
    const server = ws.connectToServer();
    const corrupt = ++connections === 1;
    const infoIds = new Set<number>();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id: number; name: string };
      if (corrupt && frame.name === 'kiosk.info') infoIds.add(frame.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { type: string; id?: number; result?: Record<string, unknown> };
      if (frame.type === 'reply' && frame.id !== undefined && infoIds.has(frame.id) && frame.result) {
        ws.send(JSON.stringify({ ...frame, result: { ...frame.result, features: { guides: true } } }));
      } else {
        ws.send(message);
      }
    });
  });
  try {
    await page.goto(host.url);
    await expect(page.getByRole('alert')).toHaveText('请稍等，屏幕正在恢复。');
    // Logged on the kiosk's own console, and nowhere else.
    await expect.poll(() => errors.some((text) => text.includes('TypeError'))).toBe(true);

    await page.getByTestId('sos').click();
    await expect(page.getByRole('status')).toContainText('已收到您的求助');

    // The reload waits out the call, then a few seconds; the core's own answers bring home back.
    await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible({ timeout: 15_000 });
    expect(connections).toBe(2);
    const layer = page.getByRole('alertdialog');
    await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
    await layer.getByRole('button', { name: /取消呼叫/ }).click();
    await expect(layer).toHaveAttribute('data-phase', 'closed');
  } finally {
    await host.stop();
  }
});
