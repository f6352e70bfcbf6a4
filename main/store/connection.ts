import sqlite3 from 'sqlite3';

export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
  changes: number;
  lastID: number;
}

/** One sqlite3 connection with its callback API turned into promises. No locking of its own. */
export class Connection {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, (error) => (error ? reject(error) : resolve(new Connection(db))));
    });
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params, function onRun(error) {
        if (error) reject(error);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get<T | undefined>(sql, params, (error, row) => (error ? reject(error) : resolve(row)));
    });
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all<T>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)));
    });
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.close((error) => (error ? reject(error) : resolve()));
    });
  }
}

/**
 * Runs `work` between BEGIN IMMEDIATE and COMMIT, rolling back if it (or the commit) fails.
 * IMMEDIATE takes the write lock up front, so a transaction never fails half-way with SQLITE_BUSY
 * because another process started writing after it read.
 */
export async function inTransaction<T>(
  connection: Connection,
  work: () => Promise<T>,
  onRollbackFailure: (error: unknown) => void,
): Promise<T> {
  await connection.run('BEGIN IMMEDIATE');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    // SQLite rolls back by itself after some errors (disk full, I/O); then this ROLLBACK fails too.
    await connection.run('ROLLBACK').catch(onRollbackFailure);
    throw error;
  }
}
