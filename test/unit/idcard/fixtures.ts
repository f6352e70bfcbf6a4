import type { FrameError, FrameSplitter, SplitResult } from '../../../drivers/idcard/index.ts';

/** Test helpers for the ID-card codec tests. Card fixtures live in drivers/idcard/testing/. */

/** "AA AA 96" → bytes; spaces and '|' separators as the facts file writes frames. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/[\s|]/g, '');
  return Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `bytes` at the given positions (any order, duplicates and out-of-range allowed). */
export function cut(bytes: Uint8Array, positions: readonly number[]): Uint8Array[] {
  const points = [...new Set(positions.map((p) => Math.max(0, Math.min(bytes.length, p))))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.slice(from, p));
    from = p;
  }
  return pieces;
}

/** Pushes every piece and gathers the results as one. */
export function pushAll<F>(splitter: FrameSplitter<F>, pieces: readonly Uint8Array[]): SplitResult<F> {
  const all: SplitResult<F> = { frames: [], errors: [] };
  for (const piece of pieces) {
    const r = splitter.push(piece);
    all.frames.push(...r.frames);
    all.errors.push(...r.errors);
  }
  return all;
}

export function withoutNoise(errors: readonly FrameError[]): FrameError[] {
  return errors.filter((e) => e.kind !== 'noise');
}

export const FRAME_ERROR_KINDS = new Set(['noise', 'bad-length', 'bad-checksum', 'incomplete', 'bad-preamble', 'trailing-bytes']);
