import type { Logger } from 'pino';
import { inTransaction, type Connection } from './connection.ts';
import type { Migration } from './migrations.ts';

/** Thrown before the database file is touched when the code's migration list is malformed. */
export function checkMigrationOrder(migrations: readonly Migration[]): void {
  let previous: Migration | undefined;
  for (const migration of migrations) {
    if (!Number.isSafeInteger(migration.version) || migration.version < 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}; versions are whole numbers from 1`);
    }
    if (previous && migration.version <= previous.version) {
      throw new Error(
        `migration versions must strictly increase: v${migration.version} (${migration.name}) comes after v${previous.version} (${previous.name})`,
      );
    }
    previous = migration;
  }
}

export async function readAppliedVersions(connection: Connection): Promise<number[]> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const rows = await connection.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

/**
 * Applies the migrations the database has not seen, each in its own transaction. Refuses a
 * database written by newer code, or one that skipped a version, rather than guess.
 */
export async function applyMigrations(opts: {
  connection: Connection;
  file: string;
  migrations: readonly Migration[];
  applied: readonly number[];
  log: Logger;
}): Promise<void> {
  const { connection, file, migrations, applied, log } = opts;
  const newestApplied = applied.at(-1) ?? 0;
  const newestKnown = migrations.at(-1)?.version ?? 0;
  if (newestApplied > newestKnown) {
    throw new Error(
      `database ${file} is at schema version ${newestApplied}, but this build only knows up to version ${newestKnown}; ` +
        'it was written by a newer Linli, so it is left untouched',
    );
  }
  const done = new Set(applied);
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    if (migration.version < newestApplied) {
      throw new Error(
        `database ${file} has schema version ${newestApplied} but lacks migration v${migration.version} (${migration.name})`,
      );
    }
    try {
      await inTransaction(
        connection,
        async () => {
          await connection.exec(migration.up);
          await connection.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
            migration.version,
            migration.name,
            new Date().toISOString(),
          ]);
        },
        (error) => log.warn({ err: error, version: migration.version }, 'rollback of a failed migration failed'),
      );
    } catch (error) {
      throw new Error(`migration v${migration.version} (${migration.name}) failed on ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    log.info({ file, version: migration.version, name: migration.name }, 'applied database migration');
  }
}
