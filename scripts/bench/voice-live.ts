/**
 * Voice measured live, on the running kiosk. The bench is the microphone: it streams espeak-ng
 * Mandarin over the host's audio channel in real time (80 ms frames on an 80 ms clock).
 * - End of the wake phrase → "我在听" painted: the bench notes when the last frame with speech
 *   in it left, the page when the listening panel reached the screen (the same system clock).
 * - Listening: the whole kiosk process's CPU time, from /proc, as a share of one core above the
 *   same kiosk idle — over the bench's typical hall minute, and over a minute of non-stop talk.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import WebSocket from 'ws';
import { AUDIO_FRAME_SAMPLES } from '../../main/api/voice.ts';
import { appRoot, contentDir } from '../../main/paths.ts';
import { phraseTable } from '../../main/services/voice/phrases.ts';
import { loadVoiceFile } from '../../main/services/voice/setup.ts';
import { chromiumLaunchOptions } from '../../test/e2e/chromium.ts';
import { startHostProcess } from '../../test/support/host-process.ts';
import { writeSiteConfig } from '../../test/support/site-config.ts';
import { utterance, writeEnrollments } from '../../test/support/voice-fixtures.ts';
import { ApiClient } from '../../test/support/ws-client.ts';
import { BENCH_VOICES, DEV_VOICES } from '../../test/integration/wakeword/corpus.ts';
import { negativeScene } from '../../test/integration/wakeword/scenes.ts';
import { median, percentile, type Row } from './stats.ts';
import { hallMinute } from './voice.ts';

const FRAME_MS = 80;
/** How long the kiosk's CPU is measured with a silent microphone, for the baseline. */
const IDLE_SECONDS = 20;
const WAKE = 'xiao3 lin2 xiao3 lin2';

/** Page script (a string: see ui.ts) that stamps the wall-clock time each new listening panel is painted. */
const CUE_TIMER = `(() => {
  window.__cues = [];
  let shown = false;
  new MutationObserver(() => {
    const now = !!document.querySelector('[data-testid="voice-listening"]');
    if (now && !shown) requestAnimationFrame(() => setTimeout(() => window.__cues.push(Date.now()), 0));
    shown = now;
  }).observe(document.body, { subtree: true, childList: true });
})()`;

/** Index just past the last 10 ms block louder than -45 dBFS: where the phrase really ends. */
function speechEnd(samples: Int16Array): number {
  const block = 160;
  for (let end = samples.length - (samples.length % block); end >= block; end -= block) {
    let e = 0;
    for (let i = end - block; i < end; i++) e += samples[i]! ** 2;
    if (10 * Math.log10(e / block / 32768 ** 2 + 1e-12) > -45) return end;
  }
  return 0;
}

/** Sends `samples` as a sound card would deliver them; `onFrame` hears each frame index as it leaves. */
async function streamRealTime(audio: WebSocket, samples: Int16Array, onFrame: (index: number) => void = () => undefined): Promise<void> {
  const t0 = performance.now();
  for (let f = 0; (f + 1) * AUDIO_FRAME_SAMPLES <= samples.length; f++) {
    // A drift-free 80 ms clock.
    const wait = t0 + f * FRAME_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    audio.send(Buffer.from(samples.buffer, samples.byteOffset + f * AUDIO_FRAME_SAMPLES * 2, AUDIO_FRAME_SAMPLES * 2));
    onFrame(f);
  }
}

/** User plus system CPU seconds a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, i.e. 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function benchLiveVoice(runs: number, listenSeconds: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-bench-voice-'));
  // Every phrase a kiosk listens for, so the CPU figure is that of a fully enrolled kiosk.
  const { file } = loadVoiceFile(contentDir(appRoot()));
  const phrases = file ? [...phraseTable(file).values()].map(({ phrase }) => ({ id: phrase.id, pinyin: phrase.pinyin ?? WAKE })) : [];
  await writeEnrollments(dir, phrases);
  const config = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }']);
  const host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const api = await ApiClient.connect(host.url);
  // Muted: the kiosk takes no commands while it speaks, and the home screen's summary is long.
  await api.command('mute', 'settings.set', { volume: 0 });
  const latencies: number[] = [];
  let missed = 0;
  let cpuShare = Number.NaN;
  let idleShare = Number.NaN;
  let hallShare = Number.NaN;
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, bypassCSP: true });
    await page.goto(host.url);
    await page.waitForSelector('[data-screen="home"][data-ready="true"]');
    await page.evaluate(CUE_TIMER);
    // Connected after the page, so this socket is the kiosk's microphone from now on.
    const audio = new WebSocket(new URL('/api/audio', host.url).toString().replace(/^http/, 'ws'));
    await new Promise((resolve, reject) => audio.once('open', resolve).once('error', reject));
    const speech = utterance([1, WAKE, 1.5], DEV_VOICES[0]);
    const endFrame = Math.ceil(speechEnd(speech) / AUDIO_FRAME_SAMPLES) - 1;
    for (let run = 0; run < runs; run++) {
      let phraseEnd = 0;
      await streamRealTime(audio, speech, (f) => {
        if (f === endFrame) phraseEnd = Date.now();
      });
      const cues = (await page.evaluate('window.__cues.splice(0)')) as number[];
      if (cues.length === 0) missed++;
      else latencies.push(cues[0]! - phraseEnd);
      await api.command(`close-${run}`, 'voice.close', {});
      await page.waitForSelector('[data-testid="voice-listening"]', { state: 'detached' });
    }
    // The same kiosk with its microphone silent (no frames), then listening to a hall.
    const idle0 = cpuSeconds(host.child.pid!);
    const idleWall0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    idleShare = (cpuSeconds(host.child.pid!) - idle0) / ((performance.now() - idleWall0) / 1000);
    const share = async (samples: Int16Array): Promise<number> => {
      const cpu0 = cpuSeconds(host.child.pid!);
      const wall0 = performance.now();
      await streamRealTime(audio, samples);
      return (cpuSeconds(host.child.pid!) - cpu0) / ((performance.now() - wall0) / 1000);
    };
    hallShare = await share(hallMinute());
    cpuShare = await share(negativeScene(BENCH_VOICES, listenSeconds, 'hall', 10, 77));
    audio.close();
  } finally {
    api.close();
    await browser.close();
    await host.stop();
  }
  const p95 = percentile(latencies, 95);
  return [
    {
      name: `wake phrase end → 我在听 painted (${missed} of ${runs} not heard)`,
      samples: latencies.length,
      median: `${median(latencies).toFixed(0)} ms`,
      p95: `${p95.toFixed(0)} ms`,
      target: '< 500 ms',
      verdict: latencies.length > 0 && p95 < 500 ? 'pass' : 'FAIL',
    },
    {
      name: `listening: kiosk CPU above idle, a hall minute live (a third of it speech; whole process ${(hallShare * 100).toFixed(1)}%)`,
      samples: 1,
      median: `${((hallShare - idleShare) * 100).toFixed(1)}% of a core`,
      p95: '-',
      target: '≤ 5%',
      verdict: hallShare - idleShare <= 0.05 ? 'pass' : 'FAIL',
    },
    {
      name: `listening, worst case: kiosk CPU above idle, ${listenSeconds} s of non-stop talk + hall noise (whole process ${(cpuShare * 100).toFixed(1)}%, idle ${(idleShare * 100).toFixed(1)}%)`,
      samples: 1,
      median: `${((cpuShare - idleShare) * 100).toFixed(1)}% of a core`,
      p95: '-',
      target: '≤ 5%',
      verdict: cpuShare - idleShare <= 0.05 ? 'pass' : 'FAIL',
    },
  ];
}
