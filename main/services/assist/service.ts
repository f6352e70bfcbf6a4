/**
 * The two things a resident can ask of the hall besides an alarm: 呼叫工作人员 (someone comes to
 * the kiosk) and 取号 (a queue number for the counter). Both are committed before the screen
 * says they happened, and a staff call also goes to the duty-centre outbox with the alarms.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { enqueueOutbox } from '../fleet/outbox.ts';
import { localDate } from '../identity/view.ts';

export type AssistSource = 'voice' | 'screen';

export interface HelpRequestView {
  id: string;
  source: AssistSource;
  raisedAt: string;
}

export interface AssistOptions {
  store: Store;
  events: EventBus;
  log: Logger;
  kioskId: string;
  topicPrefix: string;
  now?: () => number;
}

/**
 * A call waiting longer than this is not taken as the same one: staff who walked over without
 * marking it done must not make every later call look answered while nobody is told.
 */
export const SAME_CALL_MS = 10 * 60_000;

export class AssistService {
  readonly #o: AssistOptions;
  readonly #now: () => number;

  constructor(options: AssistOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Calls staff to the kiosk; a call made in the last few minutes and still waiting is not repeated. */
  async callStaff(source: AssistSource): Promise<{ requestId: string; created: boolean }> {
    const id = randomUUID();
    const now = this.#now();
    const raisedAt = new Date(now).toISOString();
    // The check shares the insert's transaction: a call by voice and one by touch at the same
    // moment would otherwise both find none waiting and both reach the duty centre.
    const call = await this.#o.store.transaction(async (tx) => {
      const waiting = await tx.get<{ id: string }>(
        'SELECT id FROM help_requests WHERE handled_at IS NULL AND raised_at > ? ORDER BY raised_at DESC LIMIT 1',
        [new Date(now - SAME_CALL_MS).toISOString()],
      );
      if (waiting) return { requestId: waiting.id, created: false };
      await tx.run('INSERT INTO help_requests (id, kiosk_id, source, raised_at) VALUES (?, ?, ?, ?)', [id, this.#o.kioskId, source, raisedAt]);
      await enqueueOutbox(tx, `${this.#o.topicPrefix}/${this.#o.kioskId}/help`, `help:${id}`, { id, kioskId: this.#o.kioskId, source, raisedAt }, now);
      return { requestId: id, created: true };
    });
    if (!call.created) return call;
    this.#o.log.info({ requestId: id, source }, 'staff called to the kiosk');
    await this.#publish();
    return call;
  }

  async openRequests(): Promise<HelpRequestView[]> {
    return this.#o.store.all<HelpRequestView>(
      'SELECT id, source, raised_at AS raisedAt FROM help_requests WHERE handled_at IS NULL ORDER BY raised_at',
    );
  }

  /** Marks a call done; the duty centre hears of it with the change, as it heard of the call. */
  async handle(id: string, by: string): Promise<boolean> {
    const now = this.#now();
    const handledAt = new Date(now).toISOString();
    const changed = await this.#o.store.transaction(async (tx) => {
      const { changes } = await tx.run('UPDATE help_requests SET handled_at = ?, handled_by = ? WHERE id = ? AND handled_at IS NULL', [
        handledAt,
        by,
        id,
      ]);
      if (changes === 0) return false;
      await enqueueOutbox(tx, `${this.#o.topicPrefix}/${this.#o.kioskId}/help/handled`, `help:${id}:handled`, { id, kioskId: this.#o.kioskId, handledAt }, now);
      return true;
    });
    if (changed) await this.#publish();
    return changed;
  }

  /** The next number for today: 1, 2, 3… from midnight, kiosk local time. */
  async takeTicket(): Promise<{ number: number; day: string }> {
    const now = this.#now();
    const day = localDate(new Date(now));
    const number = await this.#o.store.transaction(async (tx) => {
      const row = await tx.get<{ last: number | null }>('SELECT MAX(number) AS last FROM queue_tickets WHERE day = ?', [day]);
      const next = (row?.last ?? 0) + 1;
      await tx.run('INSERT INTO queue_tickets (day, number, taken_at) VALUES (?, ?, ?)', [day, next, new Date(now).toISOString()]);
      return next;
    });
    this.#o.log.info({ day, number }, 'queue ticket taken');
    return { number, day };
  }

  async #publish(): Promise<void> {
    this.#o.events.publish('assist.requests', { open: await this.openRequests() });
  }
}
