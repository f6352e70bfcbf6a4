import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  session,
  type IpcMainEvent,
  type MessagePortMain,
  type WebContents,
} from 'electron';
import type { Logger } from 'pino';
import { IPC_AUDIO_CHANNEL, IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL } from '../api/bridge.ts';
import type { Reply } from '../api/contract.ts';
import { startKiosk, type Kiosk } from '../core/kiosk.ts';
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../core/renderer-files.ts';
import {
  APP_SCHEME,
  APP_URL,
  checkIpcMessage,
  chooseRecovery,
  CRASHES_BEFORE_RELAUNCH,
  decidePermission,
  isAllowedIpcSender,
  isAllowedNavigation,
  parseShellArgs,
  resolveAppRequest,
  shouldBlockKey,
} from './policy.ts';

/**
 * The Electron shell: one locked-down full-screen window onto the kiosk core. Every decision
 * lives in policy.ts; this file only wires it to Electron.
 */

const kioskMode = process.env.LINLI_DEV !== '1';
/** SQLite survives being cut off; a core that hangs on close must not keep the kiosk from restarting. */
const CLOSE_TIMEOUT_MS = 10_000;
const HANG_POLL_MS = 1_000;

/** Set once anything in the main process has asked to quit; only then may the window close. */
let quitting = false;

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Chromium reads these once, before the app is ready.
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  if (process.env.LINLI_DISABLE_GPU === '1') app.disableHardwareAcceleration();
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  // Nothing on screen can reach app.quit() (there is no menu), so a quit always comes from our
  // own code, a signal or the test driver, and it may close the window.
  app.on('before-quit', () => {
    quitting = true;
  });

  const args = parseShellArgs(process.argv);
  Promise.all([
    startKiosk({
      shell: 'electron',
      serveHost: false,
      configPath: args.configPath,
      simulate: args.simulate,
      env: process.env,
      logToConsole: !kioskMode,
    }),
    app.whenReady(),
  ])
    .then(([kiosk]) => run(kiosk))
    .catch((err: unknown) => {
      process.stderr.write(`Linli could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      app.exit(1);
    });
}

function run(kiosk: Kiosk): void {
  const log = kiosk.log.child({ component: 'electron' });
  Menu.setApplicationMenu(null);
  app.on('web-contents-created', (_event, contents) => lockDown(contents, log));
  configureSession(log);
  serveRenderer(kiosk.rendererDir, log);

  const win = createWindow(log);
  const stopEvents = connectApi(kiosk, win, log);
  superviseRenderer(win, log);
  powerSaveBlocker.start('prevent-display-sleep');

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('child-process-gone', (_event, details) => {
    log.error(
      { type: details.type, reason: details.reason, exitCode: details.exitCode, name: details.name, service: details.serviceName },
      'child process gone',
    );
  });
  closeCoreOnQuit(kiosk, stopEvents, log);

  log.info({ kioskMode }, 'electron shell ready');
  showHome(win, log);
}

function createWindow(log: Logger): BrowserWindow {
  const win = new BrowserWindow({
    title: '邻里 Linli',
    width: 1280,
    height: 800,
    kiosk: kioskMode,
    fullscreen: kioskMode,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      // The CLI starts Electron with dist/electron/main.cjs as the app, so app.getAppPath() is
      // dist/electron there but the project root under `electron .` and app.asar when packaged.
      // This bundle's own directory is dist/electron in all three, and preload.cjs sits beside it.
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: !kioskMode,
      spellcheck: false,
      navigateOnDragDrop: false,
      // Spoken prompts and alarms must sound before anyone has touched the screen.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  win.on('close', (event) => {
    if (kioskMode && !quitting) {
      event.preventDefault();
      log.info('window close refused in kiosk mode');
    }
  });
  // Windows' system menu (Alt+Space, title bar) would offer Close and Move.
  win.on('system-context-menu', (event) => event.preventDefault());
  return win;
}

/** Applied to every WebContents, so a frame or window we never meant to create is held too. */
function lockDown(contents: WebContents, log: Logger): void {
  const guard = (event: { preventDefault(): void }, url: string, via: string): void => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    log.warn({ url: url.slice(0, 200), via }, 'navigation blocked');
  };
  contents.on('will-navigate', (event) => guard(event, event.url, 'will-navigate'));
  contents.on('will-frame-navigate', (event) => guard(event, event.url, 'will-frame-navigate'));
  contents.on('will-redirect', (event) => guard(event, event.url, 'will-redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn({ url: url.slice(0, 200) }, 'new window denied');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
  contents.on('before-input-event', (event, input) => {
    if (shouldBlockKey(input, kioskMode)) event.preventDefault();
  });
  contents.on('zoom-changed', () => contents.setZoomLevel(0));
  // The limits belong to the page, so each load (including a recovery reload) sets them again.
  contents.on('did-finish-load', () => {
    contents.setVisualZoomLevelLimits(1, 1).catch((err: unknown) => log.warn({ err }, 'could not fix the zoom level'));
  });
}

function configureSession(log: Logger): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const media = 'securityOrigin' in details ? details : undefined;
    const allowed = decidePermission({
      permission,
      origin: media?.securityOrigin ?? details.requestingUrl,
      mediaTypes: media?.mediaTypes,
      isMainFrame: details.isMainFrame,
    });
    if (!allowed) log.warn({ permission, mediaTypes: media?.mediaTypes }, 'permission denied');
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermission({ permission, origin: requestingOrigin, mediaType: details.mediaType, isMainFrame: details.isMainFrame }),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => {
    event.preventDefault();
    log.warn('download refused');
  });
}

function serveRenderer(rendererDir: string, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    try {
      return await respond(rendererDir, request);
    } catch (err) {
      log.error({ err, url: request.url.slice(0, 200) }, 'could not serve a renderer file');
      return plain(500, 'Internal error');
    }
  });
}

async function respond(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const target = resolveAppRequest(rendererDir, request.url);
  if (target.kind === 'reject') return plain(target.status, target.status === 400 ? 'Bad request' : 'Not found');
  let path = target.path;
  let body = await readIfFile(path);
  if (body === undefined && target.fallbackToIndex) {
    path = join(rendererDir, 'index.html');
    body = await readIfFile(path);
  }
  if (body === undefined) return plain(404, 'Not found');
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: {
      'content-type': contentTypeFor(path),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

async function readIfFile(path: string): Promise<Buffer<ArrayBuffer> | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY },
  });
}

/** The IPC transport: the same dispatcher as the WebSocket host, reached only from our page. */
function connectApi(kiosk: Kiosk, win: BrowserWindow, log: Logger): () => void {
  ipcMain.handle(IPC_COMMAND_CHANNEL, async (event, name: unknown, payload: unknown): Promise<Reply> => {
    const frame = event.senderFrame;
    if (event.sender !== win.webContents || !isAllowedIpcSender(frame?.url, frame?.parent === null)) {
      log.warn({ url: frame?.url.slice(0, 200) }, 'IPC from an unexpected sender refused');
      throw new Error('This sender may not use the kiosk API');
    }
    const refused = checkIpcMessage(name, payload);
    if (refused) {
      log.warn({ code: refused.error.code, command: String(name).slice(0, 64) }, 'IPC message refused');
      return refused;
    }
    return kiosk.dispatcher.dispatch(name, payload, { transport: 'ipc', connectionId: String(event.sender.id) });
  });
  const unsubscribe = kiosk.onEvent((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, name, payload);
  });
  // The newest port wins, as on the host: a reloaded page's microphone replaces the old one.
  let audioPort: MessagePortMain | undefined;
  const onAudioPort = (event: IpcMainEvent): void => {
    const frame = event.senderFrame;
    const [port] = event.ports;
    if (!port || event.sender !== win.webContents || !isAllowedIpcSender(frame?.url, frame?.parent === null)) return;
    audioPort?.close();
    audioPort = port;
    port.on('message', ({ data }: { data: unknown }) => {
      if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) kiosk.acceptAudio(data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    port.start();
  };
  ipcMain.on(IPC_AUDIO_CHANNEL, onAudioPort);
  return () => {
    unsubscribe();
    audioPort?.close();
    ipcMain.removeHandler(IPC_COMMAND_CHANNEL);
    ipcMain.off(IPC_AUDIO_CHANNEL, onAudioPort);
  };
}

/** Whatever went wrong, the person at the kiosk gets the home screen back, not a blank one. */
function superviseRenderer(win: BrowserWindow, log: Logger): void {
  // Monotonic, so a clock set by NTP after boot cannot hide or invent a crash loop.
  const clock = (): number => performance.now();
  const crashes: number[] = [];
  let hang: NodeJS.Timeout | undefined;
  const stopHangWatch = (): void => {
    clearInterval(hang);
    hang = undefined;
  };

  win.webContents.on('render-process-gone', (_event, details) => {
    stopHangWatch();
    if (quitting) return;
    const now = clock();
    const action = chooseRecovery({ kind: 'render-process-gone', reason: details.reason }, crashes, now);
    crashes.push(now);
    if (crashes.length > CRASHES_BEFORE_RELAUNCH) crashes.shift();
    log.error({ reason: details.reason, exitCode: details.exitCode, action }, 'renderer gone');
    if (action === 'relaunch') {
      app.relaunch();
      app.quit();
    } else {
      showHome(win, log);
    }
  });

  win.on('unresponsive', () => {
    log.warn('renderer unresponsive');
    if (hang) return;
    const since = clock();
    hang = setInterval(() => {
      const seconds = (clock() - since) / 1000;
      if (chooseRecovery({ kind: 'unresponsive', seconds }, crashes, clock()) !== 'force-crash-and-reload') return;
      stopHangWatch();
      log.error({ seconds: Math.round(seconds) }, 'renderer hung; crashing it to reload');
      // Emits render-process-gone, whose handler reloads and counts this towards a relaunch.
      win.webContents.forcefullyCrashRenderer();
    }, HANG_POLL_MS);
  });
  win.on('responsive', () => {
    if (!hang) return;
    stopHangWatch();
    log.info('renderer responsive again');
  });
}

function showHome(win: BrowserWindow, log: Logger): void {
  if (win.isDestroyed()) return;
  win.loadURL(APP_URL).catch((err: unknown) => log.error({ err }, 'could not load the home screen'));
}

function closeCoreOnQuit(kiosk: Kiosk, stopApi: () => void, log: Logger): void {
  let closing = false;
  app.on('will-quit', (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    stopApi();
    const timeout = new Promise<void>((resolve) => {
      setTimeout(() => {
        log.warn({ ms: CLOSE_TIMEOUT_MS }, 'kiosk core did not close in time');
        resolve();
      }, CLOSE_TIMEOUT_MS).unref();
    });
    Promise.race([kiosk.close(), timeout])
      .catch((err: unknown) => log.error({ err }, 'kiosk core did not close cleanly'))
      .finally(() => app.exit(0));
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'quitting on signal');
      app.quit();
    });
  }
}

main();
