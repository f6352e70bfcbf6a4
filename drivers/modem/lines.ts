/**
 * Incremental splitter for modem output. Lines end in CR LF (V.250 framing, facts/emergency.md
 * §2.1); a bare LF or bare CR also ends a line, and empty lines are dropped, so a CR LF pair split
 * across two reads, or a module that sends CR CR LF, yields the same tokens. The SMS prompt
 * `> ` has no terminator (facts §2.3: CR LF '>' space) and is its own token.
 */

// Not from the facts: long enough for any response this driver reads (UCS2 +CMGL bodies run to
// ~700 characters), small enough that a stuck or noisy port cannot grow the buffer without bound.
export const MAX_MODEM_LINE_CHARS = 4096;

const PROMPT = '> ';

export type ModemToken =
  | { kind: 'line'; text: string }
  | { kind: 'prompt' }
  /** A line longer than MAX_MODEM_LINE_CHARS was dropped (once per such line). */
  | { kind: 'overflow' };

export class ModemLineSplitter {
  #pending = '';
  #discarding = false;

  /** Characters of an unfinished line held for the next push. */
  get pendingChars(): number {
    return this.#pending.length;
  }

  /**
   * Bytes are read as Latin-1, one character per byte: AT responses are ASCII (UCS2 arrives as
   * hex text), and this mapping cannot fail on noise.
   */
  push(chunk: Uint8Array | string): ModemToken[] {
    const text = typeof chunk === 'string' ? chunk : latin1(chunk);
    const out: ModemToken[] = [];
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        if (this.#discarding) this.#discarding = false;
        else if (this.#pending.length > 0) out.push({ kind: 'line', text: this.#pending });
        this.#pending = '';
      } else if (!this.#discarding) {
        if (this.#pending.length === MAX_MODEM_LINE_CHARS) {
          out.push({ kind: 'overflow' });
          this.#pending = '';
          this.#discarding = true;
        } else {
          this.#pending += ch;
          if (this.#pending === PROMPT) {
            out.push({ kind: 'prompt' });
            this.#pending = '';
          }
        }
      }
    }
    return out;
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
