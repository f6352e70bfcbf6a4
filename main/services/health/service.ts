import type { ComponentHealth } from '../../api/contract.ts';
import type { LocalizedText } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';

export type HealthState = ComponentHealth['state'];

/**
 * What staff see about each part of the kiosk. Components report in plain words; a change is
 * pushed to every screen so a fault shows up without anyone refreshing.
 */
export class HealthService {
  readonly #components = new Map<string, ComponentHealth>();

  constructor(private readonly events: EventBus) {}

  report(id: string, state: HealthState, message: LocalizedText): void {
    const previous = this.#components.get(id);
    if (previous && previous.state === state && previous.message.zh === message.zh && previous.message.en === message.en) return;
    const since = previous?.state === state ? previous.since : new Date().toISOString();
    this.#components.set(id, { id, state, message, since });
    this.events.publish('health.changed', this.snapshot());
  }

  snapshot(): { components: ComponentHealth[] } {
    return { components: [...this.#components.values()].sort((a, b) => a.id.localeCompare(b.id)) };
  }
}
