/**
 * Why Porcupine cannot listen, in words the hall staff can act on, and whether waiting helps.
 * The library's error classes (facts/voice.md §1.2) are told apart by their constructor's name,
 * not `instanceof`: the classes live in a lazily loaded CommonJS package, and in 4.0.2 they all
 * leave `error.name` as "Error". Several different causes share `PorcupineInvalidArgumentError`,
 * so for that class the message decides.
 */

export type PorcupineProblem =
  | 'missing-key'
  | 'invalid-key'
  | 'no-network'
  | 'device-limit'
  | 'throttled'
  | 'refused'
  | 'no-keywords'
  | 'missing-keyword-file'
  | 'missing-model-file'
  | 'unreadable-file'
  | 'bad-settings'
  | 'unsupported-platform'
  | 'library-failed'
  | 'out-of-memory'
  | 'engine-error'
  | 'not-initialised'
  | 'starting'
  | 'released';

/** The staff screens are bilingual. */
export interface StaffWords {
  readonly zh: string;
  readonly en: string;
}

export interface Diagnosis {
  readonly problem: PorcupineProblem;
  /** Whether trying again later can succeed without anyone changing the settings. */
  readonly transient: boolean;
  /** A file path or similar that the staff need, shown after the words. */
  readonly subject?: string;
}

const WORDS: Record<PorcupineProblem, StaffWords> = {
  'missing-key': { zh: '没有填写 Porcupine 授权码', en: 'The Porcupine AccessKey is missing' },
  'invalid-key': { zh: 'Porcupine 授权码无效', en: 'The Porcupine AccessKey is not valid' },
  'no-network': {
    zh: '无法连接 Picovoice 验证授权码（可能没有网络）',
    en: 'Could not reach Picovoice to check the key (no network?)',
  },
  'device-limit': { zh: '这个授权码可用的设备数量已用完', en: 'Device limit reached for this Porcupine AccessKey' },
  throttled: { zh: '验证授权码的次数太多', en: 'Too many activation attempts' },
  refused: { zh: 'Picovoice 拒绝了这个授权码', en: 'Picovoice refused the key' },
  'no-keywords': { zh: '没有设置唤醒词', en: 'No wake words are set up for Porcupine' },
  'missing-keyword-file': { zh: '找不到唤醒词文件', en: 'The wake-word file is missing' },
  'missing-model-file': { zh: '找不到 Porcupine 语言模型文件', en: 'The Porcupine language model file is missing' },
  'unreadable-file': { zh: '唤醒词文件或语言模型文件无法读取', en: 'A wake-word or language model file could not be read' },
  'bad-settings': {
    zh: 'Porcupine 不接受当前设置（唤醒词文件与语言模型或本机平台不符？）',
    en: 'Porcupine refused its settings (do the wake-word files match the language model and this computer?)',
  },
  'unsupported-platform': { zh: '这台设备的处理器不支持 Porcupine', en: "This computer's CPU is not supported by Porcupine" },
  'library-failed': { zh: 'Porcupine 程序库无法加载', en: 'The Porcupine library failed to load' },
  'out-of-memory': { zh: 'Porcupine 内存不足', en: 'Porcupine ran out of memory' },
  'engine-error': { zh: 'Porcupine 内部出错', en: 'Porcupine stopped with an internal error' },
  'not-initialised': { zh: 'Porcupine 尚未启动', en: 'Porcupine has not been started' },
  starting: { zh: 'Porcupine 正在启动，正在核对授权码', en: 'Porcupine is starting and checking its AccessKey' },
  released: { zh: 'Porcupine 已停止', en: 'Porcupine has been stopped' },
};

/** The words for a problem, with its subject and, when a retry is due, when it will come. */
export function staffWords(diagnosis: Diagnosis, retryInMs: number | null = null): StaffWords {
  const { zh, en } = WORDS[diagnosis.problem];
  const subject = diagnosis.subject === undefined ? '' : diagnosis.subject;
  const minutes = retryInMs === null ? 0 : Math.max(1, Math.round(retryInMs / 60_000));
  return {
    zh: `${zh}${subject && `：${subject}`}${retryInMs === null ? '' : `，${minutes} 分钟后重试`}`,
    en: `${en}${subject && `: ${subject}`}${retryInMs === null ? '' : `; will retry in ${minutes} min`}`,
  };
}

/** Status code names a Node error carries when a module or native addon cannot be loaded. */
const LOAD_FAILURES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND', 'ERR_DLOPEN_FAILED']);

export function diagnose(error: unknown): Diagnosis {
  const text = describeError(error);
  switch (porcupineClass(error)) {
    case 'PorcupineInvalidArgumentError':
      return invalidArgument(text);
    case 'PorcupineActivationError':
      return { problem: 'no-network', transient: true };
    // The allowance resets after 30 days (facts/voice.md §1.3), so a kiosk left alone recovers.
    case 'PorcupineActivationLimitReachedError':
      return { problem: 'device-limit', transient: true };
    case 'PorcupineActivationThrottledError':
      return { problem: 'throttled', transient: true };
    case 'PorcupineActivationRefusedError':
      return { problem: 'refused', transient: false };
    case 'PorcupineIOError':
      return { problem: 'unreadable-file', transient: false };
    case 'PorcupineOutOfMemoryError':
      return { problem: 'out-of-memory', transient: true };
    // Thrown for ARM boards other than the Raspberry Pi's cores (facts/voice.md §1.4).
    case 'PorcupineRuntimeError':
      return /unsupported cpu|not supported/i.test(text)
        ? { problem: 'unsupported-platform', transient: false }
        : { problem: 'engine-error', transient: true };
    case 'PorcupineKeyError':
    case 'PorcupineInvalidStateError':
    case 'PorcupineStopIterationError':
      return { problem: 'engine-error', transient: false };
  }
  if (error instanceof RangeError) return { problem: 'bad-settings', transient: false, subject: text };
  // platforms.ts throws a bare string for an unknown OS or architecture.
  if (typeof error === 'string' && /not supported/i.test(error)) return { problem: 'unsupported-platform', transient: false };
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && LOAD_FAILURES.has(code)) return { problem: 'library-failed', transient: false };
  return { problem: 'engine-error', transient: false };
}

/** Messages from porcupine.ts in 4.0.2, and the native stack for a malformed key (facts/voice.md §1.2). */
function invalidArgument(text: string): Diagnosis {
  const missing = /File not found (?:in 'keywords'|at '(modelPath|libraryPath)'): (.*)/.exec(text);
  if (missing) {
    const [, which, path] = missing;
    if (which === 'libraryPath') return { problem: 'library-failed', transient: false };
    return { problem: which === 'modelPath' ? 'missing-model-file' : 'missing-keyword-file', transient: false, subject: path!.trim() };
  }
  if (/No AccessKey/i.test(text)) return { problem: 'missing-key', transient: false };
  if (/AccessKey/i.test(text)) return { problem: 'invalid-key', transient: false };
  if (/keywordPaths are/i.test(text)) return { problem: 'no-keywords', transient: false };
  return { problem: 'bad-settings', transient: false };
}

function porcupineClass(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { name } = error as { name?: unknown };
  if (typeof name === 'string' && name.startsWith('Porcupine')) return name;
  const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === 'string' ? ctor : '';
}

/** The message and the native library's message stack, for matching and for the support log. */
export function describeError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, messageStack } = error as { message?: unknown; messageStack?: unknown };
  const stack = Array.isArray(messageStack) ? messageStack.map(String) : [];
  const head = typeof message === 'string' ? message : String(error);
  return [head, ...stack.filter((line) => !head.includes(line))].join('\n');
}
