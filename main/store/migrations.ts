import type { SalvageRule } from './salvage.ts';

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
  {
    version: 4,
    name: 'alarms',
    // An alarm is committed before anything acts on it; its whole machine state is kept so a
    // restart resumes it where it stood. Events are append-only: the alarm's timeline.
    // The outbox row for the duty centre goes in the same transaction as the change it carries.
    up: `CREATE TABLE alarms (
      id TEXT PRIMARY KEY,
      kiosk_id TEXT NOT NULL,
      source TEXT NOT NULL,
      raised_at TEXT NOT NULL,
      resident_key TEXT,
      phase TEXT NOT NULL,
      outcome TEXT,
      state TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX alarms_by_phase ON alarms(phase);
    CREATE TABLE alarm_events (
      id INTEGER PRIMARY KEY,
      alarm_id TEXT NOT NULL REFERENCES alarms(id),
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      detail TEXT NOT NULL
    );
    CREATE INDEX alarm_events_by_alarm ON alarm_events(alarm_id, id);
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      topic TEXT NOT NULL,
      idempotency_key TEXT NOT NULL UNIQUE,
      payload TEXT NOT NULL,
      created_at TEXT NOT NULL,
      delivered_at TEXT,
      attempts INTEGER NOT NULL DEFAULT 0
    );`,
  },
  {
    version: 5,
    name: 'resident_visits',
    // A resident is only ever their key, HMAC-SHA256(site secret, ID number): no number, name,
    // address or photo is stored (DESIGN.md, "Identity and privacy").
    up: `CREATE TABLE resident_visits (
      id INTEGER PRIMARY KEY,
      resident_key TEXT NOT NULL,
      at TEXT NOT NULL
    );
    CREATE INDEX resident_visits_by_key ON resident_visits(resident_key, at);`,
  },
  {
    version: 6,
    name: 'assist',
    // 呼叫工作人员 and 取号 (voice or touch). A ticket number is unique per kiosk and day, so two
    // people never hold the same number even across a restart.
    up: `CREATE TABLE help_requests (
      id TEXT PRIMARY KEY,
      kiosk_id TEXT NOT NULL,
      source TEXT NOT NULL,
      raised_at TEXT NOT NULL,
      handled_at TEXT,
      handled_by TEXT
    );
    CREATE TABLE queue_tickets (
      day TEXT NOT NULL,
      number INTEGER NOT NULL,
      taken_at TEXT NOT NULL,
      PRIMARY KEY (day, number)
    );`,
  },
];

/**
 * What is carried over from a damaged database into the fresh one (salvage.ts): whatever is still
 * open — alarms and their timelines, unanswered help requests, messages not yet delivered — and
 * the latest day's queue tickets, so no number is handed out twice.
 */
export const SALVAGE: readonly SalvageRule[] = [
  { table: 'alarms', where: "phase <> 'closed'" },
  { table: 'alarm_events', where: "alarm_id IN (SELECT id FROM damaged.alarms WHERE phase <> 'closed')" },
  { table: 'help_requests', where: 'handled_at IS NULL' },
  { table: 'outbox', where: 'delivered_at IS NULL' },
  { table: 'queue_tickets', where: 'day = (SELECT MAX(day) FROM damaged.queue_tickets)' },
];
