import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface HostProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** All stdout and stderr so far, for assertions and for failure messages. */
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface HostProcessOptions {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  startTimeoutMs?: number;
}

/** Starts the built kiosk (`dist/main/cli.js --headless`) and resolves once it prints its URL. */
export function startHostProcess(opts: HostProcessOptions = {}): Promise<HostProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'linli-host-'));
  const child = spawn(process.execPath, ['dist/main/cli.js', '--headless', '--port', '0', ...(opts.args ?? [])], {
    cwd: projectRoot,
    env: { ...process.env, LINLI_DATA_DIR: dataDir, LINLI_CONFIG: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kiosk host did not start within ${opts.startTimeoutMs ?? 15_000} ms:\n${output}`));
    }, opts.startTimeoutMs ?? 15_000);
    const onData = (): void => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        url: match[1]!,
        dataDir,
        child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk host exited with ${code} before listening:\n${output}`));
    });
  });
}
