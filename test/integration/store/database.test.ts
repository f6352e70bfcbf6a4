import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNullLogger } from '../../../main/log/logger.ts';
import { openStore, type Store } from '../../../main/store/database.ts';
import { MIGRATIONS, SALVAGE, type Migration } from '../../../main/store/migrations.ts';
import { capturingLogger, makeTempDir } from './support.ts';

const dirs: string[] = [];
const stores: Store[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const COUNTER: Migration[] = [
  { version: 1, name: 'counter', up: 'CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter (n) VALUES (0);' },
];

function dbFile(): string {
  return path.join(makeTempDir('linli-store-', dirs), 'kiosk.db');
}

async function open(file: string, migrations?: Migration[], log = createNullLogger()): Promise<Store> {
  const store = await openStore({ file, log, ...(migrations ? { migrations } : {}) });
  stores.push(store);
  return store;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function corruptCopies(file: string): string[] {
  const base = path.basename(file);
  return fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(`${base}.corrupt-`));
}

describe('openStore', () => {
  it('creates the parent directory and sets WAL, FULL sync, foreign keys and a busy timeout', async () => {
    const file = path.join(makeTempDir('linli-store-', dirs), 'nested', 'deeper', 'kiosk.db');
    const store = await open(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(store.file).toBe(file);
    expect(await store.get('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await store.get('PRAGMA synchronous')).toEqual({ synchronous: 2 });
    expect(await store.get('PRAGMA foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(await store.get('PRAGMA busy_timeout')).toEqual({ timeout: 5000 });
  });

  it('applies the project migrations once and treats a reopen as a no-op', async () => {
    const file = dbFile();
    const { log, lines } = capturingLogger();
    const first = await openStore({ file, log });
    const applied = await first.all<{ version: number; name: string; applied_at: string }>(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    expect(applied.map((row) => [row.version, row.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    expect(lines.filter((line) => line.msg === 'applied database migration')).toHaveLength(MIGRATIONS.length);
    const tables = await first.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['kiosk_runs', 'content_snapshots', 'kiosk_settings']));
    await first.close();

    lines.length = 0;
    const second = await open(file, undefined, log);
    expect(lines.filter((line) => line.msg === 'applied database migration')).toHaveLength(0);
    expect(await second.all('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).toEqual(applied);
  });

  it('applies only the new migrations when the code has grown', async () => {
    const file = dbFile();
    const v1: Migration = { version: 1, name: 'a', up: 'CREATE TABLE a (x INTEGER);' };
    const v2: Migration = { version: 2, name: 'b', up: 'CREATE TABLE b (y INTEGER);' };
    await (await openStore({ file, log: createNullLogger(), migrations: [v1] })).close();
    const store = await open(file, [v1, v2]);
    expect(await store.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual([{ version: 1 }, { version: 2 }]);
    await expect(store.run('INSERT INTO b (y) VALUES (1)')).resolves.toMatchObject({ changes: 1 });
  });

  it('rejects an out-of-order migration list before touching the file', async () => {
    const file = dbFile();
    const migrations = [MIGRATIONS[1]!, MIGRATIONS[0]!];
    await expect(openStore({ file, log: createNullLogger(), migrations })).rejects.toThrow(/must strictly increase/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a database written by newer code and leaves it untouched', async () => {
    const file = dbFile();
    await (await openStore({ file, log: createNullLogger() })).close();
    const before = fs.readFileSync(file);

    await expect(openStore({ file, log: createNullLogger(), migrations: MIGRATIONS.slice(0, 1) })).rejects.toThrow(
      `is at schema version ${MIGRATIONS.length}, but this build only knows up to version 1`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(corruptCopies(file)).toEqual([]);
  });

  it('refuses a database that skipped a migration the code has', async () => {
    const file = dbFile();
    const v1: Migration = { version: 1, name: 'a', up: 'SELECT 1;' };
    const v3: Migration = { version: 3, name: 'c', up: 'SELECT 1;' };
    await (await openStore({ file, log: createNullLogger(), migrations: [v1, v3] })).close();
    await expect(
      openStore({ file, log: createNullLogger(), migrations: [v1, { version: 2, name: 'b', up: 'SELECT 1;' }, v3] }),
    ).rejects.toThrow('lacks migration v2 (b)');
  });

  it('rolls back a failing migration, records nothing and names it in the error', async () => {
    const file = dbFile();
    const broken: Migration = { version: 1, name: 'broken', up: 'CREATE TABLE half (x INTEGER); INSERT INTO missing VALUES (1);' };
    await expect(openStore({ file, log: createNullLogger(), migrations: [broken] })).rejects.toThrow(
      /migration v1 \(broken\) failed .*no such table: missing/,
    );
    const store = await open(file, []);
    expect(await store.get("SELECT name FROM sqlite_master WHERE name = 'half'")).toBeUndefined();
    expect(await store.all('SELECT version FROM schema_migrations')).toEqual([]);
  });

  it('throws a clear error when the directory cannot be created', async () => {
    const dir = makeTempDir('linli-store-', dirs);
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    await expect(openStore({ file: path.join(dir, 'blocker', 'kiosk.db'), log: createNullLogger() })).rejects.toThrow(
      /cannot create the directory for database .*blocker/,
    );
  });

  it('throws a clear error, without moving anything, when the path is not a database file it can open', async () => {
    const dir = makeTempDir('linli-store-', dirs);
    await expect(openStore({ file: dir, log: createNullLogger() })).rejects.toThrow(/cannot open database/);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });
});

describe('a corrupt database file', () => {
  it('is moved aside with its WAL, logged once, and replaced by a working fresh database', async () => {
    const file = dbFile();
    const garbage = crypto.randomBytes(8192);
    fs.writeFileSync(file, garbage);
    const wal = crypto.randomBytes(1024);
    fs.writeFileSync(`${file}-wal`, wal);
    const { log, lines } = capturingLogger();

    const store = await open(file, undefined, log);

    const [copy, ...others] = corruptCopies(file).filter((name) => !/-(wal|shm)$/.test(name));
    expect(others).toEqual([]);
    expect(copy).toMatch(/^kiosk\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/);
    const movedTo = path.join(path.dirname(file), copy!);
    expect(fs.readFileSync(movedTo).equals(garbage)).toBe(true);
    expect(fs.readFileSync(`${movedTo}-wal`).equals(wal)).toBe(true);

    const errors = lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'database was corrupt; moved aside and started a fresh one', file, movedTo });
    expect(errors[0]?.reason).toMatch(/not a database/);

    await store.run("INSERT INTO kiosk_settings (key, value, updated_at) VALUES ('textSize', 'large', 'now')");
    expect(await store.get('SELECT value FROM kiosk_settings')).toEqual({ value: 'large' });
    expect(await store.get('PRAGMA quick_check')).toEqual({ quick_check: 'ok' });
  });

  it('truncated to half its size is detected, moved aside and replaced, without openStore throwing', async () => {
    const file = dbFile();
    const migrations: Migration[] = [{ version: 1, name: 'rows', up: 'CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL);' }];
    const original = await openStore({ file, log: createNullLogger(), migrations });
    await original.transaction(async (tx) => {
      for (let i = 0; i < 2000; i += 1) await tx.run('INSERT INTO rows (body) VALUES (?)', [`row ${i} ${'x'.repeat(200)}`]);
    });
    await original.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const { log, lines } = capturingLogger();

    const store = await open(file, migrations, log);

    expect(corruptCopies(file).filter((name) => !/-(wal|shm)$/.test(name))).toHaveLength(1);
    expect(lines.filter((line) => line.msg === 'database was corrupt; moved aside and started a fresh one')).toHaveLength(1);
    expect(await store.get('SELECT COUNT(*) AS n FROM rows')).toEqual({ n: 0 });
    await store.run("INSERT INTO rows (body) VALUES ('after')");
    expect(await store.get("SELECT body FROM rows WHERE body = 'after'")).toEqual({ body: 'after' });
  });
});

describe('transactions', () => {
  it('do not interleave: concurrent read-modify-write increments all count', async () => {
    const store = await open(dbFile(), COUNTER);
    const increment = () =>
      store.transaction(async (tx) => {
        const row = await tx.get<{ n: number }>('SELECT n FROM counter');
        await new Promise<void>((resolve) => setImmediate(resolve));
        await tx.run('UPDATE counter SET n = ?', [row!.n + 1]);
      });
    await Promise.all(Array.from({ length: 25 }, increment));
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 25 });
  });

  it('return the body result once committed', async () => {
    const store = await open(dbFile(), COUNTER);
    const result = await store.transaction(async (tx) => (await tx.run('UPDATE counter SET n = 7')).changes);
    expect(result).toBe(1);
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 7 });
  });

  it('roll back when the body throws and rethrow its error', async () => {
    const store = await open(dbFile(), COUNTER);
    const failure = new Error('printer jammed');
    await expect(
      store.transaction(async (tx) => {
        await tx.run('UPDATE counter SET n = 99');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 0 });
    await expect(store.transaction((tx) => tx.run('UPDATE counter SET n = 1'))).resolves.toMatchObject({ changes: 1 });
  });

  it('roll back when a statement fails', async () => {
    const store = await open(dbFile(), COUNTER);
    await expect(
      store.transaction(async (tx) => {
        await tx.run('UPDATE counter SET n = 5');
        await tx.run('INSERT INTO nowhere VALUES (1)');
      }),
    ).rejects.toThrow(/no such table: nowhere/);
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 0 });
  });

  it('make plain calls wait until they finish, so those never see uncommitted work', async () => {
    const store = await open(dbFile(), COUNTER);
    const started = deferred();
    const proceed = deferred();
    const order: string[] = [];
    const transaction = store
      .transaction(async (tx) => {
        await tx.run('UPDATE counter SET n = 1');
        started.resolve();
        await proceed.promise;
        await tx.run('UPDATE counter SET n = 2');
      })
      .then(() => order.push('committed'));
    await started.promise;
    const read = store.get<{ n: number }>('SELECT n FROM counter').then((row) => {
      order.push('read');
      return row;
    });
    const write = store.run('UPDATE counter SET n = n + 10').then(() => order.push('wrote'));
    proceed.resolve();
    await Promise.all([transaction, write]);
    expect(await read).toEqual({ n: 2 });
    expect(order).toEqual(['committed', 'read', 'wrote']);
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 12 });
  });

  it('refuse the store being used from inside its own transaction instead of deadlocking', async () => {
    const store = await open(dbFile(), COUNTER);
    await expect(store.transaction(() => store.get('SELECT n FROM counter'))).rejects.toThrow(/use the tx passed to the body/);
    await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(/use the tx passed to the body/);
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 0 });
  });

  it('refuse a tx used after its transaction ended', async () => {
    const store = await open(dbFile(), COUNTER);
    const leaked = await store.transaction(async (tx) => tx);
    await expect(leaked.run('UPDATE counter SET n = 3')).rejects.toThrow(/already ended/);
    expect(await store.get('SELECT n FROM counter')).toEqual({ n: 0 });
  });
});

describe('close', () => {
  it('lets queued work finish, then refuses new work', async () => {
    const file = dbFile();
    const store = await openStore({ file, log: createNullLogger(), migrations: COUNTER });
    const pending = store.transaction((tx) => tx.run('UPDATE counter SET n = 4'));
    const closing = store.close();
    await expect(pending).resolves.toMatchObject({ changes: 1 });
    await closing;
    await expect(store.get('SELECT 1')).rejects.toThrow(/is closed/);
    await expect(store.close()).resolves.toBeUndefined();
    const reopened = await open(file, COUNTER);
    expect(await reopened.get('SELECT n FROM counter')).toEqual({ n: 4 });
  });
});

describe('what was open in a damaged database', () => {
  /** Overwrites the first page of `index` with garbage: quick_check fails, the tables still read. */
  async function damageIndex(file: string, index: string): Promise<void> {
    const store = await openStore({ file, log: createNullLogger(), migrations: MIGRATIONS });
    const { rootpage } = (await store.get<{ rootpage: number }>('SELECT rootpage FROM sqlite_master WHERE name = ?', [index]))!;
    const { page_size: pageSize } = (await store.get<{ page_size: number }>('PRAGMA page_size'))!;
    await store.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
    fs.closeSync(fd);
  }

  it('is carried over into the fresh file: open alarms with their timelines, waiting help requests, undelivered messages', async () => {
    const file = dbFile();
    const before = await openStore({ file, log: createNullLogger(), migrations: MIGRATIONS });
    const alarm = (id: string, phase: string): unknown[] => [id, 'k1', 'button', '2026-11-23T09:00:00.000Z', phase, '{}', '2026-11-23T09:00:00.000Z'];
    await before.transaction(async (tx) => {
      const insert = 'INSERT INTO alarms (id, kiosk_id, source, raised_at, phase, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
      await tx.run(insert, alarm('open-one', 'calling'));
      await tx.run(insert, alarm('closed-one', 'closed'));
      for (const id of ['open-one', 'open-one', 'closed-one']) {
        await tx.run("INSERT INTO alarm_events (alarm_id, at, kind, detail) VALUES (?, 'now', 'raised', '{}')", [id]);
      }
      await tx.run("INSERT INTO help_requests (id, kiosk_id, source, raised_at) VALUES ('waiting', 'k1', 'screen', 'now')");
      await tx.run("INSERT INTO help_requests (id, kiosk_id, source, raised_at, handled_at) VALUES ('done', 'k1', 'screen', 'now', 'now')");
      await tx.run("INSERT INTO outbox (topic, idempotency_key, payload, created_at) VALUES ('t', 'unsent', '{}', 'now')");
      await tx.run("INSERT INTO outbox (topic, idempotency_key, payload, created_at, delivered_at) VALUES ('t', 'sent', '{}', 'now', 'now')");
    });
    await before.close();
    await damageIndex(file, 'alarms_by_phase');
    const { log, lines } = capturingLogger();

    const store = await openStore({ file, log, migrations: MIGRATIONS, salvage: SALVAGE });
    stores.push(store);

    expect(store.setAside).toMatchObject({ carried: { alarms: 1, alarm_events: 2, help_requests: 1, outbox: 1 }, lost: {} });
    expect(await store.all('SELECT id, phase FROM alarms')).toEqual([{ id: 'open-one', phase: 'calling' }]);
    expect(await store.all('SELECT id FROM help_requests')).toEqual([{ id: 'waiting' }]);
    expect(await store.all('SELECT idempotency_key FROM outbox')).toEqual([{ idempotency_key: 'unsent' }]);
    expect(await store.get('PRAGMA quick_check')).toEqual({ quick_check: 'ok' });
    // The damaged file is kept as it was found, with no scratch copy left beside it.
    expect(corruptCopies(file).filter((name) => name.includes('salvage'))).toEqual([]);
    expect(lines.some((line) => line.msg === 'carried over what was open from the damaged database')).toBe(true);
  });

  it('that cannot be read is named as lost, and the fresh file still works', async () => {
    const file = dbFile();
    fs.writeFileSync(file, crypto.randomBytes(8192));
    const store = await openStore({ file, log: createNullLogger(), migrations: MIGRATIONS, salvage: SALVAGE });
    stores.push(store);
    expect(Object.keys(store.setAside!.lost)).toEqual(SALVAGE.map((rule) => rule.table));
    expect(store.setAside!.carried).toEqual({});
    await store.run("INSERT INTO help_requests (id, kiosk_id, source, raised_at) VALUES ('after', 'k1', 'screen', 'now')");
  });
});
