/**
 * Streaming linear-interpolation resampler from a microphone's rate to 16 kHz, block by block
 * as an AudioWorklet receives them. Speech keeps little energy above 8 kHz, so no anti-alias
 * filter is run; used only where the browser will not run its AudioContext at 16 kHz itself.
 */
export class Resampler {
  /** Input samples per output sample. */
  readonly #step: number;
  /** Where the next output sample falls, in input samples from the start of the current block (index 0 is the last sample of the block before). */
  #position = 0;
  #previous = 0;

  constructor(fromRate: number, toRate: number) {
    if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`sample rates must be positive, got ${fromRate} and ${toRate}`);
    this.#step = fromRate / toRate;
  }

  /** Calls `out` with each output sample that `block` completes. */
  push(block: Float32Array, out: (sample: number) => void): void {
    while (this.#position < block.length) {
      const at = Math.floor(this.#position);
      const before = at === 0 ? this.#previous : block[at - 1]!;
      const after = block[at]!;
      out(before + (after - before) * (this.#position - at));
      this.#position += this.#step;
    }
    this.#position -= block.length;
    if (block.length > 0) this.#previous = block[block.length - 1]!;
  }
}
