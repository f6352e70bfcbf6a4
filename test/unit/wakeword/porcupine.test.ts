import { PorcupineErrors } from '@picovoice/porcupine-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../drivers/wakeword/engine.ts';
import {
  DEFAULT_RETRY_DELAYS_MS,
  PorcupineEngine,
  type CreatePorcupine,
  type NativePorcupine,
  type PorcupineEngineOptions,
  type PorcupineStatus,
  type RetryClock,
} from '../../../drivers/wakeword/porcupine.ts';

/** Stands in for the library's `Porcupine` at the native boundary: the licence server is unreachable here. */
class FakePorcupine implements NativePorcupine {
  readonly sampleRate = 16_000;
  readonly chunks: Int16Array[] = [];
  released = 0;
  constructor(
    readonly frameLength = 512,
    readonly answer: (chunkIndex: number) => number = () => -1,
  ) {}
  process(frame: Int16Array): number {
    this.chunks.push(Int16Array.from(frame));
    return this.answer(this.chunks.length - 1);
  }
  release(): void {
    this.released++;
  }
}

class FakeClock implements RetryClock {
  time = 1_000_000;
  pending: { callback: () => void; at: number; delay: number }[] = [];
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, delayMs: number): unknown {
    const timer = { callback, at: this.time + delayMs, delay: delayMs };
    this.pending.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t !== handle);
  }
  /** Moves time on, fires what is due, and lets the attempts it starts finish. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.pending.filter((t) => t.at <= this.time);
    this.pending = this.pending.filter((t) => t.at > this.time);
    for (const t of due) t.callback();
    await settle();
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const KEYWORDS = [
  { phraseId: 'xiaolin', label: '小邻小邻', path: '/site/xiaolin_zh_linux.ppn', sensitivity: 0.6 },
  { phraseId: 'help', label: '救命', path: '/site/jiuming_zh_linux.ppn', sensitivity: 0.4 },
];

function setup(
  create: CreatePorcupine,
  options: Partial<PorcupineEngineOptions> = {},
): { engine: PorcupineEngine; clock: FakeClock; seen: PorcupineStatus[] } {
  const clock = new FakeClock();
  const seen: PorcupineStatus[] = [];
  const engine = new PorcupineEngine({
    accessKey: 'site-key-123',
    keywords: KEYWORDS,
    clock,
    createPorcupine: create,
    // Every init first says it is starting (tested on its own below); the rest is what is kept here.
    onStatus: (s) => {
      if (s.state === 'ready' || s.problem !== 'starting') seen.push(s);
    },
    ...options,
  });
  return { engine, clock, seen };
}

async function ready(native = new FakePorcupine()): Promise<{ engine: PorcupineEngine; native: FakePorcupine; clock: FakeClock }> {
  const { engine, clock } = setup(() => native);
  await engine.init();
  expect(engine.status()).toEqual({ state: 'ready' });
  return { engine, native, clock };
}

/** Samples numbered from `from`, so a misplaced or repeated sample shows. */
const counting = (from: number, length = FRAME_SAMPLES): Int16Array =>
  Int16Array.from({ length }, (_, i) => ((from + i) % 65_536) - 32_768);

const concat = (parts: readonly Int16Array[]): Int16Array => {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const failing = (error: unknown): CreatePorcupine => () => {
  throw error;
};

const E = PorcupineErrors;

describe('porcupine engine: feeding Porcupine', () => {
  it('cuts five 1280-sample frames into twelve 512-sample frames and carries 256 samples over', async () => {
    const { engine, native } = await ready();
    const input = Array.from({ length: 6 }, (_, i) => counting(i * FRAME_SAMPLES));
    for (const frame of input.slice(0, 5)) expect(await engine.process(frame)).toBeNull();
    expect(native.chunks).toHaveLength(12);
    expect(native.chunks.every((c) => c.length === 512)).toBe(true);
    expect(concat(native.chunks)).toEqual(concat(input).subarray(0, 12 * 512));
    await engine.process(input[5]!);
    expect(native.chunks[12]).toEqual(concat(input).subarray(12 * 512, 13 * 512));
    expect(native.chunks[12]!.subarray(0, 256)).toEqual(input[4]!.subarray(1024));
  });

  it('passes any sequence of frames on as Porcupine frames that add up to a prefix of the audio', async () => {
    const frame = fc.oneof(fc.constant<'good'>('good'), fc.nat({ max: 3000 }).filter((n) => n !== FRAME_SAMPLES));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3000 }), fc.array(frame, { maxLength: 12 }), async (frameLength, kinds) => {
        const native = new FakePorcupine(frameLength);
        const { engine } = setup(() => native);
        await engine.init();
        const good: Int16Array[] = [];
        for (const kind of kinds) {
          if (kind === 'good') {
            good.push(counting(good.length * FRAME_SAMPLES));
            await engine.process(good.at(-1)!);
          } else {
            await engine.process(new Int16Array(kind));
          }
        }
        const audio = concat(good);
        const whole = Math.floor(audio.length / frameLength) * frameLength;
        expect(native.chunks.every((c) => c.length === frameLength)).toBe(true);
        expect(concat(native.chunks)).toEqual(audio.subarray(0, whole));
        expect(engine.stats().rejectedFrames).toBe(kinds.length - good.length);
      }),
      { numRuns: 200 },
    );
  });

  it('drops and counts frames that are not 16-bit or not 80 ms, without disturbing the carry-over', async () => {
    const { engine, native } = await ready();
    await engine.process(counting(0));
    for (const bad of [new Float32Array(FRAME_SAMPLES), new Int16Array(1000), new Int16Array(0), null, undefined, [1, 2, 3]]) {
      await expect(engine.process(bad as unknown as Int16Array)).resolves.toBeNull();
    }
    await engine.process(counting(FRAME_SAMPLES));
    expect(engine.stats()).toMatchObject({ frames: 2, rejectedFrames: 6 });
    expect(concat(native.chunks)).toEqual(counting(0, 5 * 512));
    expect(engine.status()).toEqual({ state: 'ready' });
  });

  it('names the phrase whose index Porcupine returns, timed at the end of that Porcupine frame', async () => {
    const { engine } = await ready(new FakePorcupine(512, (n) => (n === 4 ? 1 : n === 7 ? 0 : n === 11 ? 5 : -1)));
    const found = [];
    for (let i = 0; i < 5; i++) found.push(await engine.process(counting(i * FRAME_SAMPLES)));
    // Porcupine frames 4 and 7 end at samples 2560 and 4096, inside our frames 1 and 3.
    expect(found).toEqual([
      null,
      { phraseId: 'help', label: '救命', distance: 0, threshold: 0.4, atMs: 160 },
      null,
      { phraseId: 'xiaolin', label: '小邻小邻', distance: 0, threshold: 0.6, atMs: 256 },
      // An index beyond the keyword list is not a detection.
      null,
    ]);
    expect(engine.stats().detections).toBe(2);
  });

  it('counts audio time from init, including frames heard while Porcupine was not listening', async () => {
    const native = new FakePorcupine(512, (n) => (n === 0 ? 0 : -1));
    let calls = 0;
    const { engine, clock } = setup(() => {
      if (calls++ === 0) throw new E.PorcupineActivationError('Porcupine failed to initialize');
      return native;
    });
    await engine.init();
    for (let i = 0; i < 10; i++) await engine.process(counting(0));
    await clock.advance(DEFAULT_RETRY_DELAYS_MS[0]!);
    expect(engine.status()).toEqual({ state: 'ready' });
    expect(await engine.process(counting(0))).toMatchObject({ phraseId: 'xiaolin', atMs: 800 + 32 });
  });

  it('passes keyword paths, sensitivities and the language model to the library', async () => {
    const calls: unknown[][] = [];
    const { engine } = setup((...args) => {
      calls.push(args);
      return new FakePorcupine();
    }, { modelPath: '/site/porcupine_params_zh.pv' });
    await engine.init();
    expect(calls).toEqual([
      ['site-key-123', KEYWORDS.map((k) => k.path), [0.6, 0.4], { modelPath: '/site/porcupine_params_zh.pv' }],
    ]);
  });
});

describe('porcupine engine: why it cannot listen', () => {
  const messageStack = ['5fe5c79 0000006F: Picovoice Error.', '5fe5c79 00000190: Failed to parse AccessKey `site-key-123`.'];
  const cases: [string, unknown, string, string, boolean][] = [
    ['no key', new E.PorcupineInvalidArgumentError('No AccessKey provided to Porcupine'), 'missing-key', 'The Porcupine AccessKey is missing', false],
    ['malformed key', new E.PorcupineInvalidArgumentError('Porcupine failed to initialize', messageStack), 'invalid-key', 'The Porcupine AccessKey is not valid', false],
    ['missing .ppn', new E.PorcupineInvalidArgumentError("File not found in 'keywords': /site/x.ppn"), 'missing-keyword-file', 'The wake-word file is missing: /site/x.ppn', false],
    ['missing model', new E.PorcupineInvalidArgumentError("File not found at 'modelPath': /site/zh.pv"), 'missing-model-file', 'The Porcupine language model file is missing: /site/zh.pv', false],
    ['missing .node', new E.PorcupineInvalidArgumentError("File not found at 'libraryPath': /x.node"), 'library-failed', 'The Porcupine library failed to load', false],
    ['other argument', new E.PorcupineInvalidArgumentError('Porcupine failed to initialize', ['keyword file belongs to a different language']), 'bad-settings', 'Porcupine refused its settings (do the wake-word files match the language model and this computer?)', false],
    ['no network', new E.PorcupineActivationError('Porcupine failed to initialize'), 'no-network', 'Could not reach Picovoice to check the key (no network?); will retry in 1 min', true],
    ['device limit', new E.PorcupineActivationLimitReachedError('Porcupine failed to initialize'), 'device-limit', 'Device limit reached for this Porcupine AccessKey; will retry in 1 min', true],
    ['throttled', new E.PorcupineActivationThrottledError('Porcupine failed to initialize'), 'throttled', 'Too many activation attempts; will retry in 1 min', true],
    ['refused', new E.PorcupineActivationRefusedError('Porcupine failed to initialize'), 'refused', 'Picovoice refused the key', false],
    ['unreadable file', new E.PorcupineIOError('Porcupine failed to initialize'), 'unreadable-file', 'A wake-word or language model file could not be read', false],
    ['out of memory', new E.PorcupineOutOfMemoryError('Porcupine failed to initialize'), 'out-of-memory', 'Porcupine ran out of memory; will retry in 1 min', true],
    ['unsupported CPU', new E.PorcupineRuntimeError("Unsupported CPU: '0xd05'"), 'unsupported-platform', "This computer's CPU is not supported by Porcupine", false],
    ['unsupported system', 'System linux/ia32 is not supported by this library.', 'unsupported-platform', "This computer's CPU is not supported by Porcupine", false],
    ['runtime error', new E.PorcupineRuntimeError('Porcupine failed to initialize'), 'engine-error', 'Porcupine stopped with an internal error; will retry in 1 min', true],
    ['key error', new E.PorcupineKeyError('x'), 'engine-error', 'Porcupine stopped with an internal error', false],
    ['invalid state', new E.PorcupineInvalidStateError('x'), 'engine-error', 'Porcupine stopped with an internal error', false],
    ['stop iteration', new E.PorcupineStopIterationError('x'), 'engine-error', 'Porcupine stopped with an internal error', false],
    ['sensitivity out of range', new RangeError("Sensitivity value in 'sensitivities' not in range [0,1]: 2"), 'bad-settings', "Porcupine refused its settings (do the wake-word files match the language model and this computer?): Sensitivity value in 'sensitivities' not in range [0,1]: 2", false],
    ['package missing', Object.assign(new Error("Cannot find package '@picovoice/porcupine-node'"), { code: 'ERR_MODULE_NOT_FOUND' }), 'library-failed', 'The Porcupine library failed to load', false],
    ['addon will not load', Object.assign(new Error('libc.so.6: version not found'), { code: 'ERR_DLOPEN_FAILED' }), 'library-failed', 'The Porcupine library failed to load', false],
    ['anything else', new Error('boom'), 'engine-error', 'Porcupine stopped with an internal error', false],
  ];

  it.each(cases)('%s', async (_, error, problem, reason, retries) => {
    const { engine, clock, seen } = setup(failing(error));
    await expect(engine.init()).resolves.toBeUndefined();
    const status = engine.status();
    expect(status).toMatchObject({ state: 'unavailable', problem, reason, retryAt: retries ? clock.time + 60_000 : null });
    expect(seen).toEqual([status]);
    expect(clock.pending.map((t) => t.delay)).toEqual(retries ? [60_000] : []);
  });

  it('tells the library classes apart by name, as the lazily loaded package is not ours to instanceof', async () => {
    class PorcupineActivationThrottledError extends Error {}
    const named = Object.assign(new Error('x'), { name: 'PorcupineActivationRefusedError' });
    for (const [error, problem] of [[new PorcupineActivationThrottledError('x'), 'throttled'], [named, 'refused']] as const) {
      const { engine } = setup(failing(error));
      await engine.init();
      expect(engine.status()).toMatchObject({ problem });
    }
  });

  it('gives the staff reason in Chinese too', async () => {
    const { engine } = setup(failing(new E.PorcupineActivationError('x')));
    await engine.init();
    expect(engine.status()).toMatchObject({
      words: { zh: '无法连接 Picovoice 验证授权码（可能没有网络），1 分钟后重试', en: 'Could not reach Picovoice to check the key (no network?); will retry in 1 min' },
    });
    const invalid = setup(failing(new E.PorcupineInvalidArgumentError('Porcupine failed to initialize', messageStack)));
    await invalid.engine.init();
    expect(invalid.engine.status()).toMatchObject({ words: { zh: 'Porcupine 授权码无效' } });
  });

  it('keeps the library message for the support log, without the AccessKey', async () => {
    const { engine } = setup(failing(new E.PorcupineInvalidArgumentError('Porcupine failed to initialize', messageStack)));
    await engine.init();
    const status = engine.status();
    expect(status.state === 'unavailable' && status.detail).toContain('00000190: Failed to parse AccessKey `<AccessKey>`');
    expect(JSON.stringify(status)).not.toContain('site-key-123');
  });

  it('does not load the library for a blank key or an empty keyword list', async () => {
    let loaded = 0;
    const create: CreatePorcupine = () => {
      loaded++;
      return new FakePorcupine();
    };
    const blank = setup(create, { accessKey: '  ' });
    await blank.engine.init();
    expect(blank.engine.status()).toMatchObject({ problem: 'missing-key', reason: 'The Porcupine AccessKey is missing', retryAt: null });
    const none = setup(create, { keywords: [] });
    await none.engine.init();
    expect(none.engine.status()).toMatchObject({ problem: 'no-keywords', retryAt: null });
    expect(loaded).toBe(0);
  });

  it('refuses an engine that does not take 16 kHz audio', async () => {
    const odd = Object.assign(new FakePorcupine(), { sampleRate: 8000 });
    const { engine } = setup(() => odd);
    await engine.init();
    expect(engine.status()).toMatchObject({ problem: 'engine-error', reason: 'Porcupine stopped with an internal error: frames of 512 samples at 8000 Hz' });
    expect(odd.released).toBe(1);
  });

  it('is unavailable before init, without calling anything', async () => {
    const { engine } = setup(failing(new Error('not called')));
    expect(engine.status()).toMatchObject({ state: 'unavailable', problem: 'not-initialised', reason: 'Porcupine has not been started' });
    expect(await engine.process(counting(0))).toBeNull();
  });

  it('keeps going when the status listener throws', async () => {
    const { engine } = setup(() => new FakePorcupine(), {
      onStatus: () => {
        throw new Error('listener bug');
      },
    });
    await engine.init();
    expect(engine.status()).toEqual({ state: 'ready' });
  });
});

describe('porcupine engine: retrying', () => {
  it('says it is starting while the first licence check is under way, without making anyone wait', async () => {
    let finish: (n: NativePorcupine) => void = () => {};
    const statuses: PorcupineStatus[] = [];
    const engine = new PorcupineEngine({
      accessKey: 'site-key-123',
      keywords: KEYWORDS,
      clock: new FakeClock(),
      createPorcupine: () => new Promise<NativePorcupine>((resolve) => (finish = resolve)),
      onStatus: (s) => statuses.push(s),
    });
    const started = engine.init();
    expect(engine.status()).toMatchObject({ state: 'unavailable', problem: 'starting', reason: 'Porcupine is starting and checking its AccessKey', retryAt: null });
    expect(await engine.process(counting(0))).toBeNull();
    finish(new FakePorcupine());
    await started;
    expect(statuses.map((s) => (s.state === 'ready' ? 'ready' : s.problem))).toEqual(['starting', 'ready']);
  });

  it('backs off 1, 5, then every 30 minutes, and starts over after a success', async () => {
    let outcome: () => NativePorcupine = () => {
      throw new E.PorcupineActivationError('Porcupine failed to initialize');
    };
    let attempts = 0;
    const { engine, clock, seen } = setup(() => {
      attempts++;
      return outcome();
    });
    await engine.init();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [timer] = clock.pending;
      delays.push(timer!.delay);
      await clock.advance(timer!.delay);
    }
    expect(delays).toEqual([60_000, 300_000, 1_800_000, 1_800_000]);
    expect(attempts).toBe(5);
    expect(seen.map((s) => s.state === 'unavailable' && s.reason)).toEqual([
      'Could not reach Picovoice to check the key (no network?); will retry in 1 min',
      'Could not reach Picovoice to check the key (no network?); will retry in 5 min',
      'Could not reach Picovoice to check the key (no network?); will retry in 30 min',
      'Could not reach Picovoice to check the key (no network?); will retry in 30 min',
      'Could not reach Picovoice to check the key (no network?); will retry in 30 min',
    ]);
    const native = new FakePorcupine(512, () => {
      throw new E.PorcupineActivationThrottledError('Porcupine failed to process');
    });
    outcome = () => native;
    await clock.advance(1_800_000);
    expect(engine.status()).toEqual({ state: 'ready' });
    await engine.process(counting(0));
    expect(engine.status()).toMatchObject({ problem: 'throttled', retryAt: clock.time + 60_000 });
  });

  it('follows the configured delays', async () => {
    const { engine, clock } = setup(failing(new E.PorcupineActivationThrottledError('x')), { retryDelaysMs: [10, 20] });
    await engine.init();
    await clock.advance(10);
    await clock.advance(20);
    expect(clock.pending.map((t) => t.delay)).toEqual([20]);
  });

  it('does not retry a permanent failure until init is called again', async () => {
    let attempts = 0;
    const { engine, clock } = setup(() => {
      attempts++;
      throw new E.PorcupineActivationRefusedError('Porcupine failed to initialize');
    });
    await engine.init();
    await clock.advance(24 * 3_600_000);
    expect(attempts).toBe(1);
    await engine.init();
    expect(attempts).toBe(2);
  });

  it('drops a pending retry when init is called again', async () => {
    let attempts = 0;
    const { engine, clock } = setup(() => {
      attempts++;
      throw new E.PorcupineActivationError('x');
    });
    await engine.init();
    await engine.init();
    expect(clock.pending).toHaveLength(1);
    await clock.advance(60_000);
    expect(attempts).toBe(3);
  });
});

describe('porcupine engine: failing while listening', () => {
  it('stops calling Porcupine after it throws, releases it, and says why', async () => {
    const native = new FakePorcupine(512, (n) => {
      if (n === 3) throw new E.PorcupineInvalidStateError('Porcupine is not initialized');
      return -1;
    });
    const { engine, clock } = await ready(native);
    await engine.process(counting(0));
    await expect(engine.process(counting(FRAME_SAMPLES))).resolves.toBeNull();
    expect(engine.status()).toMatchObject({ state: 'unavailable', problem: 'engine-error', retryAt: null });
    expect(native.released).toBe(1);
    await engine.process(counting(0));
    expect(native.chunks).toHaveLength(4);
    expect(clock.pending).toEqual([]);
  });

  it('retries a transient failure with a fresh carry-over', async () => {
    let fail = true;
    const natives: FakePorcupine[] = [];
    const { engine, clock } = setup(() => {
      const native = new FakePorcupine(512, (n) => {
        if (fail && n === 1) throw new E.PorcupineActivationError('Porcupine failed to process');
        return -1;
      });
      natives.push(native);
      return native;
    });
    await engine.init();
    await engine.process(counting(0));
    expect(engine.status()).toMatchObject({ problem: 'no-network', retryAt: clock.time + 60_000 });
    fail = false;
    await clock.advance(60_000);
    expect(engine.status()).toEqual({ state: 'ready' });
    await engine.process(counting(FRAME_SAMPLES));
    expect(natives[1]!.chunks).toEqual([counting(FRAME_SAMPLES, 512), counting(FRAME_SAMPLES + 512, 512)]);
  });
});

describe('porcupine engine: release', () => {
  it('releases the native engine once, however often it is called', async () => {
    const { engine, native } = await ready();
    engine.release();
    engine.release();
    expect(native.released).toBe(1);
    expect(engine.status()).toMatchObject({ state: 'unavailable', problem: 'released', reason: 'Porcupine has been stopped' });
    expect(await engine.process(counting(0))).toBeNull();
    expect(native.chunks).toEqual([]);
  });

  it('reports the release once, and cancels a pending retry', async () => {
    const { engine, clock, seen } = setup(failing(new E.PorcupineActivationError('x')));
    await engine.init();
    engine.release();
    engine.release();
    expect(clock.pending).toEqual([]);
    expect(seen.map((s) => s.state === 'unavailable' && s.problem)).toEqual(['no-network', 'released']);
  });

  it('releases an engine whose slow start finishes after release', async () => {
    const native = new FakePorcupine();
    let finish: (n: NativePorcupine) => void = () => {};
    const { engine } = setup(() => new Promise<NativePorcupine>((resolve) => (finish = resolve)));
    const starting = engine.init();
    engine.release();
    finish(native);
    await starting;
    expect(native.released).toBe(1);
    expect(engine.status()).toMatchObject({ problem: 'released' });
  });

  it('can be started again after release', async () => {
    const { engine, native } = await ready();
    engine.release();
    await engine.init();
    expect(engine.status()).toEqual({ state: 'ready' });
    await engine.process(counting(0));
    expect(native.chunks).toHaveLength(2);
  });
});
