import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian (and most distributions) put Chromium. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * The Electron binary, when it is really installed. The npm package is always there (for its
 * types); its binary is fetched from outside the registries and is often absent.
 */
export function findElectronBinary(root: string): string | undefined {
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const binary = join(pkg, 'dist', relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = env.LINLI_CHROMIUM ? [env.LINLI_CHROMIUM] : CHROMIUM_CANDIDATES;
  return candidates.find((p) => existsSync(p));
}

export function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export type ShellChoice =
  | { shell: 'electron'; binary: string }
  | { shell: 'chromium'; binary: string }
  | { shell: 'host'; reason: string };

/** The best shell this machine can run: Electron, else Chromium in app mode, else the host alone. */
export function chooseShell(input: {
  headless: boolean;
  electron: string | undefined;
  chromium: string | undefined;
  display: boolean;
}): ShellChoice {
  if (input.headless) return { shell: 'host', reason: '--headless' };
  // Either window needs a display: Electron without one aborts instead of serving the host.
  if (!input.display) return { shell: 'host', reason: 'no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  if (input.electron) return { shell: 'electron', binary: input.electron };
  if (input.chromium) return { shell: 'chromium', binary: input.chromium };
  return { shell: 'host', reason: 'neither Electron nor Chromium is installed' };
}

/**
 * Chromium as a kiosk window on the local host. The networking switches keep it from reaching
 * out to Google's services (a closed hall network floods with refused attempts otherwise).
 */
export function chromiumKioskArgs(url: string, profileDir: string, asRoot: boolean): string[] {
  return [
    `--app=${url}`,
    '--kiosk',
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    // Nobody is at a kiosk to click "allow": the microphone for voice is granted without a prompt.
    '--use-fake-ui-for-media-stream',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    ...(asRoot ? ['--no-sandbox'] : []),
  ];
}
