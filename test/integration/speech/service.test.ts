import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeLogger, createLogger } from '../../../main/log/logger.ts';
import { perMinute } from '../../../main/services/speech/pace.ts';
import type { SayResult } from '../../../main/services/speech/service.ts';
import { ESPEAK_SAMPLE_RATE } from '../../../main/services/speech/espeak.ts';
import { replySamples, rms, speechService, tempDir, writeToneWav } from './support.ts';

type Spoken = Extract<SayResult, { available: true }>;
function spoken(result: SayResult): Spoken {
  expect(result.available).toBe(true);
  return result as Spoken;
}

const GUIDE = '办理居住证，请带上身份证和租房合同。到社区服务中心一号窗口取号，工作日上午9:00-11:30办理。';

describe('the speech service', () => {
  it('says text as one WAV, with the timing of each phrase for the highlight', async () => {
    const { service, component } = await speechService();
    expect(component('speech')).toMatchObject({ state: 'ok' });
    const reply = spoken(await service.say({ text: GUIDE, lang: 'zh', rate: 1 }));
    const samples = replySamples(reply.audio);
    expect(reply.sampleRate).toBe(ESPEAK_SAMPLE_RATE);
    expect(reply.durationMs).toBeCloseTo((samples.length / ESPEAK_SAMPLE_RATE) * 1000, -1);
    expect(rms(samples)).toBeGreaterThan(0.02);

    // Plausible for its length at about 130 字 a minute, breaths included.
    const chars = [...GUIDE].filter((c) => /\p{Script=Han}/u.test(c)).length;
    const expected = (chars / perMinute('zh', 1)) * 60_000;
    expect(reply.durationMs).toBeGreaterThan(expected * 0.7);
    expect(reply.durationMs).toBeLessThan(expected * 1.6);

    // Segments cover the text, in order, and their times run forward within the audio.
    expect(reply.segments.map((s) => GUIDE.slice(s.start, s.end)).join('')).toBe(GUIDE);
    expect(reply.segments[0]!.startMs).toBe(0);
    for (const [i, s] of reply.segments.entries()) {
      expect(s.endMs).toBeGreaterThan(s.startMs);
      if (i > 0) expect(s.startMs).toBeGreaterThanOrEqual(reply.segments[i - 1]!.endMs);
    }
    expect(reply.segments.at(-1)!.endMs).toBeLessThanOrEqual(reply.durationMs);
    // Each phrase's stretch of audio has a voice in it.
    for (const s of reply.segments) {
      const part = samples.subarray(Math.floor((s.startMs * reply.sampleRate) / 1000), Math.floor((s.endMs * reply.sampleRate) / 1000));
      expect(rms(part)).toBeGreaterThan(0.02);
    }
  });

  it('speaks more slowly at a slower setting', async () => {
    const { service } = await speechService();
    const slow = spoken(await service.say({ text: GUIDE, lang: 'zh', rate: 0.75 }));
    const fast = spoken(await service.say({ text: GUIDE, lang: 'zh', rate: 1.25 }));
    expect(slow.durationMs).toBeGreaterThan(fast.durationMs * 1.4);
  });

  it('answers the same request again from memory, identically', async () => {
    const { service } = await speechService();
    const first = spoken(await service.say({ text: '再听一遍。', lang: 'zh', rate: 1 }));
    const again = spoken(await service.say({ text: '再听一遍。', lang: 'zh', rate: 1 }));
    expect(again.audio).toBe(first.audio);
  });

  it('handles any text: emoji, control characters, nothing sayable, the longest allowed', async () => {
    const { service } = await speechService();
    const nothing = spoken(await service.say({ text: '😀😀\u0000\u0007', lang: 'zh', rate: 1 }));
    expect(nothing.durationMs).toBe(0);
    expect(nothing.segments).toEqual([{ start: 0, end: 6, startMs: 0, endMs: 0 }]);
    const mixed = spoken(await service.say({ text: '您好😀！\u0007请到3号窗口。\uD800', lang: 'zh', rate: 1 }));
    expect(mixed.durationMs).toBeGreaterThan(500);
    const huge = '请带上身份证。'.repeat(285);
    const long = spoken(await service.say({ text: huge, lang: 'zh', rate: 1.5 }));
    expect(long.segments.at(-1)!.end).toBe(huge.length);
  }, 60_000);

  it('plays a recorded clip instead of synthesising, by key or by exact text', async () => {
    const dir = tempDir('clips');
    const recorded = writeToneWav(join(dir, 'hello.wav'), 1.5);
    writeFileSync(
      join(dir, 'clips.yaml'),
      ['clips:', '  - key: attract.spoken', '    text: 您好！点一下屏幕，就可以开始。', '    lang: zh', '    file: hello.wav', ''].join('\n'),
    );
    const { service, component } = await speechService({ clipsDir: dir });
    expect(component('speech-clips')).toMatchObject({ state: 'ok' });
    const byText = spoken(await service.say({ text: '您好！点一下屏幕，就可以开始。', lang: 'zh', rate: 1 }));
    const byKey = spoken(await service.say({ text: 'Anything at all', lang: 'zh', rate: 1, key: 'attract.spoken' }));
    for (const reply of [byText, byKey]) {
      // The recording, resampled from 16 kHz to the engine's rate: 1.5 s of it.
      expect(reply.durationMs).toBe(1500);
      expect(replySamples(reply.audio).length).toBe(Math.round((recorded.length * ESPEAK_SAMPLE_RATE) / 16_000));
    }
    expect(byText.segments.map((s) => [s.start, s.end])).toEqual([[0, 3], [3, 9], [9, 15]]);
    expect(byText.segments.at(-1)!.endMs).toBe(1500);
    // In another language, or another text, it is synthesised.
    const english = spoken(await service.say({ text: '您好！点一下屏幕，就可以开始。', lang: 'en', rate: 1 }));
    expect(english.durationMs).not.toBe(1500);
  });

  it('a clip is said even where there is no synthesiser, and only a clip when asked for one', async () => {
    const dir = tempDir('clips-only');
    writeToneWav(join(dir, 'hi.wav'), 1);
    writeFileSync(join(dir, 'clips.yaml'), 'clips:\n  - { text: 你好, lang: zh, file: hi.wav }\n');
    const { service } = await speechService({ clipsDir: dir, espeak: '/nonexistent/espeak-ng' });
    expect(spoken(await service.say({ text: '你好', lang: 'zh', rate: 1 })).durationMs).toBe(1000);
    expect(await service.say({ text: '再见', lang: 'zh', rate: 1 })).toEqual({ available: false, reason: 'no-engine' });
    const { service: withEngine } = await speechService({ clipsDir: dir });
    expect(await withEngine.say({ text: '再见', lang: 'zh', rate: 1, synthesize: false })).toEqual({ available: false, reason: 'no-clip' });
  });

  it('names a missing or broken clip to staff and synthesises that prompt instead', async () => {
    const dir = tempDir('bad-clips');
    writeFileSync(join(dir, 'broken.wav'), 'this is not a wav file');
    writeFileSync(
      join(dir, 'clips.yaml'),
      'clips:\n  - { text: 你好, lang: zh, file: gone.wav }\n  - { text: 再见, lang: zh, file: broken.wav }\n',
    );
    const { service, component } = await speechService({ clipsDir: dir });
    const clips = component('speech-clips');
    expect(clips?.state).toBe('degraded');
    expect(clips?.message.zh).toContain('gone.wav');
    expect(clips?.message.en).toMatch(/gone\.wav: file is missing.*broken\.wav: not a RIFF\/WAVE file/);
    expect(rms(replySamples(spoken(await service.say({ text: '你好', lang: 'zh', rate: 1 })).audio))).toBeGreaterThan(0.02);
  });

  it('reports a clips file that breaks its schema, and carries on', async () => {
    const dir = tempDir('bad-yaml');
    writeFileSync(join(dir, 'clips.yaml'), 'clips:\n  - { lang: zh, file: ../../etc/passwd }\n');
    const { service, component } = await speechService({ clipsDir: dir });
    expect(component('speech-clips')).toMatchObject({ state: 'degraded' });
    expect(component('speech-clips')?.message.en).toContain('clips.yaml');
    expect(service.available).toBe(true);
  });

  it('without espeak-ng, says it is unavailable, in words for staff, and never throws', async () => {
    const { service, component } = await speechService({ espeak: '/nonexistent/espeak-ng' });
    expect(service.available).toBe(false);
    expect(component('speech')).toMatchObject({ state: 'degraded' });
    expect(component('speech')?.message.zh).toMatch(/espeak-ng/);
    expect(await service.say({ text: '你好', lang: 'zh', rate: 1 })).toEqual({ available: false, reason: 'no-engine' });
  });

  it('never writes what it says to the log, only its length', async () => {
    const dataDir = tempDir('privacy');
    const log = createLogger({ dataDir, level: 'debug', toConsole: false });
    const { service } = await speechService({ log });
    const secret = '王秀英阿姨您好，您的号码是幺三八。';
    spoken(await service.say({ text: secret, lang: 'zh', rate: 1 }));
    const { service: broken } = await speechService({ log, espeak: '/nonexistent/espeak-ng' });
    await broken.say({ text: secret, lang: 'zh', rate: 1 });
    await closeLogger(log);
    const logs = readdirSync(join(dataDir, 'logs')).map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('\n');
    expect(logs).toContain('speech ready');
    expect(logs).toContain(`"chars":${secret.length}`);
    for (const piece of ['王秀英', '阿姨', '号码', 'wang2', secret]) expect(logs).not.toContain(piece);
  });
});
