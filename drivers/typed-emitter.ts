import { EventEmitter } from 'node:events';

/** Told when a listener throws; the listeners after it still run. */
export type ListenerErrorHandler = (event: string, error: unknown) => void;

/** An EventEmitter whose event names and listener arguments are checked by the compiler. */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
  readonly #emitter = new EventEmitter();
  readonly #onListenerError: ListenerErrorHandler | undefined;

  /**
   * Devices pass `onListenerError`: they emit from serial data handlers, polls and timers, where
   * a listener's exception would become an uncaught exception (or an unhandled rejection) in the
   * middle of an alarm. Without it a listener's exception reaches whoever emitted, which is what
   * simulators and tests want.
   */
  constructor(onListenerError?: ListenerErrorHandler) {
    this.#onListenerError = onListenerError;
  }

  on<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): () => void {
    const guarded = this.#guard(event, listener);
    this.#emitter.on(event, guarded);
    return () => this.#emitter.off(event, guarded);
  }

  once<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): void {
    this.#emitter.once(event, this.#guard(event, listener));
  }

  protected emit<E extends keyof Events & string>(event: E, ...args: Events[E]): void {
    this.#emitter.emit(event, ...args);
  }

  #guard<E extends keyof Events & string>(event: E, listener: (...args: Events[E]) => void): (...args: unknown[]) => void {
    const report = this.#onListenerError;
    if (report === undefined) return listener as (...args: unknown[]) => void;
    return (...args) => {
      try {
        listener(...(args as Events[E]));
      } catch (error) {
        report(event, error);
      }
    };
  }
}
