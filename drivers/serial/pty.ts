import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A pair of connected pseudo-terminals made by socat: the kiosk opens one end as if it were a
 * USB-serial device, a simulator speaks from the other. `unplug()` and `replug()` make the
 * kiosk's end vanish and come back at the same path, as a real USB-serial adapter does.
 */
export interface PtyPair {
  /** The path the kiosk's driver opens (like /dev/ttyUSB0). */
  readonly kioskPath: string;
  /** The path the simulator opens. */
  readonly devicePath: string;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 5_000;

export async function createPtyPair(name = 'dev', dir = mkdtempSync(join(tmpdir(), 'linli-pty-'))): Promise<PtyPair> {
  const kioskPath = join(dir, `${name}-kiosk`);
  const devicePath = join(dir, `${name}-device`);
  let child: ChildProcess | undefined = await startSocat(kioskPath, devicePath);

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
  };

  return {
    kioskPath,
    devicePath,
    unplug: stop,
    async replug() {
      if (child) return;
      child = await startSocat(kioskPath, devicePath);
    },
    close: stop,
  };
}

function startSocat(a: string, b: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not start within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`));
    }, START_TIMEOUT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run socat (is it installed? scripts/setup.sh installs it): ${err.message}`));
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      // socat prints this once both ptys exist and their links are made.
      if (stderr.includes('starting data transfer loop') && existsSync(a) && existsSync(b)) {
        clearTimeout(timer);
        child.stderr!.removeAllListeners('data');
        child.stderr!.resume();
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with ${code}: ${stderr.trim()}`));
    });
  });
}
