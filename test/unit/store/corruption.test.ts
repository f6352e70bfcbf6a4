import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyCompanions, corruptCopyName, IntegrityCheckError, isCorruptionError, moveAside } from '../../../main/store/corruption.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

describe('isCorruptionError', () => {
  it('recognises SQLite corruption codes and messages', () => {
    expect(isCorruptionError(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'))).toBe(true);
    expect(isCorruptionError(sqliteError('SQLITE_NOTADB', 'file is not a database'))).toBe(true);
    expect(isCorruptionError(new Error('database disk image is malformed'))).toBe(true);
    expect(isCorruptionError(new IntegrityCheckError(['Page 3: never used']))).toBe(true);
  });

  it('does not mistake other failures for corruption', () => {
    expect(isCorruptionError(sqliteError('SQLITE_CANTOPEN', 'unable to open database file'))).toBe(false);
    expect(isCorruptionError(sqliteError('SQLITE_BUSY', 'database is locked'))).toBe(false);
    expect(isCorruptionError('file is not a database')).toBe(false);
  });
});

describe('corruptCopyName', () => {
  it('appends the time without colons, which some file systems refuse', () => {
    expect(corruptCopyName('/data/kiosk.db', new Date('2025-03-04T05:06:07.089Z'))).toBe(
      '/data/kiosk.db.corrupt-2025-03-04T05-06-07.089Z',
    );
  });
});

describe('copyCompanions and moveAside', () => {
  it('keep the WAL even if SQLite deletes it in between, and move everything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-corrupt-'));
    dirs.push(dir);
    const file = path.join(dir, 'kiosk.db');
    const movedTo = `${file}.corrupt-x`;
    fs.writeFileSync(file, 'main');
    fs.writeFileSync(`${file}-wal`, 'wal');
    fs.writeFileSync(`${file}-shm`, 'shm');
    fs.writeFileSync(`${file}-journal`, 'journal');

    copyCompanions(file, movedTo);
    fs.rmSync(`${file}-wal`);
    fs.rmSync(`${file}-shm`);
    moveAside(file, movedTo);

    expect(fs.readFileSync(movedTo, 'utf8')).toBe('main');
    expect(fs.readFileSync(`${movedTo}-wal`, 'utf8')).toBe('wal');
    expect(fs.readFileSync(`${movedTo}-shm`, 'utf8')).toBe('shm');
    expect(fs.readFileSync(`${movedTo}-journal`, 'utf8')).toBe('journal');
    expect(fs.readdirSync(dir).filter((name) => !name.includes('corrupt'))).toEqual([]);
  });
});
