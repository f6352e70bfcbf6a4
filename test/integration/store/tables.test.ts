import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNullLogger } from '../../../main/log/logger.ts';
import { openStore, type Store } from '../../../main/store/database.ts';
import { lastRunCrashed, recordStart, recordStop } from '../../../main/store/kiosk-runs.ts';
import { allSettings, getSetting, setSetting } from '../../../main/store/settings.ts';
import { loadSnapshot, saveSnapshot } from '../../../main/store/snapshots.ts';
import { makeTempDir } from './support.ts';

const dirs: string[] = [];
let file: string;
let store: Store;

beforeEach(async () => {
  file = path.join(makeTempDir('linli-tables-', dirs), 'kiosk.db');
  store = await openStore({ file, log: createNullLogger() });
});

afterEach(async () => {
  await store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function reopen(): Promise<void> {
  await store.close();
  store = await openStore({ file, log: createNullLogger() });
}

describe('kiosk runs', () => {
  it('reports no crash on the very first start', async () => {
    expect(await lastRunCrashed(store)).toBe(false);
    const id = await recordStart(store, { version: '0.1.0', shell: 'electron' });
    expect(await lastRunCrashed(store, id)).toBe(false);
  });

  it('reports a crash when the previous run never recorded its stop', async () => {
    await recordStart(store, { version: '0.1.0', shell: 'electron' });
    await reopen();
    expect(await lastRunCrashed(store)).toBe(true);
    const id = await recordStart(store, { version: '0.1.0', shell: 'electron' });
    expect(await lastRunCrashed(store, id)).toBe(true);
  });

  it('reports no crash after a clean stop, and keeps what each run was', async () => {
    const first = await recordStart(store, { version: '0.1.0', shell: 'host' });
    await recordStop(store, first);
    await reopen();
    const second = await recordStart(store, { version: '0.2.0', shell: 'electron' });
    expect(second).toBeGreaterThan(first);
    expect(await lastRunCrashed(store, second)).toBe(false);
    const rows = await store.all<{ version: string; shell: string; stopped_at: string | null }>(
      'SELECT version, shell, stopped_at FROM kiosk_runs ORDER BY id',
    );
    expect(rows.map((row) => [row.version, row.shell, row.stopped_at === null])).toEqual([
      ['0.1.0', 'host', false],
      ['0.2.0', 'electron', true],
    ]);
  });

  it('refuses to stop a run that does not exist', async () => {
    await expect(recordStop(store, 42)).rejects.toThrow('no kiosk run with id 42');
  });
});

describe('content snapshots', () => {
  it('returns undefined for a kind never saved', async () => {
    expect(await loadSnapshot(store, 'guides')).toBeUndefined();
  });

  it('round-trips the body and replaces the previous snapshot of the same kind', async () => {
    await saveSnapshot(store, 'guides', 'v1', { guides: [{ id: 'yibao', title: '医保报销' }] });
    await saveSnapshot(store, 'notices', 'n1', ['停水通知']);
    await saveSnapshot(store, 'guides', 'v2', { guides: [] });
    await reopen();
    const guides = await loadSnapshot<{ guides: unknown[] }>(store, 'guides');
    expect(guides).toMatchObject({ version: 'v2', body: { guides: [] } });
    expect(Number.isNaN(Date.parse(guides!.savedAt))).toBe(false);
    expect(await loadSnapshot(store, 'notices')).toMatchObject({ version: 'n1', body: ['停水通知'] });
  });

  it('refuses a body that has no JSON form', async () => {
    await expect(saveSnapshot(store, 'guides', 'v1', undefined)).rejects.toThrow(/no JSON representation/);
    expect(await loadSnapshot(store, 'guides')).toBeUndefined();
  });
});

describe('kiosk settings', () => {
  it('stores, overwrites and lists settings', async () => {
    expect(await getSetting(store, 'textSize')).toBeUndefined();
    await setSetting(store, 'textSize', 'large');
    await setSetting(store, 'contrast', 'high');
    await setSetting(store, 'textSize', 'x-large');
    await reopen();
    expect(await getSetting(store, 'textSize')).toBe('x-large');
    expect(await allSettings(store)).toEqual({ contrast: 'high', textSize: 'x-large' });
  });
});
