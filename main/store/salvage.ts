/**
 * What can be saved from a damaged database once a fresh one has replaced it. A power cut on a
 * cheap card is the likeliest cause of damage, and it comes when the kiosk is busiest: an alarm
 * still calling, a help request nobody has answered. Those rows are usually still readable, so
 * whatever is still open is copied into the fresh file, where the services resume it as after any
 * restart. The damaged file is kept as it was found: the copying reads a scratch copy of it.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { Connection } from './connection.ts';

/** One table's rows worth carrying over; `where` is read against the damaged copy, attached as `damaged`. */
export interface SalvageRule {
  readonly table: string;
  readonly where: string;
}

export interface Salvaged {
  /** Rows carried over, per table. */
  readonly carried: Readonly<Record<string, number>>;
  /** Tables that could not be read, with why. */
  readonly lost: Readonly<Record<string, string>>;
}

const COMPANIONS = ['', '-wal'];
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies the rows `rules` pick from `damagedFile` into the connection's database, in the rules'
 * order (parents before children), each table in its own transaction: a table that cannot be read
 * is left out, the rest still come. Columns are matched by name, so a file a migration behind
 * still gives what it has.
 */
export async function salvage(connection: Connection, damagedFile: string, rules: readonly SalvageRule[], log: Logger): Promise<Salvaged> {
  const carried: Record<string, number> = {};
  const lost: Record<string, string> = {};
  if (rules.length === 0) return { carried, lost };
  const scratch = `${damagedFile}.salvage`;
  try {
    for (const suffix of COMPANIONS) if (fs.existsSync(damagedFile + suffix)) fs.copyFileSync(damagedFile + suffix, scratch + suffix);
    await connection.run('ATTACH DATABASE ? AS damaged', [scratch]);
  } catch (error) {
    removeScratch(scratch);
    for (const rule of rules) lost[rule.table] = (error as Error).message;
    log.error({ err: error, damagedFile }, 'could not read the damaged database to carry over what was open');
    return { carried, lost };
  }
  try {
    for (const rule of rules) {
      try {
        carried[rule.table] = await copyTable(connection, rule);
      } catch (error) {
        lost[rule.table] = (error as Error).message;
        log.error({ table: rule.table, reason: (error as Error).message }, 'could not carry over rows from the damaged database');
      }
    }
  } finally {
    await connection.run('DETACH DATABASE damaged').catch(() => undefined);
    removeScratch(scratch);
  }
  log.warn({ carried, lost: Object.keys(lost) }, 'carried over what was open from the damaged database');
  return { carried, lost };
}

async function copyTable(connection: Connection, rule: SalvageRule): Promise<number> {
  const columnsOf = async (schema: string): Promise<string[]> =>
    (await connection.all<{ name: string }>(`PRAGMA ${schema}.table_info(${quote(rule.table)})`)).map((c) => c.name);
  const theirs = new Set(await columnsOf('damaged'));
  if (theirs.size === 0) throw new Error(`no table ${rule.table} in the damaged file`);
  const columns = (await columnsOf('main')).filter((c) => theirs.has(c)).map(quote).join(', ');
  await connection.run('BEGIN IMMEDIATE');
  try {
    const { changes } = await connection.run(
      `INSERT OR IGNORE INTO main.${quote(rule.table)} (${columns}) SELECT ${columns} FROM damaged.${quote(rule.table)} WHERE ${rule.where}`,
    );
    await connection.run('COMMIT');
    return changes;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function removeScratch(scratch: string): void {
  for (const suffix of [...COMPANIONS, '-shm', '-journal']) fs.rmSync(scratch + suffix, { force: true });
}
