import { SMS_ABORT } from './commands.ts';
import { ModemLineSplitter } from './lines.ts';
import type { Urc } from './results.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { AtError, AtInterpreter, commandName, type AtOutcome, type AtRequest, type AtResponse } from './interpreter.ts';

/**
 * The one AT command channel to a module (facts/emergency.md §2.3: there is only one, and an SMS
 * holds it for seconds). Strictly serial: one command in flight, each with its own timeout; URCs
 * are passed on whenever they arrive, even between the lines of a response.
 *
 * The channel does no I/O of its own: the owner passes bytes in with `receive()` and gives it a
 * `write` function, so it runs the same over a serial port, a stream or a test's fake.
 */

export { AtError, refusedForTheNumber, type AtErrorKind, type AtRequest, type AtResponse } from './interpreter.ts';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AtTimeouts {
  /** Queries and settings. */
  simpleMs: number;
  /** ATD, ATA, ATH, AT+CHUP. */
  callMs: number;
  /** AT+CMGS, from the command to +CMGS. */
  smsMs: number;
}

// facts/emergency.md §2.4: a simple command answers at once (300 ms is the slowest listed), ATD's
// OK comes right after dialling with COLP off (§2.2; SIM800 allows 20 s, 10 s covers the modules
// we drive); the AT+CMGS maximum is unconfirmed, "commonly 60 s (SIMCom) to 120 s (Quectel)".
export const DEFAULT_TIMEOUTS: AtTimeouts = { simpleMs: 2_000, callMs: 10_000, smsMs: 60_000 };

export function timeoutFor(line: string, timeouts: AtTimeouts): number {
  if (/^AT(D|A\r?$|H|\+CHUP)/i.test(line)) return timeouts.callMs;
  if (/^AT\+CMGS=/i.test(line)) return timeouts.smsMs;
  return timeouts.simpleMs;
}

// Said in words, so a log or an alarm record shows the command never reached the module.
const NOT_SENT = 'not sent: the modem is not answering';

export type AtSend = (request: AtRequest | string) => Promise<AtResponse>;

export type AtChannelEvents = {
  urc: [Urc];
  /** A line that is neither a response nor a known URC: noise, a late answer, an over-long line. */
  stray: [string];
};

interface CommandEntry {
  kind: 'command';
  request: AtRequest;
  owner: symbol | null;
  resolve: (response: AtResponse) => void;
  reject: (error: AtError) => void;
}

interface LockEntry {
  kind: 'lock';
  owner: symbol;
  start: () => void;
}

interface InFlight {
  entry: CommandEntry;
  /** The catch-up check that goes before the entry, rather than the entry itself. */
  check: boolean;
  timer: unknown;
}

export interface AtChannelOptions {
  clock?: Clock;
  timeouts?: Partial<AtTimeouts>;
}

export class AtChannel extends TypedEmitter<AtChannelEvents> {
  readonly #write: (data: string) => Promise<void>;
  readonly #clock: Clock;
  readonly #timeouts: AtTimeouts;
  readonly #splitter = new ModemLineSplitter();
  readonly #interpreter = new AtInterpreter();
  #queue: (CommandEntry | LockEntry)[] = [];
  #inFlight: InFlight | null = null;
  #holder: symbol | null = null;
  /**
   * A command timed out, so the module may still be working through it and answer late. Until
   * the two ends agree again, each command waits behind a catch-up check (commands.ts
   * catchUpCheck) whose answer reads back a number of its own, so a late answer to the command,
   * or to an earlier check, is never taken for the next command's.
   */
  #desynced = false;
  #closed = false;
  #protocolErrors = 0;

  constructor(write: (data: string) => Promise<void>, options: AtChannelOptions = {}) {
    super();
    this.#write = write;
    this.#clock = options.clock ?? systemClock;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Stray lines, over-long lines and URCs that did not parse, since the channel opened. */
  get protocolErrors(): number {
    return this.#protocolErrors;
  }

  get timeouts(): AtTimeouts {
    return { ...this.#timeouts };
  }

  send(request: AtRequest | string): Promise<AtResponse> {
    return this.#enqueue(typeof request === 'string' ? { line: request } : request, null);
  }

  /**
   * Runs `fn` with the channel to itself: commands from anyone else wait until it settles. For
   * sequences that must not be split, such as switching to UCS2, sending an SMS and switching back.
   */
  exclusive<T>(fn: (send: AtSend) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new AtError('closed', 'AT'));
    const owner = Symbol('exclusive');
    const send: AtSend = (request) => this.#enqueue(typeof request === 'string' ? { line: request } : request, owner);
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        kind: 'lock',
        owner,
        start: () => {
          Promise.resolve()
            .then(() => fn(send))
            .then(resolve, reject)
            .finally(() => {
              this.#holder = null;
              this.#pump();
            });
        },
      });
      this.#pump();
    });
  }

  receive(chunk: Uint8Array | string): void {
    for (const token of this.#splitter.push(chunk)) {
      const outcome = this.#interpreter.feed(token);
      if (outcome !== null) this.#handle(outcome);
    }
  }

  /** Fails the command in flight and everything queued with `closed`; later sends fail at once. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const inFlight = this.#inFlight;
    this.#inFlight = null;
    this.#interpreter.abandon();
    if (inFlight) {
      this.#clock.clearTimeout(inFlight.timer);
      inFlight.entry.reject(new AtError('closed', commandName(inFlight.entry.request.line)));
    }
    const queued = this.#queue;
    this.#queue = [];
    for (const entry of queued) {
      if (entry.kind === 'command') entry.reject(new AtError('closed', commandName(entry.request.line)));
      else entry.start();
    }
  }

  #enqueue(request: AtRequest, owner: symbol | null): Promise<AtResponse> {
    if (this.#closed) return Promise.reject(new AtError('closed', commandName(request.line)));
    return new Promise<AtResponse>((resolve, reject) => {
      this.#queue.push({ kind: 'command', request, owner, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#inFlight !== null || this.#closed) return;
    const index = this.#queue.findIndex((entry) => this.#holder === null || entry.owner === this.#holder);
    if (index < 0) return;
    const [entry] = this.#queue.splice(index, 1);
    if (entry === undefined) return;
    if (entry.kind === 'lock') {
      this.#holder = entry.owner;
      entry.start();
      return;
    }
    this.#start(entry, this.#desynced);
  }

  #start(entry: CommandEntry, check: boolean): void {
    const request = check ? this.#interpreter.beginCheck() : entry.request;
    if (!check) this.#interpreter.begin(request);
    const own = entry.request.timeoutMs ?? timeoutFor(entry.request.line, this.#timeouts);
    // The check waits no longer than the command it clears the way for.
    const timeoutMs = check ? Math.min(own, this.#timeouts.simpleMs) : own;
    const timer = this.#clock.setTimeout(() => this.#timedOut(), timeoutMs);
    const inFlight: InFlight = { entry, check, timer };
    this.#inFlight = inFlight;
    this.#write(request.line).catch((error: unknown) => {
      if (this.#inFlight !== inFlight) return;
      this.#settle({ type: 'failed', error: new AtError('closed', commandName(entry.request.line), null, `write failed: ${String(error)}`) });
    });
  }

  #timedOut(): void {
    const inFlight = this.#inFlight;
    if (inFlight === null) return;
    // facts/emergency.md §2.3: ESC abandons SMS input; without it the module would take the
    // following commands as message text.
    if (this.#interpreter.awaitingPrompt) this.#write(SMS_ABORT).catch(() => undefined);
    this.#interpreter.abandon();
    this.#desynced = true;
    this.#inFlight = null;
    const name = commandName(inFlight.entry.request.line);
    inFlight.entry.reject(inFlight.check ? new AtError('not-sent', name, null, `${name}: ${NOT_SENT}`) : new AtError('timeout', name));
    this.#pump();
  }

  #handle(outcome: AtOutcome): void {
    switch (outcome.type) {
      case 'urc':
        if (outcome.urc.type === 'unparsed') this.#protocolErrors++;
        this.emit('urc', outcome.urc);
        return;
      case 'stray':
        this.#protocolErrors++;
        this.emit('stray', outcome.text);
        return;
      case 'prompt':
        this.#write(outcome.body).catch(() => undefined);
        return;
      default:
        this.#settle(outcome);
    }
  }

  #settle(outcome: Extract<AtOutcome, { type: 'done' | 'failed' }>): void {
    const inFlight = this.#inFlight;
    if (inFlight === null) return;
    this.#clock.clearTimeout(inFlight.timer);
    this.#inFlight = null;
    this.#interpreter.abandon();
    if (inFlight.check && outcome.type === 'done') {
      // The check's own answer has come: nothing else is owed, so the command goes now.
      this.#desynced = false;
      this.#start(inFlight.entry, false);
      return;
    }
    if (outcome.type === 'done') inFlight.entry.resolve(outcome.response);
    else inFlight.entry.reject(outcome.error);
    this.#pump();
  }
}
