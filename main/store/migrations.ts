/** One step of the schema. `up` is SQL text run in one transaction with its bookkeeping row. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}

/** The kiosk's schema, oldest first. Append only: a released migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'kiosk_runs',
    // One row per start; a row without stopped_at is a run that crashed or lost power.
    up: `CREATE TABLE kiosk_runs (
      id INTEGER PRIMARY KEY,
      started_at TEXT NOT NULL,
      version TEXT NOT NULL,
      shell TEXT NOT NULL,
      stopped_at TEXT
    );`,
  },
  {
    version: 2,
    name: 'content_snapshots',
    // The last content bundle of each kind that passed validation, so a later bad file never
    // takes working guides away.
    up: `CREATE TABLE content_snapshots (
      kind TEXT PRIMARY KEY,
      version TEXT NOT NULL,
      saved_at TEXT NOT NULL,
      body TEXT NOT NULL
    );`,
  },
  {
    version: 3,
    name: 'kiosk_settings',
    up: `CREATE TABLE kiosk_settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );`,
  },
];
