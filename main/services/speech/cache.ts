/**
 * Recent syntheses, in memory only: a greeting can hold a resident's name, so spoken text never
 * goes to disk. Least recently used first out, bounded by the bytes of audio held.
 */
export class AudioCache {
  readonly #entries = new Map<string, Int16Array>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Int16Array | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, samples: Int16Array): void {
    // One entry may not push out everything else.
    if (samples.byteLength > this.maxBytes / 4) return;
    const old = this.#entries.get(key);
    if (old) {
      this.#bytes -= old.byteLength;
      this.#entries.delete(key);
    }
    this.#entries.set(key, samples);
    this.#bytes += samples.byteLength;
    for (const [oldest, value] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= value.byteLength;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
