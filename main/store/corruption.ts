import fs from 'node:fs';

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);
const CORRUPTION_MESSAGE = /file is not a database|database disk image is malformed/i;

/** `PRAGMA quick_check` found damage that did not make SQLite itself fail. */
export class IntegrityCheckError extends Error {
  constructor(readonly findings: readonly string[]) {
    super(`integrity check failed: ${findings.slice(0, 5).join('; ')}`);
    this.name = 'IntegrityCheckError';
  }
}

export function isCorruptionError(error: unknown): boolean {
  if (error instanceof IntegrityCheckError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && CORRUPTION_CODES.has(code)) || CORRUPTION_MESSAGE.test(error.message);
}

/** Where a corrupt database found at `now` is kept: `<file>.corrupt-<ISO time, ':' as '-'>`. */
export function corruptCopyName(file: string, now: Date): string {
  return `${file}.corrupt-${now.toISOString().replace(/:/g, '-')}`;
}

/**
 * Copies the WAL and shared-memory files to `movedTo`'s companions while the connection is still
 * open: closing the last connection makes SQLite delete them, and the WAL may hold the newest
 * committed work.
 */
export function copyCompanions(file: string, movedTo: string): void {
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, movedTo + suffix);
  }
}

/**
 * Renames the database and whatever companions remain to `movedTo`. The companions go first: a
 * WAL or journal left beside a fresh database would be replayed into it.
 */
export function moveAside(file: string, movedTo: string): void {
  for (const suffix of ['-wal', '-shm', '-journal', '']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedTo + suffix);
  }
}
