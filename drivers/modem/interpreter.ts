import type { ModemError } from './errors.ts';
import type { ModemToken } from './lines.ts';
import { classifyLine, commandPrefix, type FinalResult, type Urc } from './results.ts';

/**
 * The decision half of the AT channel: given the command in flight (if any) and one token from
 * the line splitter, say what the token means. No I/O and no timers, so every interleaving of
 * URCs, noise and responses can be tested without a port.
 *
 * Information lines are assigned to the command in flight only when their prefix is the one the
 * command collects (facts/emergency.md §2.6: prefix matching that knows which prefixes are also
 * solicited); anything else is a URC or a stray line, never part of a response.
 */

export type AtErrorKind = 'timeout' | 'cme' | 'cms' | 'error' | 'closed' | 'invalid';

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
  /** While set, finals are leftovers of an abandoned command: only this prefix proves sync. */
  marker: string | null;
}

export function commandName(line: string): string {
  const bare = line.replace(/\r$/, '');
  if (/^ATD/i.test(bare)) return 'ATD';
  const eq = bare.indexOf('=');
  return eq < 0 ? bare : bare.slice(0, eq);
}

export class AtInterpreter {
  #pending: Pending | null = null;

  get busy(): boolean {
    return this.#pending !== null;
  }

  /** Whether the command in flight is still waiting for its `> ` prompt. */
  get awaitingPrompt(): boolean {
    return this.#pending?.body != null;
  }

  /**
   * `syncMarker`: the command is a probe sent after a timeout; finals that arrive before an
   * information line with this prefix belong to the abandoned command and are dropped.
   */
  begin(request: AtRequest, syncMarker: string | null = null): void {
    const collect = request.collect ?? commandPrefix(request.line);
    this.#pending = {
      line: request.line,
      collect: collect === null || collect === 'unprefixed' ? collect : collect.toUpperCase(),
      body: request.body ?? null,
      lines: [],
      marker: syncMarker?.toUpperCase() ?? null,
    };
  }

  abandon(): void {
    this.#pending = null;
  }

  feed(token: ModemToken): AtOutcome | null {
    const pending = this.#pending;
    if (token.kind === 'overflow') return { type: 'stray', text: '<over-long line>' };
    if (token.kind === 'prompt') {
      if (pending?.body == null || pending.marker !== null) return { type: 'stray', text: '> ' };
      const body = pending.body;
      pending.body = null;
      return { type: 'prompt', body };
    }
    const classified = classifyLine(token.text, { pending: pending?.line ?? null });
    switch (classified.kind) {
      case 'echo':
        return null;
      case 'urc':
        return { type: 'urc', urc: classified.urc };
      case 'info':
        if (pending === null || !this.#collects(pending, classified.prefix)) return { type: 'stray', text: token.text };
        if (pending.marker !== null) pending.marker = null;
        else pending.lines.push(token.text);
        return null;
      case 'final':
        if (pending === null || pending.marker !== null) return { type: 'stray', text: token.text };
        this.#pending = null;
        return finish(pending, classified.result);
    }
  }

  #collects(pending: Pending, prefix: string | null): boolean {
    if (pending.marker !== null) return prefix?.toUpperCase() === pending.marker;
    if (pending.collect === 'unprefixed') return prefix === null;
    return prefix !== null && prefix.toUpperCase() === pending.collect;
  }
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
