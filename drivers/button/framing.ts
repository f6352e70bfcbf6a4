/**
 * LF line framing shared by both directions of the button link (see ./PROTOCOL.md "Framing").
 * Pure and incremental: bytes in, complete lines or framing errors out, in arrival order.
 */

// facts/emergency.md §3.4: a line is at most 64 bytes including the terminating LF.
export const MAX_LINE_BYTES = 64;
const MAX_TEXT_BYTES = MAX_LINE_BYTES - 1;

const LF = 0x0a;
const CR = 0x0d;
const ASCII_LIMIT = 0x80;

export type FramingError =
  | { kind: 'too-long' }
  | { kind: 'carriage-return' }
  | { kind: 'non-ascii' }
  | { kind: 'empty-line' };

export type Framed = { ok: true; text: string } | { ok: false; error: FramingError };

export class LineFramer {
  readonly #buf = new Uint8Array(MAX_TEXT_BYTES);
  #len = 0;
  /** After an over-long line, everything up to the next LF belongs to it and is dropped unseen. */
  #discarding = false;

  /** Bytes of an unfinished line held for the next push (never more than 63). */
  get pendingBytes(): number {
    return this.#len;
  }

  push(bytes: Uint8Array): Framed[] {
    const out: Framed[] = [];
    for (const byte of bytes) {
      if (byte === LF) {
        if (this.#discarding) this.#discarding = false;
        else out.push(this.#finish());
      } else if (!this.#discarding) {
        if (this.#len === MAX_TEXT_BYTES) {
          // Reported the moment the limit is crossed, so a device that never sends LF still shows up.
          out.push({ ok: false, error: { kind: 'too-long' } });
          this.#len = 0;
          this.#discarding = true;
        } else {
          this.#buf[this.#len++] = byte;
        }
      }
    }
    return out;
  }

  #finish(): Framed {
    const line = this.#buf.subarray(0, this.#len);
    this.#len = 0;
    if (line.length === 0) return { ok: false, error: { kind: 'empty-line' } };
    // A CR is its own error even beside non-ASCII bytes: it is the likeliest firmware mistake (CRLF endings).
    if (line.includes(CR)) return { ok: false, error: { kind: 'carriage-return' } };
    if (line.some((b) => b >= ASCII_LIMIT)) return { ok: false, error: { kind: 'non-ascii' } };
    return { ok: true, text: String.fromCharCode(...line) };
  }
}
