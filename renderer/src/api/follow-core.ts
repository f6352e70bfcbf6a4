import type { KioskClient } from './client.ts';

/** Something the core owns that a screen keeps a copy of. */
export interface Followed<T> {
  /** Asks the core for the whole of it. */
  ask(): Promise<T>;
  /**
   * The core's answer. `overtaken` when an event that replaces it came after the asking: the
   * answer may then be older than what the event showed, and only what the event does not carry
   * should be taken from it.
   */
  answer(value: T, overtaken: boolean): void;
  /**
   * Subscribes to the events that keep the copy current. A handler calls `changed()` when its
   * event replaces what an answer would give, or `askAgain()` when it only says to look again.
   */
  events(changed: () => void, askAgain: () => void): (() => void)[];
}

/**
 * Keeps a screen's copy of something the core owns: asked for each time the link comes up (at
 * once when it is up already) — events sent while it was down reached no one, and a restarted
 * core has forgotten what its events showed — and kept current by its events between. Returns
 * the unsubscribe; no answer is taken after it.
 */
export function followCore<T>(client: Pick<KioskClient, 'onConnection'>, followed: Followed<T>): () => void {
  let live = true;
  let changes = 0;
  let asks = 0;
  // Answers can come back out of order; one older than an answer already taken is dropped.
  let newestTaken = 0;
  const ask = (): void => {
    const asked = changes;
    const n = ++asks;
    followed.ask().then(
      (value) => {
        if (!live || n < newestTaken) return;
        newestTaken = n;
        followed.answer(value, changes !== asked);
      },
      () => undefined,
    );
  };
  const offs = followed.events(() => void changes++, ask);
  offs.push(client.onConnection((up) => up && ask()));
  return () => {
    live = false;
    for (const off of offs) off();
  };
}
