import { salvage, type Salvaged, type SalvageRule } from './salvage.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { Connection, inTransaction, type RunResult, type SqlParams } from './connection.ts';
import { copyCompanions, corruptCopyName, IntegrityCheckError, isCorruptionError, moveAside } from './corruption.ts';
import { applyMigrations, checkMigrationOrder, readAppliedVersions } from './migrate.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { Mutex } from '../../drivers/mutex.ts';

export type { RunResult, SqlParams } from './connection.ts';

/** What a transaction body may do. It is only valid until the body's promise settles. */
export interface StoreTx {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
}

/**
 * The kiosk's SQLite database: one connection, so every call is queued behind any transaction
 * in progress and never lands inside it. Inside a transaction body use the `tx` it is given;
 * calling the store there throws, because waiting for the store would wait for itself.
 */
export interface Store extends StoreTx {
  readonly file: string;
  /**
   * Where a corrupt database found at opening was moved before a fresh one was started, and what
   * of it was carried over; undefined if none was.
   */
  readonly setAside: SetAside | undefined;
  exec(sql: string): Promise<void>;
  transaction<T>(body: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SetAside extends Salvaged {
  readonly file: string;
}

export interface OpenStoreOptions {
  file: string;
  log: Logger;
  migrations?: readonly Migration[];
  /** What to carry over from a damaged file into the fresh one that replaces it; nothing by default. */
  salvage?: readonly SalvageRule[];
}

/**
 * Opens (creating if needed) the database, checks it, and brings its schema up to date. A file
 * SQLite reports as corrupt is moved aside and replaced by a fresh database, because a kiosk
 * that cannot start cannot call for help; the damaged file is kept for examination.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const migrations = opts.migrations ?? MIGRATIONS;
  checkMigrationOrder(migrations);
  const file = path.resolve(opts.file);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new Error(`cannot create the directory for database ${file}: ${(error as Error).message}`, { cause: error });
  }

  const movedTo = corruptCopyName(file, new Date());
  let opened: { connection: Connection; applied: number[] };
  let setAside: string | undefined;
  try {
    opened = await openChecked(file, movedTo);
  } catch (error) {
    if (!isCorruptionError(error)) throw cannotOpen(file, error);
    try {
      moveAside(file, movedTo);
    } catch (moveError) {
      throw new Error(`database ${file} is corrupt and could not be moved aside: ${(moveError as Error).message}`, {
        cause: error,
      });
    }
    opts.log.error({ file, movedTo, reason: (error as Error).message }, 'database was corrupt; moved aside and started a fresh one');
    setAside = movedTo;
    try {
      opened = await openChecked(file);
    } catch (retryError) {
      throw cannotOpen(file, retryError);
    }
  }

  const { connection, applied } = opened;
  try {
    await applyMigrations({ connection, file, migrations, applied, log: opts.log });
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  const salvaged = setAside ? await salvage(connection, setAside, opts.salvage ?? [], opts.log) : undefined;
  return new SqliteStore(connection, file, setAside && salvaged ? { file: setAside, ...salvaged } : undefined, opts.log);
}

function cannotOpen(file: string, error: unknown): Error {
  return new Error(`cannot open database ${file}: ${(error as Error).message}`, { cause: error });
}

/**
 * Opens the file and runs every step whose failure can mean the file is damaged. When it is
 * damaged and `preserveTo` is given, the companions are saved there before the connection closes.
 */
async function openChecked(file: string, preserveTo?: string): Promise<{ connection: Connection; applied: number[] }> {
  const connection = await Connection.open(file);
  try {
    await connection.run('PRAGMA busy_timeout=5000');
    const journal = await connection.get<{ journal_mode: string }>('PRAGMA journal_mode=WAL');
    if (journal?.journal_mode !== 'wal') {
      throw new Error(`could not switch to WAL journaling (journal_mode is ${journal?.journal_mode ?? 'unknown'})`);
    }
    // Under WAL, NORMAL only syncs at checkpoints: a power cut could lose an alarm already committed.
    await connection.run('PRAGMA synchronous=FULL');
    await connection.run('PRAGMA foreign_keys=ON');
    const check = await connection.all<{ quick_check: string }>('PRAGMA quick_check');
    const findings = check.map((row) => row.quick_check);
    if (findings.length !== 1 || findings[0] !== 'ok') throw new IntegrityCheckError(findings);
    return { connection, applied: await readAppliedVersions(connection) };
  } catch (error) {
    if (preserveTo && isCorruptionError(error)) copyCompanions(file, preserveTo);
    await connection.close().catch(() => undefined);
    throw error;
  }
}

class Transaction implements StoreTx {
  #active = true;

  constructor(private readonly connection: Connection) {}

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.#whileActive(() => this.connection.run(sql, params));
  }

  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#whileActive(() => this.connection.get<T>(sql, params));
  }

  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#whileActive(() => this.connection.all<T>(sql, params));
  }

  get active(): boolean {
    return this.#active;
  }

  end(): void {
    this.#active = false;
  }

  #whileActive<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#active) return Promise.reject(new Error('this transaction has already ended; its tx can no longer be used'));
    return work();
  }
}

class SqliteStore implements Store {
  readonly #mutex = new Mutex();
  readonly #current = new AsyncLocalStorage<Transaction>();
  #closing: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    readonly file: string,
    readonly setAside: SetAside | undefined,
    private readonly log: Logger,
  ) {}

  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.#exclusive(() => this.connection.run(sql, params));
  }

  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.#exclusive(() => this.connection.get<T>(sql, params));
  }

  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.#exclusive(() => this.connection.all<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.#exclusive(() => this.connection.exec(sql));
  }

  transaction<T>(body: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#exclusive(() => {
      const tx = new Transaction(this.connection);
      return inTransaction(
        this.connection,
        () => this.#current.run(tx, () => body(tx)),
        (error) => this.log.warn({ err: error, file: this.file }, 'rollback after a failed transaction failed'),
      ).finally(() => tx.end());
    });
  }

  /** Lets queued work finish, then closes. Work asked for after this call is refused. */
  close(): Promise<void> {
    this.#closing ??= this.#mutex.runExclusive(() => this.connection.close());
    return this.#closing;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.#current.getStore()?.active) {
      return Promise.reject(new Error('the store was used inside one of its own transactions; use the tx passed to the body'));
    }
    if (this.#closing) return Promise.reject(new Error(`store ${this.file} is closed`));
    return this.#mutex.runExclusive(work);
  }
}
