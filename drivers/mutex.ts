/** Runs async work one piece at a time, in the order it was asked for. */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work);
    // The next piece waits for this one to settle, whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
