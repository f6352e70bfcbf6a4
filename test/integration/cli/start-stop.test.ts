import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, startHostProcess } from '../../support/host-process.ts';

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
});
