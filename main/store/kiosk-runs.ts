import type { Store } from './database.ts';

/**
 * Records that the kiosk has started and returns the run's id, for `recordStop`. `shell` names
 * what started the core (the Electron app or the browser host).
 */
export async function recordStart(store: Store, run: { version: string; shell: string }): Promise<number> {
  const { lastID } = await store.run('INSERT INTO kiosk_runs (started_at, version, shell) VALUES (?, ?, ?)', [
    new Date().toISOString(),
    run.version,
    run.shell,
  ]);
  return lastID;
}

/** Marks a run as cleanly stopped; only a run marked this way does not count as a crash. */
export async function recordStop(store: Store, runId: number): Promise<void> {
  const { changes } = await store.run('UPDATE kiosk_runs SET stopped_at = ? WHERE id = ?', [new Date().toISOString(), runId]);
  if (changes !== 1) throw new Error(`no kiosk run with id ${runId}`);
}

/**
 * Whether the run before `currentRunId` ended without `recordStop` — a crash, a kill or a power
 * cut. Without `currentRunId` it looks at the newest run, so call it before `recordStart` or pass
 * the id it returned. False when there was no earlier run.
 */
export async function lastRunCrashed(store: Store, currentRunId?: number): Promise<boolean> {
  const previous = await store.get<{ stopped_at: string | null }>(
    'SELECT stopped_at FROM kiosk_runs WHERE id < ? ORDER BY id DESC LIMIT 1',
    [currentRunId ?? Number.MAX_SAFE_INTEGER],
  );
  return previous !== undefined && previous.stopped_at === null;
}
