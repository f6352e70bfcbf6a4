/**
 * A one-pole DC blocker (cut-off about 13 Hz at 16 kHz). Neither ONNX model removes DC, and a
 * cheap microphone's offset would otherwise read as low-frequency energy that is not sound.
 * Streaming, so block edges leave no steps.
 */
const POLE = 0.995;

export class DcBlocker {
  #in = 0;
  #out = 0;

  /** `samples` without their DC, into `out` from `offset`, on the int16 scale. */
  apply(samples: ArrayLike<number>, out: Float32Array, offset = 0): void {
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i]!;
      this.#out = x - this.#in + POLE * this.#out;
      this.#in = x;
      out[offset + i] = this.#out;
    }
  }

  reset(): void {
    this.#in = 0;
    this.#out = 0;
  }
}
