import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../api/contract.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

/** The core's push channel: services publish, transports forward to every connected screen. */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open screen (and each test client) subscribes once; a busy hall can have several.
    this.#emitter.setMaxListeners(64);
  }

  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.#emitter.emit('event', name, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
