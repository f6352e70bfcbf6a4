import type { Store } from './database.ts';

/** Per-kiosk settings changed on site (text size, contrast, …), kept as text. */

export async function getSetting(store: Store, key: string): Promise<string | undefined> {
  const row = await store.get<{ value: string }>('SELECT value FROM kiosk_settings WHERE key = ?', [key]);
  return row?.value;
}

export async function setSetting(store: Store, key: string, value: string): Promise<void> {
  await store.run(
    `INSERT INTO kiosk_settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    [key, value, new Date().toISOString()],
  );
}

export async function allSettings(store: Store): Promise<Record<string, string>> {
  const rows = await store.all<{ key: string; value: string }>('SELECT key, value FROM kiosk_settings ORDER BY key');
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}
