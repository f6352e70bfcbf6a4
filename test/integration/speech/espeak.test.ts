import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../main/services/speech/engine.ts';
import { EspeakEngine, ESPEAK_SAMPLE_RATE } from '../../../main/services/speech/espeak.ts';
import { perMinute } from '../../../main/services/speech/pace.ts';
import { trimTrailingSilence } from '../../../main/services/speech/wav.ts';
import { rms, tempDir } from './support.ts';

const engine = new EspeakEngine({ command: 'espeak-ng' });
const seconds = (samples: Int16Array): number => samples.length / ESPEAK_SAMPLE_RATE;

describe('espeak-ng, the core\'s voice on Linux', () => {
  it('is found and works', async () => {
    expect(await engine.probe()).toEqual({ ok: true });
  });

  it('says a Chinese sentence out loud, for about as long as its characters take at the kiosk\'s pace', async () => {
    const sentence = '请带上身份证和户口本到一号窗口办理';
    const pace = perMinute('zh', 1);
    const samples = trimTrailingSilence(await engine.synthesize(sentence, 'zh', pace));
    expect(rms(samples)).toBeGreaterThan(0.02);
    const expected = (sentence.length / pace) * 60;
    expect(seconds(samples)).toBeGreaterThan(expected * 0.7);
    expect(seconds(samples)).toBeLessThan(expected * 1.4);
  });

  it('speaks more slowly at a slower setting, below espeak-ng\'s own slowest speed too', async () => {
    const sentence = '欢迎来到社区服务中心';
    const [slowest, slow, normal, fast] = await Promise.all(
      [0.5, 0.75, 1, 1.5].map(async (rate) => seconds(trimTrailingSilence(await engine.synthesize(sentence, 'zh', perMinute('zh', rate))))),
    );
    expect(slowest!).toBeGreaterThan(slow! * 1.2);
    expect(slow!).toBeGreaterThan(normal! * 1.15);
    expect(normal!).toBeGreaterThan(fast! * 1.25);
  });

  it('reads Traditional Chinese in Cantonese and English in English, out loud', async () => {
    for (const [text, lang] of [['請帶身份證到銀行辦理', 'zh-Hant'], ['Please bring your identity card.', 'en']] as const) {
      const samples = await engine.synthesize(text, lang, perMinute(lang, 1));
      expect(rms(samples), lang).toBeGreaterThan(0.02);
      expect(seconds(samples), lang).toBeGreaterThan(1);
    }
  });

  it('takes text that looks like options or markup as text: it goes in on stdin', async () => {
    const samples = await engine.synthesize('--help -v en <speak>你好</speak>', 'zh', 130);
    expect(rms(samples)).toBeGreaterThan(0.02);
  });

  it('says nothing for text with nothing to say, without running at all', async () => {
    expect(await engine.synthesize('😀\u0007 ★', 'zh', 130)).toHaveLength(0);
  });

  it('reports a missing binary in words, and fails a phrase with an EngineError', async () => {
    const missing = new EspeakEngine({ command: '/nonexistent/espeak-ng' });
    const state = await missing.probe();
    expect(state.ok).toBe(false);
    if (!state.ok) expect(state.reason.zh).toContain('没有找到');
    await expect(missing.synthesize('你好', 'zh', 130)).rejects.toBeInstanceOf(EngineError);
  });

  it('gives up on a synthesiser that hangs', async () => {
    const hang = join(tempDir('hang'), 'espeak-ng');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(hang, 0o755);
    const stuck = new EspeakEngine({ command: hang, timeoutMs: 300 });
    const began = Date.now();
    await expect(stuck.synthesize('你好', 'zh', 130)).rejects.toThrow(/longer than 300 ms/);
    expect(Date.now() - began).toBeLessThan(5000);
  });
});
