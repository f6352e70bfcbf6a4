/**
 * A site that turns Porcupine on, in the built kiosk: the library starts on its own thread from
 * the bundle, its refusal of a malformed AccessKey reaches the staff status in words, and the
 * kiosk goes on answering. The package's linux keyword file stands in for the site's Mandarin one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostProcess, type HostProcess } from '../../support/host-process.ts';
import { writeSiteConfig } from '../../support/site-config.ts';
import { ApiClient } from '../../support/ws-client.ts';

const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64';
const packageDir = dirname(createRequire(import.meta.url).resolve('@picovoice/porcupine-node/package.json'));
const ppn = join(packageDir, 'resources/keyword_files/linux/porcupine_linux.ppn');

let dir: string;
let host: HostProcess;
let api: ApiClient;

beforeAll(async () => {
  if (!LINUX_X64) return;
  dir = mkdtempSync(join(tmpdir(), 'linli-porcupine-host-'));
  const config = writeSiteConfig(dir, [
    `dataDir: "${dir}"`,
    'devices: { simulate: true }',
    `voice: { engine: porcupine, porcupine: { accessKey: "not-a-key", keywords: [{ phraseId: wake, path: "${ppn}" }] } }`,
  ]);
  host = await startHostProcess({ args: ['--config', config], dataDir: dir });
  api = await ApiClient.connect(host.url);
}, 30_000);

afterAll(async () => {
  api?.close();
  await host?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!LINUX_X64)('porcupine in the built kiosk (linux x64: the package keyword file is for linux)', () => {
  it('tells staff the key is not valid, keeps the key out of the output, and keeps answering', async () => {
    const invalid = { available: false, engine: 'porcupine', reason: { en: 'The Porcupine AccessKey is not valid' } };
    const seen = api.frames.length;
    const reply = await api.command('s1', 'voice.status', {});
    expect(reply.ok).toBe(true);
    const starting = (reply.result as { reason?: { en: string } }).reason?.en === 'Porcupine is starting and checking its AccessKey';
    // The kiosk does not wait for the licence check, so it may still be under way.
    const status = starting
      ? (await api.next((f) => api.frames.indexOf(f) >= seen && f.type === 'event' && f.name === 'voice.status', 10_000)).payload
      : reply.result;
    expect(status).toMatchObject(invalid);
    expect(host.output()).not.toContain('not-a-key');
    expect(await api.command('s2', 'settings.get', {})).toMatchObject({ ok: true });
  });
});
