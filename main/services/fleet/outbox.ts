import type { Store, StoreTx } from '../../store/database.ts';

/**
 * The duty-centre outbox: each message is written in the same transaction as the change it
 * carries (an alarm raised, a staff call made), so none is lost to a crash between the two, and
 * stays until the broker has it (DESIGN.md, "Durable first"). The idempotency key lets the duty
 * centre drop a message delivered twice — a broker's at-least-once, or a send cut short by a crash.
 */

const iso = (ms: number): string => new Date(ms).toISOString();

export async function enqueueOutbox(tx: StoreTx, topic: string, idempotencyKey: string, payload: unknown, now: number): Promise<void> {
  await tx.run(
    `INSERT INTO outbox (topic, idempotency_key, payload, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(idempotency_key) DO NOTHING`,
    [topic, idempotencyKey, JSON.stringify(payload), iso(now)],
  );
}

export interface OutboxMessage {
  id: number;
  topic: string;
  key: string;
  payload: string;
}

/** The oldest messages not yet delivered, in the order they were written. */
export function undelivered(store: Store, limit: number): Promise<OutboxMessage[]> {
  return store.all<OutboxMessage>(
    'SELECT id, topic, idempotency_key AS key, payload FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT ?',
    [limit],
  );
}

/** One try at sending a message, and whether the broker took it. */
export async function recordAttempt(store: Store, id: number, delivered: boolean, now: number): Promise<void> {
  if (delivered) await store.run('UPDATE outbox SET attempts = attempts + 1, delivered_at = ? WHERE id = ?', [iso(now), id]);
  else await store.run('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?', [id]);
}

/** How many messages wait for the link. */
export async function waitingCount(store: Store): Promise<number> {
  return (await store.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL'))?.n ?? 0;
}
