/**
 * 语音口令, the staff screen for enrolling voice phrases, in the real kiosk. Two kinds of browser:
 * Playwright's own, whose microphone does not work (the screen must say so in words, and a
 * recording must fail with a plain message), and one launched with Chromium's fake microphone
 * playing espeak-ng Mandarin on a loop, so takes can be recorded, tried live and saved.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Page } from '@playwright/test';
import { hashPin } from '../../main/config/pin.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { writeSiteConfig } from '../support/site-config.ts';
import { ApiClient } from '../support/ws-client.ts';
import { utterance, writeWav } from '../support/voice-fixtures.ts';
import { chromiumLaunchOptions } from './chromium.ts';
import { inLook } from './screens.ts';

const PIN = '246810';
/** As a11y.spec.ts: WCAG 2.2 A and AA, plus AAA contrast. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa'];

/** A simulated kiosk with a staff PIN and nothing enrolled. */
async function kiosk(): Promise<{ host: HostProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-e2e-voice-staff-'));
  const config = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }', `staff: { pinHash: "${hashPin(PIN)}" }`]);
  const host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  return { host, dir };
}

/** Home → 工作人员 → PIN → 语音口令. */
async function openVoiceStaff(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('[data-screen="home"][data-ready="true"]')).toBeVisible();
  await page.getByRole('button', { name: '工作人员', exact: true }).click();
  const panel = page.getByRole('dialog');
  for (const digit of PIN) await panel.getByRole('button', { name: digit, exact: true }).click();
  await panel.getByRole('button', { name: '确定' }).click();
  await panel.getByTestId('staff-voice').click();
  await expect(page.getByRole('dialog', { name: '语音口令' })).toBeVisible();
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-testid="voice-staff"]').withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test.describe('without a working microphone', () => {
  let rig: { host: HostProcess; dir: string };
  test.beforeEach(async () => {
    rig = await kiosk();
  });
  test.afterEach(async () => {
    await rig.host.stop();
  });

  test('the screen opens from the staff panel, lists every phrase as not enrolled and says the kiosk works by touch', async ({ page }) => {
    await openVoiceStaff(page, rig.host.url);
    const screen = page.getByTestId('voice-staff');
    await expect(screen.getByTestId('vs-touch-only')).toContainText('语音暂时不能用，目前只能用触摸操作。');
    await expect(screen.getByTestId('vs-reason')).toContainText('还没有录入任何语音口令');
    await expect(screen.getByTestId('vs-enrolled-count')).toHaveText('已录入 0 个口令，共 15 个。');
    await expect(screen).toContainText('识别方式：在本机录入的口令');

    for (const group of ['唤醒词', '求救', '取消', '是 / 否', '命令']) await expect(screen.getByRole('group', { name: group })).toBeVisible();
    const wake = screen.getByTestId('vs-phrase-wake');
    await expect(wake).toContainText('小邻小邻');
    await expect(wake).toContainText('xiǎo lín xiǎo lín');
    await expect(wake).toContainText('未录入');
    await expect(screen.getByTestId('vs-phrase-cmd-queue')).toContainText('作用：取号');
    await expect(screen.locator('[data-enrolled="true"]')).toHaveCount(0);
    await expect(screen.locator('button[data-enrolled="false"]')).toHaveCount(15);

    expect(await axeViolations(page)).toEqual([]);
    // And in the other look, at the largest text.
    const api = await ApiClient.connect(rig.host.url);
    try {
      const reply = await api.command('e2e-look', 'settings.set', { theme: 'high-contrast', textScale: 1.5 });
      expect(reply.ok).toBe(true);
    } finally {
      api.close();
    }
    await inLook(page, { theme: 'high-contrast', textScale: 1.5 });
    expect(await axeViolations(page)).toEqual([]);

    // Back to the staff panel, which still holds the session.
    await screen.getByRole('button', { name: /返回工作人员页面/ }).click();
    await expect(page.getByTestId('staff-health')).toBeVisible();
  });

  test('the microphone state is shown in words', async ({ page }) => {
    await openVoiceStaff(page, rig.host.url);
    const microphone = page.getByTestId('vs-microphone');
    // Playwright's Chromium refuses the microphone (or finds none): either way, staff read why.
    await expect(microphone).toHaveAttribute('data-capture', /^(denied|no-device|unsupported|failed)$/);
    const state = await microphone.getAttribute('data-capture');
    const words = {
      denied: '麦克风：没有得到使用许可，请检查系统的麦克风权限',
      'no-device': '麦克风：没有找到麦克风，请检查是否插好',
      unsupported: '麦克风：这个屏幕不支持录音',
      failed: '麦克风：出了故障，请重新插拔麦克风或重启终端',
    }[state!];
    expect(words).toBeDefined();
    await expect(microphone).toContainText(words!);
  });

  test('recording with no audio arriving says so plainly; trying and saving wait for three usable takes', async ({ page }) => {
    await openVoiceStaff(page, rig.host.url);
    await page.getByTestId('vs-phrase-help-jiuming').click();
    const recorder = page.getByTestId('vs-recorder');
    await expect(recorder.getByTestId('vs-say-phrase')).toHaveText('救命');
    await expect(recorder).toContainText('jiù mìng');
    await expect(recorder).toContainText('最好请几位不同的人各录几次');
    await expect(recorder.getByTestId('vs-usable')).toHaveText('可以用的录音 0 次，至少要 3 次。');
    await expect(recorder.getByTestId('vs-test')).toBeDisabled();
    await expect(recorder.getByTestId('vs-save')).toBeDisabled();
    const meter = recorder.getByRole('meter', { name: '音量' });
    await expect(meter).toHaveAttribute('aria-valuenow', '-100');
    expect(await axeViolations(page)).toEqual([]);

    await recorder.getByTestId('vs-record').click();
    await expect(recorder.getByTestId('vs-result')).toContainText('正在录音');
    await expect(recorder.getByTestId('vs-record')).toBeDisabled();
    await expect(recorder.getByTestId('vs-result')).toContainText('麦克风没有声音传过来。请检查麦克风是否插好、是否允许使用。', { timeout: 10_000 });
    await expect(recorder.getByTestId('vs-result')).toHaveAttribute('data-kind', 'problem');
    await expect(recorder.getByTestId('vs-record')).toBeEnabled();
    await expect(recorder.getByTestId('vs-takes')).toHaveCount(0);
    expect(await recorder.textContent()).not.toMatch(/Error|at \w+ \(/);

    await recorder.getByRole('button', { name: /返回口令列表/ }).click();
    await expect(page.getByTestId('vs-phrase-help-jiuming')).toBeVisible();
  });

  test('export writes a file; a corrupt file is refused with a message', async ({ page }) => {
    await openVoiceStaff(page, rig.host.url);
    const screen = page.getByTestId('voice-staff');
    const result = screen.getByTestId('vs-transfer-result');
    await screen.getByTestId('vs-export').click();
    await expect(result).toContainText('已导出 0 个口令，文件在：');
    await expect(result).toContainText(join(rig.dir, 'exports'));

    const corrupt = join(rig.dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format": "linli-voice-enrollments", "phrases": [tru');
    await screen.getByLabel('口令文件的位置（例如 U 盘上的路径）').fill(corrupt);
    await screen.getByTestId('vs-import').click();
    await expect(result).toHaveAttribute('data-kind', 'problem');
    await expect(result).toContainText('没有导入：');

    await screen.getByLabel('口令文件的位置（例如 U 盘上的路径）').fill(join(rig.dir, 'no-such-file.json'));
    await screen.getByTestId('vs-import').click();
    await expect(result).toContainText('没有导入：找不到或打不开这个文件。');
    await expect(screen.getByTestId('vs-enrolled-count')).toHaveText('已录入 0 个口令，共 15 个。');
  });
});

/** A kiosk and a browser of its own whose fake microphone plays `samples` on a loop. */
async function withMicrophone(samples: Int16Array, body: (page: Page, rig: { host: HostProcess; dir: string }) => Promise<void>): Promise<void> {
  const rig = await kiosk();
  const wav = join(rig.dir, 'microphone.wav');
  writeWav(wav, samples);
  const base = chromiumLaunchOptions();
  const browser = await chromium.launch({
    ...base,
    args: [
      ...(base.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  try {
    // A context of its own, as axe needs one to analyse the page.
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'zh-CN' });
    await body(await context.newPage(), rig);
  } finally {
    await browser.close();
    await rig.host.stop();
  }
}

/**
 * The phrase (1.8 s of speech) about every 2.9 s as the fake microphone loops it: over a second of
 * quiet between, which ends each take, and a whole phrase in any window of the 5 s live trial.
 */
const PHRASE_LOOP = (): Int16Array => utterance([0.2, 'tong1 zhi1 gong1 gao4', 0.5]);

test.describe('with a microphone', () => {
  test.setTimeout(120_000);

  test('three takes with a live level meter, each played back; tried live, saved, exported, removed and imported again', async () => {
    await withMicrophone(PHRASE_LOOP(), async (page, rig) => {
      await openVoiceStaff(page, rig.host.url);
      const screen = page.getByTestId('voice-staff');
      await expect(screen.getByTestId('vs-microphone')).toHaveAttribute('data-capture', 'running', { timeout: 10_000 });
      await expect(screen.getByTestId('vs-microphone')).toContainText('麦克风：正常收音');
      await expect(screen.getByTestId('vs-touch-only')).toContainText('目前只能用触摸操作');

      await screen.getByTestId('vs-phrase-cmd-notices').click();
      const recorder = page.getByTestId('vs-recorder');
      await expect(recorder.getByTestId('vs-say-phrase')).toHaveText('通知公告');
      const meter = recorder.getByRole('meter', { name: '音量' });
      const usableTakes = recorder.locator('[data-testid="vs-take"][data-usable="true"]');

      for (let n = 1; n <= 3; n++) {
        await expect(recorder.getByTestId('vs-record')).toBeEnabled({ timeout: 15_000 });
        await recorder.getByTestId('vs-record').click();
        if (n === 1) {
          // The bar follows the microphone while the take is recorded: speech lifts it well off the floor.
          await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(-45);
        }
        await expect(recorder.getByTestId('vs-result')).toContainText(`第 ${n} 次录好了。`, { timeout: 15_000 });
        await expect(usableTakes).toHaveCount(n);
      }
      await expect(recorder.getByTestId('vs-usable')).toHaveText('可以用的录音 3 次，至少要 3 次。');
      await expect(recorder.getByTestId('vs-take').first()).toContainText(/第 1 次 · \d\.\d 秒 · ✅ 可以用/);

      // Each take plays back, once the core has stopped listening for it (a refusal would show as a problem).
      const play = recorder.getByRole('button', { name: /播放第 1 次/ });
      await play.click();
      await expect(play).toHaveAttribute('aria-pressed', 'true');
      await expect(play).toHaveAttribute('aria-pressed', 'false', { timeout: 10_000 });
      await expect(recorder.getByTestId('vs-result')).toHaveAttribute('data-kind', 'ok');

      expect(await axeViolations(page)).toEqual([]);

      // A fourth take, then deleted again.
      await recorder.getByTestId('vs-record').click();
      await expect(recorder.getByTestId('vs-result')).toContainText('第 4 次', { timeout: 15_000 });
      await expect(recorder.getByTestId('vs-take')).toHaveCount(4);
      await recorder.getByRole('button', { name: /删除第 4 次/ }).click();
      await expect(recorder.getByTestId('vs-take')).toHaveCount(3);

      await expect(recorder.getByTestId('vs-test')).toBeEnabled();
      await recorder.getByTestId('vs-test').click();
      await expect(recorder.getByTestId('vs-result')).toContainText('请现在说一遍口令');
      await expect(recorder.getByTestId('vs-result')).toContainText('听到了！', { timeout: 15_000 });

      await recorder.getByTestId('vs-save').click();
      await expect(recorder.getByTestId('vs-result')).toContainText('已保存，这个口令现在可以用了。', { timeout: 15_000 });
      await expect(recorder.getByTestId('vs-takes')).toHaveCount(0);
      await expect(recorder).toContainText('已录入');
      await expect(screen.getByTestId('vs-enrolled-count')).toHaveText('已录入 1 个口令，共 15 个。');
      await expect(screen.getByTestId('vs-available')).toContainText('语音功能正常');

      // Removing asks first.
      await recorder.getByTestId('vs-remove').click();
      await expect(recorder.getByTestId('vs-confirm')).toContainText('确定要删除“通知公告”吗？');
      await recorder.getByRole('button', { name: '不删' }).click();
      await expect(recorder.getByTestId('vs-confirm')).toHaveCount(0);

      // Export while enrolled; remove; import the file back.
      await recorder.getByRole('button', { name: /返回口令列表/ }).click();
      await expect(screen.getByTestId('vs-phrase-cmd-notices')).toHaveAttribute('data-enrolled', 'true');
      await screen.getByTestId('vs-export').click();
      const transfer = screen.getByTestId('vs-transfer-result');
      await expect(transfer).toContainText('已导出 1 个口令，文件在：');
      const exported = /文件在：(.+\.json)/.exec((await transfer.textContent()) ?? '')?.[1];
      expect(exported).toBeTruthy();

      await screen.getByTestId('vs-phrase-cmd-notices').click();
      await recorder.getByTestId('vs-remove').click();
      await recorder.getByRole('button', { name: '确定删除' }).click();
      await expect(recorder.getByTestId('vs-result')).toContainText('已删除这个口令。');
      await expect(screen.getByTestId('vs-enrolled-count')).toHaveText('已录入 0 个口令，共 15 个。');
      await expect(recorder.getByTestId('vs-remove')).toHaveCount(0);

      await recorder.getByRole('button', { name: /返回口令列表/ }).click();
      await screen.getByLabel('口令文件的位置（例如 U 盘上的路径）').fill(exported!);
      await screen.getByTestId('vs-import').click();
      await expect(transfer).toContainText('已导入 1 个口令。');
      await expect(screen.getByTestId('vs-phrase-cmd-notices')).toHaveAttribute('data-enrolled', 'true');
    });
  });

  test('a clipped take is refused in words, marked and not counted, and the meter shows it too loud', async () => {
    // Far too much gain: the speech is cut off at full scale.
    const clipped = PHRASE_LOOP().map((v) => Math.max(-32768, Math.min(32767, v * 40)));
    await withMicrophone(clipped, async (page, rig) => {
      await openVoiceStaff(page, rig.host.url);
      await expect(page.getByTestId('vs-microphone')).toHaveAttribute('data-capture', 'running', { timeout: 10_000 });
      await page.getByTestId('vs-phrase-cmd-notices').click();
      const recorder = page.getByTestId('vs-recorder');
      const meter = recorder.getByRole('meter', { name: '音量' });
      await recorder.getByTestId('vs-record').click();
      await expect(meter).toHaveAttribute('aria-valuetext', /太大声/, { timeout: 10_000 });
      await expect(recorder.getByTestId('vs-result')).toContainText('第 1 次不能用：声音太大，录音破音了。', { timeout: 15_000 });
      const take = recorder.getByTestId('vs-take');
      await expect(take).toHaveAttribute('data-usable', 'false');
      await expect(take).toContainText('不能用');
      await expect(take).toContainText('声音太大，录音破音了。');
      await expect(recorder.getByTestId('vs-usable')).toHaveText('可以用的录音 0 次，至少要 3 次。');
      await expect(recorder.getByTestId('vs-test')).toBeDisabled();
      await expect(recorder.getByTestId('vs-save')).toBeDisabled();
      expect(await axeViolations(page)).toEqual([]);
    });
  });
});
