import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT } from './api/contract.ts';
import { ConfigError } from './config/load.ts';
import { startKiosk, type Kiosk } from './core/kiosk.ts';
import { chooseShell, chromiumKioskArgs, findChromium, findElectronBinary, hasDisplay } from './launch/shell.ts';
import { appRoot } from './paths.ts';

const USAGE = `Usage: npm start -- [options]

  --headless        serve the kiosk on 127.0.0.1 only; open no window
  --port N          host port (default ${DEFAULT_PORT}; 0 picks a free port)
  --config PATH     site file (default: $LINLI_CONFIG, else ./kiosk.config.yaml, else built-in defaults)
  --simulate        use simulated devices whatever the site file says
  --help            show this help
`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        headless: { type: 'boolean', default: false },
        port: { type: 'string' },
        config: { type: 'string' },
        simulate: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = args.port === undefined ? Number(process.env.LINLI_PORT ?? DEFAULT_PORT) : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, not "${args.port}"\n`);
    return 2;
  }

  const root = appRoot();
  const choice = chooseShell({
    headless: args.headless,
    electron: findElectronBinary(root),
    chromium: findChromium(process.env),
    display: hasDisplay(process.env),
  });

  if (choice.shell === 'electron') {
    const forwarded = [join(root, 'dist', 'electron', 'main.cjs')];
    if (args.config) forwarded.push('--config', args.config);
    if (args.simulate) forwarded.push('--simulate');
    process.stdout.write('Linli: starting the Electron kiosk window\n');
    return supervise(spawn(choice.binary, forwarded, { stdio: 'inherit' }));
  }

  let kiosk: Kiosk;
  try {
    kiosk = await startKiosk({
      configPath: args.config,
      port,
      simulate: args.simulate,
      shell: choice.shell,
      serveHost: true,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }

  let browser: ChildProcess | undefined;
  let stopping = false;
  // Stop handlers go in before the URL is printed: whoever reads the URL may stop us at once.
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      kiosk.log.info({ signal }, 'stopping');
      browser?.kill('SIGTERM');
      kiosk.close().then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`Linli: error while stopping: ${(err as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write(`Linli kiosk host listening on ${kiosk.url}\n`);
  if (choice.shell === 'chromium') {
    let quickExits = 0;
    const launch = (): void => {
      if (stopping) return;
      const asRoot = process.getuid?.() === 0;
      const openedAt = Date.now();
      const profile = freshProfile(kiosk);
      browser = spawn(choice.binary, chromiumKioskArgs(kiosk.url!, profile.dir, asRoot), { stdio: 'ignore' });
      browser.on('exit', (code, signal) => {
        if (profile.temporary) removeProfile(kiosk, profile.dir);
        if (stopping) return;
        // A kiosk window that closes or crashes comes straight back; the hall has no one to
        // restart it. One that dies as soon as it opens (no display yet, a broken install) is
        // retried after growing pauses instead of in a tight loop.
        quickExits = Date.now() - openedAt < STEADY_WINDOW_MS ? quickExits + 1 : 0;
        const delayMs = quickExits === 0 ? 0 : Math.min(MAX_RELAUNCH_PAUSE_MS, 1000 * 2 ** (quickExits - 1));
        kiosk.log.warn({ code, signal, delayMs }, 'chromium window exited; reopening');
        setTimeout(launch, delayMs).unref();
      });
    };
    launch();
    process.on('exit', () => browser?.kill('SIGKILL'));
    process.stdout.write('Linli: kiosk window opened in Chromium\n');
  } else {
    process.stdout.write(`Linli: no window (${choice.reason}); open ${kiosk.url} in a browser\n`);
  }

  return stopped;
}

/**
 * A fresh profile for each window: one left over from a run that was killed holds its own, so it
 * can neither swallow the new window nor keep it from starting. A full or read-only disk must not
 * keep the window (and the kiosk with it) down, so the data directory's profile is the fallback.
 */
function freshProfile(kiosk: Kiosk): { dir: string; temporary: boolean } {
  try {
    return { dir: mkdtempSync(join(tmpdir(), 'linli-chromium-')), temporary: true };
  } catch (err) {
    kiosk.log.warn({ err }, 'could not make a fresh Chromium profile; using the kept one');
    return { dir: join(kiosk.dataDir, 'chromium-profile'), temporary: false };
  }
}

function removeProfile(kiosk: Kiosk, profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    kiosk.log.warn({ err, profile }, 'could not remove a used Chromium profile');
  }
}

/** A window that stayed open this long was working, so its exit is not counted as a failed start. */
const STEADY_WINDOW_MS = 60_000;
const MAX_RELAUNCH_PAUSE_MS = 60_000;

/** Runs the Electron shell as a child and passes stop signals through, so SIGTERM stops both. */
function supervise(child: ChildProcess): Promise<number> {
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  // Killed by anything but the stop signals passed on above is a failure, for whatever restarts the kiosk.
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`Linli could not start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
