/**
 * Turns samples of a dry-contact button's loop into presses and releases. Pure: the caller
 * supplies the samples and their times (ms), so the rules can be tested without a port.
 */

export interface ContactTiming {
  /** A change counts only after the loop has held the new level this long. */
  debounceMs: number;
  /** A press counts only once the button has been held this long (measured from its first stable moment). */
  holdMs: number;
  /** A press longer than this is a line fault when the wiring is normally closed; `undefined` when it cannot be. */
  lineFaultMs: number | undefined;
}

export type ContactEvent = 'press' | 'release';

export class ContactFilter {
  #pressed = false;
  #pressedSince = 0;
  #changingSince: number | undefined;
  #announced = false;

  constructor(private readonly timing: ContactTiming) {
    for (const [name, value] of Object.entries(timing)) {
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be ≥ 0 ms, got ${value}`);
    }
  }

  /** True while a debounced press has lasted longer than the line-fault limit. */
  lineFault(at: number): boolean {
    const limit = this.timing.lineFaultMs;
    return limit !== undefined && this.#pressed && at - this.#pressedSince > limit;
  }

  /** `pressed` is the raw level (wiring already applied); returns what the sample completes. */
  sample(pressed: boolean, at: number): ContactEvent | null {
    if (pressed === this.#pressed) {
      this.#changingSince = undefined;
    } else {
      this.#changingSince ??= at;
      if (at - this.#changingSince >= this.timing.debounceMs) {
        this.#pressed = pressed;
        this.#pressedSince = this.#changingSince;
        this.#changingSince = undefined;
        if (!pressed) {
          const wasAnnounced = this.#announced;
          this.#announced = false;
          return wasAnnounced ? 'release' : null;
        }
      }
    }
    if (this.#pressed && !this.#announced && at - this.#pressedSince >= this.timing.holdMs) {
      this.#announced = true;
      return 'press';
    }
    return null;
  }
}
