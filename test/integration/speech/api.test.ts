import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SPEECH_CHARS } from '../../../main/api/speech.ts';
import { startKiosk, type Kiosk } from '../../../main/core/kiosk.ts';
import { ApiClient } from '../../support/ws-client.ts';
import { replySamples, rms, tempDir } from './support.ts';

let kiosk: Kiosk;
let client: ApiClient;

beforeAll(async () => {
  kiosk = await startKiosk({ shell: 'host', serveHost: true, port: 0, env: { LINLI_DATA_DIR: tempDir('api') } });
  client = await ApiClient.connect(kiosk.url!);
});
afterAll(async () => {
  client?.close();
  await kiosk?.close();
});

describe('speech.say over the host API', () => {
  it('answers with audio and the timing of every phrase, and reports itself healthy', async () => {
    const reply = await client.command(1, 'speech.say', { text: '您好！请点一下屏幕。', lang: 'zh' });
    expect(reply).toMatchObject({ ok: true, result: { available: true, sampleRate: 22_050 } });
    const result = reply.result as { audio: string; segments: { start: number; end: number }[] };
    expect(rms(replySamples(result.audio))).toBeGreaterThan(0.02);
    expect(result.segments.map((s) => [s.start, s.end])).toEqual([[0, 3], [3, 10]]);
    const health = (await client.command(2, 'health.get')).result as { components: { id: string; state: string }[] };
    expect(health.components.find((c) => c.id === 'speech')).toMatchObject({ state: 'ok' });
  });

  it('speaks at the elder setting when the request names no rate', async () => {
    const duration = async (id: number): Promise<number> =>
      ((await client.command(id, 'speech.say', { text: '欢迎来到社区服务中心。', lang: 'zh' })).result as { durationMs: number }).durationMs;
    await client.command(10, 'settings.set', { speechRate: 0.5 });
    const slow = await duration(11);
    await client.command(12, 'settings.set', { speechRate: 1.5 });
    const fast = await duration(13);
    await client.command(14, 'settings.set', { speechRate: 1 });
    expect(slow).toBeGreaterThan(fast * 2);
  });

  it('refuses bad payloads with a typed error and keeps going', async () => {
    const bad = [
      {},
      { text: '', lang: 'zh' },
      { text: '字'.repeat(MAX_SPEECH_CHARS + 1), lang: 'zh' },
      { text: '你好', lang: 'fr' },
      { text: 42, lang: 'zh' },
      { text: '你好', lang: 'zh', rate: 3 },
      { text: '你好', lang: 'zh', rate: Number.NaN },
      { text: '你好', lang: 'zh', key: '' },
      { text: '你好', lang: 'zh', voice: 'other' },
    ];
    for (const [i, payload] of bad.entries()) {
      expect(await client.command(100 + i, 'speech.say', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    }
    expect(await client.command(200, 'speech.say', { text: '\u0000\u001b😀\u200b', lang: 'en' })).toMatchObject({ ok: true, result: { available: true, durationMs: 0 } });
    expect(await client.command(201, 'system.ping')).toMatchObject({ ok: true });
  });
});
