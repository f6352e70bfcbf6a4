import type { ButtonLogger } from './device.ts';

// Often enough to show the noise goes on; the health message says so in words meanwhile.
const SUMMARY_EVERY_MS = 60_000;

/**
 * Logs the first protocol error in full, then, while errors keep coming, one line a minute
 * with their counts by kind. A box at the wrong baud rate garbles some 180 lines a second, and a
 * warning for each would bury everything else in the log.
 */
export class ProtocolErrorLog {
  readonly #logger: ButtonLogger;
  readonly #context: object;
  #counts = new Map<string, number>();
  /** Set while a summary is due: errors until then are counted, not logged. */
  #timer: NodeJS.Timeout | undefined;

  constructor(logger: ButtonLogger, context: object) {
    this.#logger = logger;
    this.#context = context;
  }

  /** `total`: errors counted since the device started, for the full line. */
  record(error: { kind: string }, total: number): void {
    if (this.#timer === undefined) {
      this.#logger.warn({ ...this.#context, ...error, count: total }, 'emergency button protocol error');
      this.#schedule();
      return;
    }
    this.#counts.set(error.kind, (this.#counts.get(error.kind) ?? 0) + 1);
  }

  /** Logs what is still counted and stops the timer. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flush();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A quiet minute ends the run: the next error is news again and is logged in full.
      if (this.#counts.size === 0) return;
      this.#flush();
      this.#schedule();
    }, SUMMARY_EVERY_MS);
  }

  #flush(): void {
    if (this.#counts.size === 0) return;
    const byKind = Object.fromEntries(this.#counts);
    this.#counts = new Map();
    this.#logger.warn({ ...this.#context, byKind }, 'emergency button protocol errors go on');
  }
}
