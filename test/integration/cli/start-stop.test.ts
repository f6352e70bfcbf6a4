import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, startHostProcess } from '../../support/host-process.ts';
import { ApiClient } from '../../support/ws-client.ts';

describe('npm start (the built CLI)', () => {
  it('serves the kiosk and stops cleanly on SIGTERM, closing the store', async () => {
    const host = await startHostProcess();
    expect((await fetch(host.url)).status).toBe(200);
    expect(await host.stop()).toBe(0);
    const log = readFileSync(join(host.dataDir, 'logs', 'kiosk.log'), 'utf8');
    expect(log).toContain('kiosk stopped');
  });

  it('refuses to start on an invalid site file and prints every problem with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-cfg-'));
    const file = join(dir, 'kiosk.config.yaml');
    writeFileSync(
      file,
      ['emergency:', '  contacts:', '    - { name: 王明, phone: "13812345678" }', '    - { name: 李华, phone: "12" }', 'devices:', '  buton: {}', ''].join('\n'),
    );
    const child = spawn(process.execPath, ['dist/main/cli.js', '--headless', '--port', '0', '--config', file], {
      cwd: projectRoot,
      env: { ...process.env, LINLI_DATA_DIR: dir },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('emergency.contacts[1].phone: not a phone number');
    expect(stderr).toContain('devices.buton');
    expect(readdirSync(dir)).toEqual(['kiosk.config.yaml']);
  });

  it('moves a corrupt database aside and starts on a fresh one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'linli-corrupt-'));
    writeFileSync(join(dataDir, 'linli.db'), randomBytes(8192));
    const host = await startHostProcess({ dataDir });
    const reply = await fetch(host.url);
    expect(reply.status).toBe(200);
    const api = await ApiClient.connect(host.url);
    const health = (await api.command('h', 'health.get', {})).result as { components: { id: string; state: string; message: { en: string } }[] };
    api.close();
    // Staff must hear that what was open before may be gone, not that storage is fine.
    expect(health.components.find((c) => c.id === 'store')).toMatchObject({ state: 'degraded', message: { en: expect.stringContaining('damaged') } });
    expect(await host.stop()).toBe(0);
    expect(readdirSync(dataDir).some((f) => f.startsWith('linli.db.corrupt-'))).toBe(true);
    expect(readFileSync(join(dataDir, 'logs', 'kiosk.log'), 'utf8')).toContain('corrupt');
  });

  it('rejects a bad --port with a clear message', async () => {
    const child = spawn(process.execPath, ['dist/main/cli.js', '--headless', '--port', 'abc'], { cwd: projectRoot });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(stderr).toContain('--port must be a whole number');
  });

  it('reopens a kiosk window that keeps dying at once after growing pauses, not in a tight loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-window-'));
    const launches = join(dir, 'launches');
    writeFileSync(launches, '');
    // Stands in for a Chromium that cannot open (no display yet): it notes the time and dies.
    const fake = join(dir, 'chromium');
    writeFileSync(fake, `#!/bin/sh\ndate +%s%3N >> ${launches}\nexit 1\n`, { mode: 0o755 });
    const child = spawn(process.execPath, ['dist/main/cli.js', '--port', '0'], {
      cwd: projectRoot,
      env: { ...process.env, LINLI_DATA_DIR: dir, LINLI_CONFIG: '', LINLI_CHROMIUM: fake, DISPLAY: ':99', WAYLAND_DISPLAY: '' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const times = await new Promise<number[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the window was not reopened three times within 20 s')), 20_000);
        const watcher = watch(launches, () => {
          const lines = readFileSync(launches, 'utf8').trim().split('\n').filter(Boolean).map(Number);
          if (lines.length < 3) return;
          clearTimeout(timer);
          watcher.close();
          resolve(lines);
        });
      });
      // Pauses of about 1 s, then 2 s (each less a little for the fake's own start-up).
      expect(times[1]! - times[0]!).toBeGreaterThan(800);
      expect(times[2]! - times[1]!).toBeGreaterThan(1800);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 30_000);
});
