import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createNullLogger } from '../../../main/log/logger.ts';
import { openStore } from '../../../main/store/database.ts';
import { COMMITS } from './fixtures/commits-schema.ts';
import { makeTempDir } from './support.ts';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/commit-loop.ts', import.meta.url));
const KILL_AFTER = 200;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the commit loop until it has reported `count` commits, then SIGKILLs it. */
function commitThenKill(file: string, count: number): Promise<{ printed: number[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, file], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const printed: number[] = [];
    let partial = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.stdout.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) printed.push(Number(line));
      if (printed.length >= count) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ printed, signal, stderr }));
  });
}

describe('store durability', () => {
  it('keeps every commit a process reported before it was killed with SIGKILL', async () => {
    const file = path.join(makeTempDir('linli-durable-', dirs), 'kiosk.db');

    const { printed, signal, stderr } = await commitThenKill(file, KILL_AFTER);

    expect(signal, stderr).toBe('SIGKILL');
    expect(printed.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(printed.every(Number.isSafeInteger)).toBe(true);

    const store = await openStore({ file, log: createNullLogger(), migrations: COMMITS });
    try {
      const rows = await store.all<{ id: number }>('SELECT id FROM commits');
      const present = new Set(rows.map((row) => row.id));
      expect(printed.filter((id) => !present.has(id))).toEqual([]);
      expect(await store.get('PRAGMA quick_check')).toEqual({ quick_check: 'ok' });
    } finally {
      await store.close();
    }
  });
});
