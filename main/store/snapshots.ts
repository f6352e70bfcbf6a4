import type { Store } from './database.ts';

export interface Snapshot<T> {
  version: string;
  savedAt: string;
  body: T;
}

/**
 * Keeps `body` (JSON-serialisable) as the last good bundle of its kind, replacing the previous
 * one. Call it only with content that has passed validation.
 */
export async function saveSnapshot(store: Store, kind: string, version: string, body: unknown): Promise<void> {
  const json = JSON.stringify(body);
  if (json === undefined) throw new TypeError(`snapshot "${kind}" has no JSON representation`);
  await store.run(
    `INSERT INTO content_snapshots (kind, version, saved_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT(kind) DO UPDATE SET version = excluded.version, saved_at = excluded.saved_at, body = excluded.body`,
    [kind, version, new Date().toISOString(), json],
  );
}

/**
 * The last bundle saved for `kind`. `T` is what was saved and is not checked again here; callers
 * whose schema may have changed since should validate the body.
 */
export async function loadSnapshot<T>(store: Store, kind: string): Promise<Snapshot<T> | undefined> {
  const row = await store.get<{ version: string; saved_at: string; body: string }>(
    'SELECT version, saved_at, body FROM content_snapshots WHERE kind = ?',
    [kind],
  );
  if (!row) return undefined;
  // A damaged row is as good as none: the caller falls back to what the files still give.
  try {
    return { version: row.version, savedAt: row.saved_at, body: JSON.parse(row.body) as T };
  } catch {
    return undefined;
  }
}
