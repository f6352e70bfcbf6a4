import type { ModemError } from './errors.ts';
import type { ModemToken } from './lines.ts';
import { catchUpCheck } from './commands.ts';
import { classifyLine, commandPrefix, type FinalResult, type ModemLine, type Urc } from './results.ts';

/**
 * The decision half of the AT channel: given the command in flight (if any) and one token from
 * the line splitter, say what the token means. No I/O and no timers, so every interleaving of
 * URCs, noise and responses can be tested without a port.
 *
 * Information lines are assigned to the command in flight only when their prefix is the one the
 * command collects (facts/emergency.md §2.6: prefix matching that knows which prefixes are also
 * solicited); anything else is a URC or a stray line, never part of a response.
 */

/** `not-sent`: held back because the module stopped answering the catch-up check before it. */
export type AtErrorKind = 'timeout' | 'not-sent' | 'cme' | 'cms' | 'error' | 'closed' | 'invalid';

export class AtError extends Error {
  override readonly name = 'AtError';

  constructor(
    readonly kind: AtErrorKind,
    /** The command without its parameters (`ATD`, `AT+CMGS`), so no number reaches a log. */
    readonly command: string,
    readonly modemError: ModemError | null = null,
    detail?: string,
  ) {
    super(detail ?? `${command}: ${modemError ? `${kind} ${modemError.code ?? ''} ${modemError.message}`.trim() : kind}`);
  }

  /** The +CME / +CMS error number, when the modem gave one. */
  get code(): number | null {
    return this.modemError?.code ?? null;
  }
}

/**
 * Whether a refused dial is about the number itself — a dial string the modem cannot use — so
 * dialling it again cannot help. Every other refusal (no network, no SIM, a silent or closed
 * port) is the modem's, and may pass in seconds.
 */
export function refusedForTheNumber(error: unknown): boolean {
  if (!(error instanceof AtError)) return false;
  const meaning = error.modemError?.meaning;
  return error.kind === 'invalid' || meaning === 'dial-string-too-long' || meaning === 'invalid-dial-characters';
}

export interface AtRequest {
  /** The whole command line, CR included (from the builders in commands.ts). */
  line: string;
  /** Overrides the default for this kind of command (see timeoutFor in channel.ts). */
  timeoutMs?: number;
  /**
   * Which information lines belong to this command: a `+NAME` prefix, or `unprefixed` for bare
   * text answers such as AT+CGMM. Defaults to the command's own prefix; commands without one
   * (AT, ATE0, ATD…) collect nothing.
   */
  collect?: string | 'unprefixed';
  /** Written after the `> ` prompt (an SMS body ending in Ctrl-Z). */
  body?: string;
}

export interface AtResponse {
  final: FinalResult;
  lines: string[];
}

export type AtOutcome =
  | { type: 'urc'; urc: Urc }
  | { type: 'stray'; text: string }
  | { type: 'prompt'; body: string }
  | { type: 'done'; response: AtResponse }
  | { type: 'failed'; error: AtError };

interface Pending {
  line: string;
  collect: string | null;
  body: string | null;
  lines: string[];
  check: Check | null;
}

/** A catch-up check in flight (see channel.ts). */
interface Check {
  nonce: number;
  /** The answer being read: its marker line has come, and then the number it reads back. */
  answer: { nonce: number | null } | null;
}

// V.250 S8 holds 0–255.
const NONCES = 256;
const CHECK_MARKER = '+CMEE';
const NONCE_LINE = /^[0-9]{1,3}$/;

export function commandName(line: string): string {
  const bare = line.replace(/\r$/, '');
  if (/^ATD/i.test(bare)) return 'ATD';
  const eq = bare.indexOf('=');
  return eq < 0 ? bare : bare.slice(0, eq);
}

export class AtInterpreter {
  #pending: Pending | null = null;
  #nextNonce = 0;
  /** Numbers of checks given up on whose answers may still come, oldest first. */
  #unanswered: number[] = [];

  get busy(): boolean {
    return this.#pending !== null;
  }

  /** Whether the command in flight is still waiting for its `> ` prompt. */
  get awaitingPrompt(): boolean {
    return this.#pending?.body != null;
  }

  begin(request: AtRequest): void {
    const collect = request.collect ?? commandPrefix(request.line);
    this.#pending = {
      line: request.line,
      collect: collect === null || collect === 'unprefixed' ? collect : collect.toUpperCase(),
      body: request.body ?? null,
      lines: [],
      check: null,
    };
  }

  /** Starts a catch-up check with a number no unanswered check carries; returns what to write. */
  beginCheck(): AtRequest {
    const nonce = this.#nextNonce;
    this.#nextNonce = (nonce + 1) % NONCES;
    const request = { line: catchUpCheck(nonce) };
    this.#pending = { line: request.line, collect: null, body: null, lines: [], check: { nonce, answer: null } };
    return request;
  }

  abandon(): void {
    const check = this.#pending?.check;
    // Kept to the last 255: past that the numbers repeat, and a module holding that many
    // unanswered checks is beyond telling them apart.
    if (check) this.#unanswered = [...this.#unanswered, check.nonce].slice(1 - NONCES);
    this.#pending = null;
  }

  feed(token: ModemToken): AtOutcome | null {
    const pending = this.#pending;
    if (token.kind === 'overflow') return { type: 'stray', text: '<over-long line>' };
    if (token.kind === 'prompt') {
      if (pending?.body == null) return { type: 'stray', text: '> ' };
      const body = pending.body;
      pending.body = null;
      return { type: 'prompt', body };
    }
    const classified = classifyLine(token.text, { pending: pending?.line ?? null });
    if (pending?.check && (classified.kind === 'info' || classified.kind === 'final')) return this.#feedCheck(pending.check, classified, token.text);
    switch (classified.kind) {
      case 'echo':
        return null;
      case 'urc':
        return { type: 'urc', urc: classified.urc };
      case 'info':
        if (pending === null || !collects(pending, classified.prefix)) return { type: 'stray', text: token.text };
        pending.lines.push(token.text);
        return null;
      case 'final':
        if (pending === null) return { type: 'stray', text: token.text };
        this.#pending = null;
        return finish(pending, classified.result);
    }
  }

  /**
   * A check's answer is its marker line, the S8 value read back, then a final result. Lines
   * before a marker are the abandoned command's; an answer reading back an earlier check's
   * number is that check's, late. One with no number, or with a number no check carries, comes
   * from a module that refuses or ignores S8 and is taken as this check's: such a module cannot
   * tell its checks apart, and is no worse off than before checks carried numbers.
   */
  #feedCheck(check: Check, line: Extract<ModemLine, { kind: 'info' | 'final' }>, text: string): AtOutcome | null {
    const answer = check.answer;
    if (line.kind === 'info') {
      if (line.prefix?.toUpperCase() === CHECK_MARKER) check.answer = { nonce: null };
      else if (answer?.nonce === null && line.prefix === null && NONCE_LINE.test(text)) answer.nonce = Number(text);
      else return { type: 'stray', text };
      return null;
    }
    check.answer = null;
    if (answer === null) return { type: 'stray', text };
    const late = answer.nonce === null || answer.nonce === check.nonce ? -1 : this.#unanswered.indexOf(answer.nonce);
    if (late >= 0) {
      // Answers come in order: every check before that one is answered or lost.
      this.#unanswered = this.#unanswered.slice(late + 1);
      return { type: 'stray', text };
    }
    this.#pending = null;
    this.#unanswered = [];
    return { type: 'done', response: { final: line.result, lines: [] } };
  }
}

function collects(pending: Pending, prefix: string | null): boolean {
  if (pending.collect === 'unprefixed') return prefix === null;
  return prefix !== null && prefix.toUpperCase() === pending.collect;
}

function finish(pending: Pending, final: FinalResult): AtOutcome {
  const name = commandName(pending.line);
  switch (final.type) {
    case 'error':
      return { type: 'failed', error: new AtError('error', name) };
    case 'cme-error':
      return { type: 'failed', error: new AtError('cme', name, final.error) };
    case 'cms-error':
      return { type: 'failed', error: new AtError('cms', name, final.error) };
    default:
      return { type: 'done', response: { final, lines: pending.lines } };
  }
}
