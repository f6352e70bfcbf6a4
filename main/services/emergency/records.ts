import type { Store, StoreTx } from '../../store/database.ts';
import type { Alarm } from './machine.ts';

/** How alarms and their timelines live in SQLite (migration 4; the outbox beside them is fleet/outbox.ts). */

export interface AlarmRow {
  alarm: Alarm;
  kioskId: string;
  residentKey: string | null;
}

export interface AlarmEventRow {
  at: string;
  kind: string;
  detail: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export async function insertAlarm(tx: StoreTx, alarm: Alarm, kioskId: string, residentKey: string | undefined, now: number): Promise<void> {
  await tx.run(
    `INSERT INTO alarms (id, kiosk_id, source, raised_at, resident_key, phase, outcome, state, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    [alarm.id, kioskId, alarm.source, iso(alarm.raisedAt), residentKey ?? null, alarm.phase.name, JSON.stringify(alarm), iso(now)],
  );
}

export async function updateAlarm(tx: StoreTx, alarm: Alarm, now: number): Promise<void> {
  const outcome = alarm.phase.name === 'closed' ? alarm.phase.outcome : null;
  await tx.run(`UPDATE alarms SET phase = ?, outcome = ?, state = ?, updated_at = ? WHERE id = ?`, [
    alarm.phase.name,
    outcome,
    JSON.stringify(alarm),
    iso(now),
    alarm.id,
  ]);
}

export async function appendEvent(tx: StoreTx, alarmId: string, now: number, kind: string, detail: unknown = {}): Promise<void> {
  await tx.run(`INSERT INTO alarm_events (alarm_id, at, kind, detail) VALUES (?, ?, ?, ?)`, [alarmId, iso(now), kind, JSON.stringify(detail)]);
}

interface RawAlarm {
  state: string;
  kiosk_id: string;
  resident_key: string | null;
}

const toRow = (r: RawAlarm): AlarmRow => ({ alarm: JSON.parse(r.state) as Alarm, kioskId: r.kiosk_id, residentKey: r.resident_key });

export async function loadOpenAlarms(store: Store): Promise<AlarmRow[]> {
  const rows = await store.all<RawAlarm>(`SELECT state, kiosk_id, resident_key FROM alarms WHERE phase <> 'closed' ORDER BY raised_at`);
  return rows.map(toRow);
}

export async function recentAlarms(store: Store, limit: number): Promise<AlarmRow[]> {
  const rows = await store.all<RawAlarm>(
    `SELECT state, kiosk_id, resident_key FROM alarms ORDER BY (phase = 'closed'), raised_at DESC LIMIT ?`,
    [limit],
  );
  return rows.map(toRow);
}

export async function alarmTimeline(store: Store, alarmId: string): Promise<AlarmEventRow[]> {
  return store.all<AlarmEventRow>(`SELECT at, kind, detail FROM alarm_events WHERE alarm_id = ? ORDER BY id`, [alarmId]);
}
