/**
 * Porcupine on a thread of its own. The library's constructor is synchronous and checks the
 * AccessKey with Picovoice's servers (facts/voice.md §1.3): on a network that drops packets
 * instead of refusing them it would hold the event loop that made it — the one that also runs
 * alarms, the emergency button and every touch — for as long as the check waits. Here only the
 * worker waits, and frames go to it and answers come back as messages.
 *
 * The worker's code is a string, not a module of ours: it runs plain CommonJS, so it needs no
 * TypeScript loader under tests and no separate bundle in `dist`.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CreatePorcupine, NativePorcupine } from './porcupine.ts';

/** An error as it crosses from the worker: what `diagnose` reads of the library's errors. */
export type WireError =
  | { readonly kind: 'object'; readonly name: string; readonly message: string; readonly messageStack?: string[]; readonly code?: string }
  | { readonly kind: 'value'; readonly value: string };

type FromWorker =
  | { readonly type: 'ready'; readonly frameLength: number; readonly sampleRate: number }
  | { readonly type: 'failed'; readonly error: WireError }
  | { readonly type: 'result'; readonly id: number; readonly index?: number; readonly error?: WireError };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const wire = (e) => typeof e === 'object' && e !== null
  ? { kind: 'object', name: (e.constructor && e.constructor.name) || String(e.name || ''), message: String(e.message || ''),
      messageStack: Array.isArray(e.messageStack) ? e.messageStack.map(String) : undefined,
      code: typeof e.code === 'string' ? e.code : undefined }
  : { kind: 'value', value: String(e) };
let engine = null;
try {
  const { Porcupine } = require(workerData.modulePath);
  engine = new Porcupine(workerData.accessKey, workerData.keywordPaths, workerData.sensitivities, workerData.options);
  parentPort.postMessage({ type: 'ready', frameLength: engine.frameLength, sampleRate: engine.sampleRate });
} catch (e) {
  parentPort.postMessage({ type: 'failed', error: wire(e) });
  parentPort.close();
}
if (engine) parentPort.on('message', (m) => {
  if (m.type === 'process') {
    try { parentPort.postMessage({ type: 'result', id: m.id, index: engine.process(m.frame) }); }
    catch (e) { parentPort.postMessage({ type: 'result', id: m.id, error: wire(e) }); }
  } else if (m.type === 'release') {
    try { if (engine) engine.release(); } catch (e) { /* nothing is left to undo */ }
    engine = null;
    parentPort.close();
  }
});
`;

/** The error as the library threw it, near enough for `diagnose` and `describeError`. */
export function fromWire(error: WireError): unknown {
  if (error.kind === 'value') return error.value;
  const rebuilt = error.name === 'RangeError' ? new RangeError(error.message) : new Error(error.message);
  if (error.name !== 'RangeError') rebuilt.name = error.name;
  return Object.assign(rebuilt, error.messageStack ? { messageStack: error.messageStack } : {}, error.code ? { code: error.code } : {});
}

interface Waiting {
  resolve(index: number): void;
  reject(error: unknown): void;
}

class ThreadPorcupine implements NativePorcupine {
  readonly frameLength: number;
  readonly sampleRate: number;
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #next = 0;
  #gone: Error | null = null;

  constructor(worker: Worker, ready: { frameLength: number; sampleRate: number }) {
    this.#worker = worker;
    this.frameLength = ready.frameLength;
    this.sampleRate = ready.sampleRate;
    // A kiosk or test that is done must not be kept running by a wake-word thread.
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      if (m.type !== 'result') return;
      const waiting = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (m.error) waiting?.reject(fromWire(m.error));
      else waiting?.resolve(m.index ?? -1);
    });
    const stop = (why: Error): void => {
      this.#gone ??= why;
      for (const w of this.#waiting.values()) w.reject(why);
      this.#waiting.clear();
    };
    worker.on('error', (e) => stop(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', () => stop(new Error('the Porcupine thread has stopped')));
  }

  process(frame: Int16Array): Promise<number> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ type: 'process', id, frame: frame.slice() });
    });
  }

  release(): void {
    if (this.#gone) return;
    this.#worker.postMessage({ type: 'release' });
  }
}

export interface ThreadOptions {
  /** The library to load in the worker; the installed `@picovoice/porcupine-node` by default. */
  readonly modulePath?: string;
}

/** A `CreatePorcupine` that builds the engine on a worker thread and resolves once it has answered. */
export function porcupineInThread(options: ThreadOptions = {}): CreatePorcupine {
  return (accessKey, keywordPaths, sensitivities, settings) =>
    new Promise<NativePorcupine>((resolve, reject) => {
      const modulePath = options.modulePath ?? createRequire(import.meta.url).resolve('@picovoice/porcupine-node');
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { modulePath, accessKey, keywordPaths, sensitivities, options: settings },
      });
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') {
          cleanUp();
          resolve(new ThreadPorcupine(worker, m));
        } else if (m.type === 'failed') {
          cleanUp();
          reject(fromWire(m.error));
        }
      };
      const onError = (e: unknown): void => {
        cleanUp();
        reject(e);
      };
      const onExit = (code: number): void => {
        cleanUp();
        reject(new Error(`the Porcupine thread stopped before starting (exit code ${code})`));
      };
      const cleanUp = (): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
}
