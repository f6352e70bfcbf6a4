/**
 * Voice in the real kiosk: Chromium's fake microphone plays a WAV of espeak-ng Mandarin
 * (facts/voice.md §6: `--use-file-for-fake-audio-capture=…%noloop`) through the page's capture
 * worklet and the host's audio channel into the core. Each test has its own browser (the fake
 * file is a launch flag) and its own kiosk with phrases enrolled from other voices' takes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { ApiClient } from '../support/ws-client.ts';
import { writeSiteConfig } from '../support/site-config.ts';
import { utterance, writeEnrollments, writeWav } from '../support/voice-fixtures.ts';
import { chromiumLaunchOptions } from './chromium.ts';

const PHRASES = [
  { id: 'wake', pinyin: 'xiao3 lin2 xiao3 lin2' },
  { id: 'help-jiuming', pinyin: 'jiu4 ming4' },
  { id: 'cmd-guides', pinyin: 'ban4 shi4 zhi3 nan2' },
  { id: 'cmd-notices', pinyin: 'tong1 zhi1 gong1 gao4' },
];

interface Rig {
  host: HostProcess;
  browser: Browser;
  page: Page;
}

/** A kiosk with the phrases enrolled and a browser whose microphone says `parts` once. */
async function rig(parts: readonly (string | number)[], { mute = true } = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-voice-'));
  await writeEnrollments(dir, PHRASES);
  const wav = join(dir, 'microphone.wav');
  writeWav(wav, utterance(parts));
  const config = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }', 'emergency: { voiceCancelWindowSeconds: 30 }']);
  const host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  // Silent, so the screen's spoken summary does not cover the test speech (the kiosk does not
  // take commands while it is speaking; its own voice reaches the microphone).
  if (mute) {
    const api = await ApiClient.connect(host.url);
    await api.command('mute', 'settings.set', { volume: 0 });
    api.close();
  }
  const base = chromiumLaunchOptions();
  const browser = await chromium.launch({
    ...base,
    args: [
      ...(base.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'zh-CN' });
  return { host, browser, page };
}

async function close(r: Rig): Promise<void> {
  await r.browser.close();
  await r.host.stop();
}

test.describe('voice', () => {
  test.setTimeout(60_000);

  test('the wake phrase opens a listening window and a command said in it navigates', async () => {
    const r = await rig([3, 'xiao3 lin2 xiao3 lin2', 0.8, 'ban4 shi4 zhi3 nan2', 3]);
    try {
      await r.page.goto(r.host.url);
      await expect(r.page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
      await expect(r.page.getByTestId('voice-listening')).toBeVisible({ timeout: 15_000 });
      await expect(r.page.getByTestId('voice-listening')).toContainText('我在听');
      await expect(r.page.locator('[data-screen="guide-categories"]')).toBeVisible({ timeout: 15_000 });
      await expect(r.page.getByTestId('voice-heard')).toContainText('办事指南');
    } finally {
      await close(r);
    }
  });

  test('the help phrase raises an alarm with its cancel window, even while the kiosk is speaking', async () => {
    const r = await rig([3, 'jiu4 ming4', 3], { mute: false });
    try {
      await r.page.addInitScript(() => {
        const w = window as unknown as { spoken: string[] };
        w.spoken = [];
        window.addEventListener('linli:speak', (e) => w.spoken.push((e as CustomEvent<{ text: string }>).detail.text));
      });
      await r.page.goto(r.host.url);
      const layer = r.page.getByRole('alertdialog');
      await expect(layer).toBeVisible({ timeout: 15_000 });
      await expect(layer).toHaveAttribute('data-phase', 'cancel-window');
      await expect(r.page.getByTestId('emergency-status')).toContainText('秒后开始打电话');
      // It shows what it heard, but never says the help phrase back: it would hear itself, and raise the alarm again.
      const spoken = (): Promise<string[]> => r.page.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
      await expect.poll(spoken).toContainEqual('我听到了，正在为您呼叫。');
      expect((await spoken()).filter((line) => line.includes('救命'))).toEqual([]);
      await layer.getByRole('button', { name: /取消呼叫/ }).click();
      await expect(layer).toHaveAttribute('data-phase', 'closed');
    } finally {
      await close(r);
    }
  });

  test('说话 opens the same window by touch, with a countdown, and a command navigates', async () => {
    const r = await rig([5, 'tong1 zhi1 gong1 gao4', 4]);
    try {
      await r.page.goto(r.host.url);
      const talk = r.page.getByTestId('talk');
      await expect(talk).toBeVisible({ timeout: 10_000 });
      await talk.click();
      const panel = r.page.getByTestId('voice-listening');
      await expect(panel).toBeVisible();
      await expect(panel).toContainText(/还有 \d+ 秒/);
      await expect(r.page.locator('[data-screen="notices"]')).toBeVisible({ timeout: 15_000 });
    } finally {
      await close(r);
    }
  });
});
