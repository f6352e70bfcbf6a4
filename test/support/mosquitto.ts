import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real Mosquitto on 127.0.0.1, for the fleet link's tests; installed by scripts/setup.sh. */
export interface Broker {
  url: string;
  port: number;
  /** Stops the broker and resolves once it has exited. */
  stop(): Promise<void>;
}

const BINARY = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';

/** A port free on 127.0.0.1 just now, to start (and restart) a broker on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once something accepts a connection on 127.0.0.1:`port`, trying again as each attempt is refused. */
function listening(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/**
 * Starts a broker on `port` (a fresh one if not given); resolves once it takes connections.
 * `acl`: access rules for anonymous clients (mosquitto.conf(5) `topic` lines); none, anything goes.
 */
export async function startBroker(port?: number, options: { acl?: string[]; timeoutMs?: number } = {}): Promise<Broker> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'linli-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  const lines = [`listener ${chosen} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice'];
  if (options.acl) {
    // Mosquitto started as root reads it as its own user.
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'acl'), [...options.acl, ''].join('\n'), { mode: 0o644 });
    lines.push(`acl_file ${join(dir, 'acl')}`);
  }
  writeFileSync(conf, [...lines, ''].join('\n'));
  const child: ChildProcess = spawn(BINARY, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitedEarly: ((code: number | null) => void) | undefined;
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`mosquitto could not be started (${err.message}); scripts/setup.sh installs it`)));
    exitedEarly = (code) => reject(new Error(`mosquitto exited with ${code}: ${output}`));
    child.once('exit', exitedEarly);
  });
  // Mosquitto buffers its log when it is not on a terminal, so readiness is its port taking a connection.
  await Promise.race([listening(chosen, timeoutMs), failed]);
  child.off('exit', exitedEarly!);
  return {
    url: `mqtt://127.0.0.1:${chosen}`,
    port: chosen,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
