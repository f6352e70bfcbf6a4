/**
 * The screen says its microphone runs, yet no frame has come for this long: the audio is not
 * reaching the core — a screen whose audio link another screen took over and then closed, a link
 * that did not reopen, a capture that stalled. Frames come 12 a second, silence included, so
 * staff are told; otherwise voice would look fine to them while a call for help went unheard.
 */
export const NO_AUDIO_MS = 5000;

/** Whether audio keeps arriving while the screen says its microphone runs; told of each change. */
export class AudioWatch {
  readonly #onChange: (silent: boolean) => void;
  #timer: NodeJS.Timeout | undefined;
  #frames = 0;
  #silent = false;

  constructor(onChange: (silent: boolean) => void) {
    this.#onChange = onChange;
  }

  /** No frame came in a whole NO_AUDIO_MS while watching. */
  get silent(): boolean {
    return this.#silent;
  }

  /** Watches from now while `on` (the microphone is said to run); otherwise stops, and nothing counts as silent. */
  watch(on: boolean): void {
    this.stop();
    this.#silent = false;
    this.#frames = 0;
    if (!on) return;
    this.#timer = setInterval(() => {
      if (this.#frames === 0 && !this.#silent) {
        this.#silent = true;
        this.#onChange(true);
      }
      this.#frames = 0;
    }, NO_AUDIO_MS);
    this.#timer.unref?.();
  }

  /** A frame arrived. */
  frame(): void {
    this.#frames++;
    if (!this.#silent) return;
    this.#silent = false;
    this.#onChange(false);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
