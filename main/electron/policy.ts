import { MAX_MESSAGE_BYTES, type Reply } from '../api/contract.ts';
import { resolveRendererFile, type RendererFile } from '../core/renderer-files.ts';

/**
 * The Electron shell's lockdown decisions, kept free of `electron` so every rule is unit-tested
 * without the binary. main.ts only wires these to Electron's events.
 */

/** Registered as standard + secure so the renderer gets a real origin, `'self'` and getUserMedia. */
export const APP_SCHEME = 'linli';
const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The home screen: what a crashed or hung renderer is reloaded to. */
export const APP_URL = `${APP_ORIGIN}/`;

/**
 * Parsed, never prefix-matched: `linli://app.evil/` and `linli://app@evil/` must not pass. An
 * origin string (`linli://app`) is accepted as well as a full URL.
 */
export function isAppUrl(url: string | undefined): boolean {
  if (typeof url !== 'string') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** A subframe of our own page could still be made to load something else; only the top may call. */
export function isAllowedIpcSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(frameUrl);
}

export interface PermissionQuery {
  permission: string;
  origin: string;
  /** Permission requests list every device wanted. */
  mediaTypes?: readonly string[];
  /** Permission checks name one device. */
  mediaType?: string;
  isMainFrame?: boolean;
}

/**
 * The microphone for voice is the only thing the kiosk ever needs from the browser; a camera, a
 * notification or a device picker on a public terminal is a privacy or lockdown hole.
 */
export function decidePermission(query: PermissionQuery): boolean {
  if (query.permission !== 'media' || query.isMainFrame !== true || !isAppUrl(query.origin)) return false;
  const types = query.mediaTypes ?? (query.mediaType === undefined ? [] : [query.mediaType]);
  return types.length > 0 && types.every((type) => type === 'audio');
}

export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

/** Blocked with any modifiers: reload, devtools and the hardware back/forward keys. */
const BARE_KEYS = new Set(['f5', 'f12', 'browserrefresh', 'browserback', 'browserforward']);
/** With Ctrl: reload, close, quit, print, view-source, find, zoom. */
const CTRL_KEYS = new Set(['r', 'w', 'q', 'p', 'u', 'f', '=', '+', '-', '_', '0']);
/** With Ctrl+Shift: the devtools panels. Plain Ctrl+C stays copy. */
const CTRL_SHIFT_KEYS = new Set(['i', 'j', 'c']);
const ALT_KEYS = new Set(['f4', 'arrowleft', 'arrowright']);

/** The physical key, so Ctrl+R is still Ctrl+R on a layout whose R key types something else. */
function keyFromCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter?.[1]) return letter[1].toLowerCase();
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit?.[1]) return digit[1];
  return ({ Equal: '=', Minus: '-', NumpadAdd: '+', NumpadSubtract: '-' } as Record<string, string>)[code];
}

export function shouldBlockKey(input: KeyInput, kioskMode: boolean): boolean {
  if (!kioskMode) return false;
  const key = input.key.toLowerCase();
  if (BARE_KEYS.has(key)) return true;
  if (input.alt && ALT_KEYS.has(key)) return true;
  const accelerator = input.control || input.meta;
  // AltGr arrives as Ctrl+Alt on Windows; those are characters being typed, not shortcuts.
  if (!accelerator || input.alt) return false;
  const candidates = [key, keyFromCode(input.code)];
  return candidates.some(
    (k) => k !== undefined && (CTRL_KEYS.has(k) || (input.shift && CTRL_SHIFT_KEYS.has(k))),
  );
}

export const CRASH_WINDOW_MS = 60_000;
export const CRASHES_BEFORE_RELAUNCH = 3;
export const UNRESPONSIVE_LIMIT_SECONDS = 10;

export type RecoveryEvent =
  | { kind: 'render-process-gone'; reason: string }
  | { kind: 'unresponsive'; seconds: number };

export type Recovery = 'reload' | 'force-crash-and-reload' | 'wait' | 'relaunch';

/**
 * A crashed screen goes back to the home screen at once; a screen that keeps crashing is not
 * fixed by reloading, so the whole app restarts. `recentCrashes` are the earlier crashes' times
 * (this one excluded), on the same clock as `now`.
 */
export function chooseRecovery(event: RecoveryEvent, recentCrashes: readonly number[], now: number): Recovery {
  if (event.kind === 'unresponsive') {
    return event.seconds >= UNRESPONSIVE_LIMIT_SECONDS ? 'force-crash-and-reload' : 'wait';
  }
  const crashes = recentCrashes.filter((at) => now - at < CRASH_WINDOW_MS).length + 1;
  return crashes >= CRASHES_BEFORE_RELAUNCH ? 'relaunch' : 'reload';
}

/** The same limit and error the WebSocket host applies, so both transports reject alike. */
export function checkIpcMessage(name: unknown, payload: unknown): Extract<Reply, { ok: false }> | undefined {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify({ name, payload }), 'utf8');
  } catch {
    // Structured clone carries cycles and BigInts that JSON, and so the dispatcher's contract, cannot.
    return { ok: false, error: { code: 'malformed', message: 'Message cannot be represented as JSON' } };
  }
  if (bytes > MAX_MESSAGE_BYTES) {
    return {
      ok: false,
      error: { code: 'too-large', message: `Message of ${bytes} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit` },
    };
  }
  return undefined;
}

/** Maps a `linli://app/…` request to a file of the built renderer (see core/renderer-files.ts). */
export function resolveAppRequest(rendererDir: string, requestUrl: string): RendererFile {
  if (!isAppUrl(requestUrl)) return { kind: 'reject', status: 404 };
  return resolveRendererFile(rendererDir, new URL(requestUrl).pathname);
}

export interface ShellArgs {
  configPath: string | undefined;
  simulate: boolean;
}

/**
 * Electron's argv also carries the binary, the app path and Chromium's own switches (Playwright
 * adds `--inspect=0` and more), so unknown arguments are ignored rather than refused.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  let configPath: string | undefined;
  let simulate = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--simulate') simulate = true;
    else if (arg === '--config' && i + 1 < argv.length) configPath = argv[++i];
    else if (arg?.startsWith('--config=')) configPath = arg.slice('--config='.length);
  }
  return { configPath: configPath || undefined, simulate };
}
