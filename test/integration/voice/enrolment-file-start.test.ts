/**
 * A kiosk that starts and cannot use its saved phrases because they were made for the other
 * front end (e.g. its speech models did not load this time): the file stays where it is, voice
 * works by touch only, and staff are told why.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type Kiosk } from '../../../main/core/kiosk.ts';
import { writeSiteConfig } from '../../support/site-config.ts';
import { writeEnrollments } from '../../support/voice-fixtures.ts';
import { ApiClient } from '../../support/ws-client.ts';

let dir: string;
let file: string;
let kiosk: Kiosk;
let api: ApiClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linli-voice-kept-'));
  // Made with the default front end (speech embeddings); the kiosk is told to listen with MFCC.
  file = await writeEnrollments(dir, [{ id: 'wake', pinyin: 'xiao3 lin2 xiao3 lin2' }]);
  const configPath = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }', 'voice: { frontEnd: mfcc }']);
  kiosk = await startKiosk({ shell: 'host', serveHost: true, port: 0, configPath, env: {} });
  api = await ApiClient.connect(kiosk.url!);
}, 60_000);

afterAll(async () => {
  api?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('saved phrases for the other front end', () => {
  it('keeps the file in place, listens for nothing, and tells staff why', async () => {
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dirname(file))).toEqual(['enrollments.json']);
    const reply = await api.command('h', 'health.get', {});
    const components = (reply.result as { components: { id: string; state: string; message: { en: string } }[] }).components;
    expect(components.find((c) => c.id === 'voice-enrollments')).toMatchObject({
      state: 'degraded',
      message: { en: expect.stringContaining('The file is kept as it is') },
    });
    const status = await api.command('s', 'voice.status', {});
    expect(status.result).toMatchObject({ available: false, phrases: expect.arrayContaining([expect.objectContaining({ id: 'wake', enrolled: false })]) });
  });
});
