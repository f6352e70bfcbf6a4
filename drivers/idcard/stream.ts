import {
  HEADER_LENGTH,
  PREAMBLE,
  checkFrameAt,
  lenInRange,
  readLen,
  startsWithPreamble,
  type FrameCodec,
  type FrameError,
} from './frame.ts';

export interface SplitResult<F> {
  readonly frames: F[];
  /** In the order they were met in the stream. */
  readonly errors: FrameError[];
}

/**
 * Incremental frame splitter for a byte stream (serial reads arrive in arbitrary pieces).
 *
 * It holds at most one unfinished frame. A frame is only emitted after its checksum matches.
 * After a bad checksum or an impossible length it resynchronises just after that frame's
 * preamble rather than after its claimed end, because a corrupt length may have swallowed the
 * next real frame. It keeps no clock: the device reads `pendingBytes` and calls
 * `expirePending()` when a frame has waited too long for the rest of its bytes.
 */
export class FrameSplitter<F> {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end = 0;
  private skipped = 0;

  /** `new FrameSplitter(RESPONSE_FRAMES)` on the host side, `REQUEST_FRAMES` in the simulator. */
  constructor(private readonly codec: FrameCodec<F>) {}

  /** Bytes held while waiting for the rest of a frame (or of a preamble). */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /** Noise bytes discarded since construction, for the device's health report. */
  get skippedBytes(): number {
    return this.skipped;
  }

  push(chunk: Uint8Array): SplitResult<F> {
    this.append(chunk);
    const result: SplitResult<F> = { frames: [], errors: [] };
    this.drain(result);
    return result;
  }

  /**
   * Gives up on the frame being held: reports it as incomplete, then rescans what came after
   * its preamble, which may hold a whole frame that the false length was waiting to swallow.
   */
  expirePending(): SplitResult<F> {
    const result: SplitResult<F> = { frames: [], errors: [] };
    const have = this.pendingBytes;
    if (have === 0) return result;
    const need = have >= HEADER_LENGTH ? HEADER_LENGTH + readLen(this.buf, this.start) : HEADER_LENGTH;
    result.errors.push({ kind: 'incomplete', have, need });
    // Without a whole header there is nothing to rescan; with one, rescan from after the preamble.
    this.start += have < HEADER_LENGTH ? have : PREAMBLE.length;
    this.drain(result);
    return result;
  }

  private drain(result: SplitResult<F>): void {
    for (;;) {
      if (!this.seekPreamble(result)) return;
      if (this.pendingBytes < HEADER_LENGTH) return;
      const len = readLen(this.buf, this.start);
      if (!lenInRange(this.codec, len)) {
        result.errors.push({ kind: 'bad-length', length: len });
        this.start += PREAMBLE.length;
        continue;
      }
      if (this.pendingBytes < HEADER_LENGTH + len) return;
      const checked = checkFrameAt(this.codec, this.buf, this.start, len);
      if (checked.ok) {
        result.frames.push(checked.value);
        this.start += HEADER_LENGTH + len;
      } else {
        result.errors.push(checked.error);
        this.start += PREAMBLE.length;
      }
    }
  }

  /**
   * Moves `start` to the next preamble, discarding the noise before it. Returns false when no
   * whole preamble is present; the tail that could still begin one is kept.
   */
  private seekPreamble(result: SplitResult<F>): boolean {
    let at = this.start;
    const lastStart = this.end - PREAMBLE.length;
    while (at <= lastStart && !startsWithPreamble(this.buf, at)) at++;
    const found = at <= lastStart;
    if (!found) {
      at = Math.max(this.start, lastStart + 1);
      while (at < this.end && !this.isPreamblePrefix(at)) at++;
    }
    this.discard(at - this.start, result);
    return found;
  }

  private isPreamblePrefix(at: number): boolean {
    for (let i = at; i < this.end; i++) if (this.buf[i] !== PREAMBLE[i - at]) return false;
    return true;
  }

  private discard(count: number, result: SplitResult<F>): void {
    if (count === 0) return;
    this.start += count;
    this.skipped += count;
    result.errors.push({ kind: 'noise', skipped: count });
  }

  private append(chunk: Uint8Array): void {
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end + chunk.length > this.buf.length) {
      const held = this.buf.subarray(this.start, this.end);
      const next = new Uint8Array(Math.max(4096, (held.length + chunk.length) * 2));
      next.set(held, 0);
      this.buf = next;
      this.end = held.length;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
}
