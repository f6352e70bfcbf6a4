import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PorcupineEngine, type PorcupineStatus } from '../../../drivers/wakeword/porcupine.ts';

/*
 * The real library, loaded through the engine's default factory. A real AccessKey cannot be
 * checked here (facts/voice.md §0: no route to Picovoice in CI), but a malformed key and missing
 * files are refused locally, in milliseconds (facts/voice.md §1.2), which proves the library
 * loads and that its real errors map to the staff reasons. The package ships only English
 * keyword files, so a built-in one stands in for the site's Mandarin `.ppn`.
 */
const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64';
const packageDir = dirname(createRequire(import.meta.url).resolve('@picovoice/porcupine-node/package.json'));
const keyword = {
  phraseId: 'porcupine',
  label: 'porcupine',
  path: join(packageDir, 'resources/keyword_files/linux/porcupine_linux.ppn'),
  sensitivity: 0.5,
};

async function start(options: Partial<ConstructorParameters<typeof PorcupineEngine>[0]>): Promise<{ status: PorcupineStatus; ms: number }> {
  const engine = new PorcupineEngine({ accessKey: 'not-a-key', keywords: [keyword], ...options });
  const started = performance.now();
  await engine.init();
  const ms = performance.now() - started;
  const status = engine.status();
  engine.release();
  return { status, ms };
}

describe.skipIf(!LINUX_X64)('porcupine engine with the real library (linux x64 only: the package test uses its linux keyword file)', () => {
  it('loads the library and refuses a malformed AccessKey quickly, for good', async () => {
    const { status, ms } = await start({});
    expect(status).toMatchObject({
      state: 'unavailable',
      problem: 'invalid-key',
      reason: 'The Porcupine AccessKey is not valid',
      retryAt: null,
    });
    expect(status.state === 'unavailable' && status.detail).toContain('Failed to parse AccessKey');
    expect(JSON.stringify(status)).not.toContain('not-a-key');
    expect(ms).toBeLessThan(2000);
  });

  it('names a missing keyword file and a missing language model', async () => {
    const ppn = '/nonexistent/xiaolin_zh_linux.ppn';
    expect((await start({ keywords: [{ ...keyword, path: ppn }] })).status).toMatchObject({
      problem: 'missing-keyword-file',
      reason: `The wake-word file is missing: ${ppn}`,
      retryAt: null,
    });
    const model = '/nonexistent/porcupine_params_zh.pv';
    expect((await start({ modelPath: model })).status).toMatchObject({
      problem: 'missing-model-file',
      reason: `The Porcupine language model file is missing: ${model}`,
      retryAt: null,
    });
  });
});
