import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { pino, type DestinationStream, type LogFn, type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { isPlainObject, maskSensitiveText, PERSONAL_KEYS, REDACTED, redactPersonalFields } from './redact.ts';

export type { Logger } from 'pino';

/**
 * Each of `PERSONAL_KEYS` at the top level and one object down, in pino's own redaction, which
 * also reaches into class instances. Deeper than that, every log argument and child binding is run
 * through `redactPersonalFields` first: it reaches any depth of plain objects and arrays (a card
 * event carries the card three objects down), and redacts a card's `name` — a key other lines log
 * on purpose — only inside an object with a card type. Wildcard paths for every depth would do
 * the same at ten times the cost of a log call. Features that log new kinds of personal data add
 * their keys to `PERSONAL_KEYS` (or pass `extraRedactPaths` for keys only they use).
 */
export const REDACT_PATHS: readonly string[] = PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`]);

export const LOG_FILE_NAME = 'kiosk.log';

export interface LoggerOptions {
  dataDir: string;
  level?: string;
  toConsole?: boolean;
  extraRedactPaths?: readonly string[];
}

/**
 * JSON lines in `<dataDir>/logs/kiosk.log`, rotated daily and at 10 MB, 14 gzipped files kept.
 * Writing happens in this process: pino's worker transports do not survive bundling into an
 * Electron asar.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const logDir = path.join(opts.dataDir, 'logs');
  try {
    fs.mkdirSync(logDir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot create the log directory ${logDir}: ${(error as Error).message}`, { cause: error });
  }
  const file = new LogFile(
    createStream(LOG_FILE_NAME, {
      path: logDir,
      size: '10M',
      interval: '1d',
      maxFiles: 14,
      compress: 'gzip',
      teeToStdout: opts.toConsole ?? false,
    }),
  );
  const log = pino(
    {
      level: opts.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS, ...(opts.extraRedactPaths ?? [])], censor: REDACTED },
      hooks: { logMethod: maskMessageArguments },
      formatters: {
        log: (object) => maskValues(object, 1) as Record<string, unknown>,
        bindings: (bindings) => maskValues(redactPersonalFields(bindings), 1) as Record<string, unknown>,
      },
      // pino's serialized error inherits from its own prototype, so it is copied to a plain object
      // before masking its message and stack.
      serializers: { err: (error: Error) => maskValues({ ...pino.stdSerializers.err(error) }, 1) },
    },
    file,
  );
  maskChildBindings(log);
  return log;
}

export function createNullLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Writes out what is buffered and closes the log file of a logger made by `createLogger`. */
export async function closeLogger(log: Logger): Promise<void> {
  const stream: unknown = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  if (stream instanceof LogFile) await stream.close();
}

/**
 * Messages and their interpolation arguments are masked before pino formats them, and personal
 * fields are taken out of the logged object and of objects interpolated into the message (`%o`,
 * `%j`, which redact paths never see). When only an error is logged, pino would take the message
 * from the error itself, so that is masked here too.
 */
function maskMessageArguments(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const masked: unknown[] = args.map((arg) => (typeof arg === 'string' ? maskSensitiveText(arg) : redactPersonalFields(arg)));
  const first = masked[0];
  if (masked.length === 1 && typeof first === 'object' && first !== null) {
    const error = first instanceof Error ? first : (first as { err?: unknown }).err;
    if (error instanceof Error && (first as { msg?: unknown }).msg === undefined) {
      masked.push(maskSensitiveText(error.message));
    }
  }
  method.apply(this, masked as Parameters<LogFn>);
}

/**
 * pino applies `formatters.bindings` only to the root logger's own bindings, so bindings given to
 * `child()` are masked here. Children inherit from the root object, so this covers every level.
 */
function maskChildBindings(log: Logger): void {
  const child = log.child;
  log.child = function maskedChild(this: Logger, bindings, options) {
    return child.call(this, maskValues(redactPersonalFields(bindings), 1) as typeof bindings, options);
  } as typeof log.child;
}

/**
 * Masks strings in `value` and, `levels` deep, inside plain objects and arrays. Copies instead of
 * mutating, because the object belongs to the caller. Errors, dates and buffers are left to their
 * serializers.
 */
function maskValues(value: unknown, levels: number): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (Array.isArray(value)) return value.map((item) => (levels > 0 ? maskValues(item, levels - 1) : maskLeaf(item)));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = levels > 0 ? maskValues(item, levels - 1) : maskLeaf(item);
  }
  return copy;
}

function maskLeaf(value: unknown): unknown {
  return typeof value === 'string' ? maskSensitiveText(value) : value;
}

/**
 * The rotating file as a pino destination. Counting unfinished writes lets `logger.flush(cb)`
 * call back once every line so far is in the file.
 */
class LogFile implements DestinationStream {
  #pending = 0;
  #waiters: Array<() => void> = [];
  #closed = false;

  constructor(private readonly stream: RotatingFileStream) {
    stream.on('error', (error) => {
      process.stderr.write(`kiosk log file error: ${error.message}\n`);
    });
  }

  write(line: string): void {
    if (this.#closed) return;
    this.#pending += 1;
    this.stream.write(line, () => {
      this.#pending -= 1;
      if (this.#pending === 0) this.#wake();
    });
  }

  flush(callback: (error?: Error) => void): void {
    if (this.#pending === 0) setImmediate(callback);
    else this.#waiters.push(() => callback());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => this.flush(() => resolve()));
    this.#closed = true;
    this.stream.end();
    // A failing file has already been reported by the error listener; shutdown goes on regardless.
    await finished(this.stream).catch(() => undefined);
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
