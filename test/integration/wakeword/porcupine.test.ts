import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PorcupineEngine, type PorcupineStatus } from '../../../drivers/wakeword/porcupine.ts';
import { porcupineInThread } from '../../../drivers/wakeword/porcupine-thread.ts';

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

/*
 * Picovoice's activation servers are out of reach here, so a stand-in library plays one that
 * answers slowly: its constructor spins for `delayMs`, as the real one does while it waits on
 * the network, then either throws the library's activation error or gives an engine that hears
 * keyword 0 in any 512-sample frame starting with 1234.
 */
function standIn(behaviour: { delayMs: number; fail?: boolean }): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-porcupine-'));
  const path = join(dir, 'porcupine-stand-in.cjs');
  writeFileSync(
    path,
    `class PorcupineActivationLimitReachedError extends Error {}
    exports.Porcupine = class Porcupine {
      constructor() {
        const until = Date.now() + ${behaviour.delayMs};
        while (Date.now() < until);
        if (${behaviour.fail === true}) throw new PorcupineActivationLimitReachedError('AccessKey has reached its limit');
        this.frameLength = 512;
        this.sampleRate = 16000;
      }
      process(frame) { return frame[0] === 1234 ? 0 : -1; }
      release() {}
    };`,
  );
  return path;
}

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last);
}

describe('porcupine on its own thread', () => {
  const spoken = (): Int16Array => {
    // After a first 80 ms frame, 256 samples wait for the next: its chunks start at 256 and 768.
    const frame = new Int16Array(1280);
    frame[256] = 1234;
    return frame;
  };

  it('keeps the kiosk running while an activation takes its time, then hears through the thread', async () => {
    const engine = new PorcupineEngine({
      accessKey: 'a-key',
      keywords: [keyword],
      createPorcupine: porcupineInThread({ modulePath: standIn({ delayMs: 1500 }) }),
    });
    const stall = await longestStall(() => engine.init());
    expect(engine.status()).toEqual({ state: 'ready' });
    expect(stall).toBeLessThan(750);
    const heard = await Promise.all([engine.process(new Int16Array(1280)), engine.process(spoken())]);
    expect(heard[0]).toBeNull();
    expect(heard[1]).toMatchObject({ phraseId: 'porcupine', atMs: ((1280 + 768) / 16_000) * 1000 });
    engine.release();
    expect(await engine.process(spoken())).toBeNull();
  });

  it('maps an error thrown on the thread as it would the same error thrown here', async () => {
    const engine = new PorcupineEngine({
      accessKey: 'a-key',
      keywords: [keyword],
      createPorcupine: porcupineInThread({ modulePath: standIn({ delayMs: 0, fail: true }) }),
    });
    await engine.init();
    expect(engine.status()).toMatchObject({ state: 'unavailable', problem: 'device-limit', retryAt: expect.any(Number) });
    engine.release();
  });

  it('says the library failed when it cannot be loaded at all', async () => {
    const engine = new PorcupineEngine({
      accessKey: 'a-key',
      keywords: [keyword],
      createPorcupine: porcupineInThread({ modulePath: '/nonexistent/porcupine.cjs' }),
    });
    await engine.init();
    expect(engine.status()).toMatchObject({ state: 'unavailable', problem: 'library-failed' });
    engine.release();
  });
});
