import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_AUDIO_CHANNEL, IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL } from '../../../main/api/bridge.ts';
import type { Reply } from '../../../main/api/contract.ts';
import type { CallContext } from '../../../main/api/dispatcher.ts';
import type { KioskOptions } from '../../../main/core/kiosk.ts';
import { APP_URL } from '../../../main/electron/policy.ts';
import { CONTENT_SECURITY_POLICY as contentSecurityPolicy } from '../../../main/core/renderer-files.ts';
import { app, FakeMessagePort, preventable, recorded, session, type FakeBrowserWindow } from './fake-electron.ts';

/**
 * main.ts against a recording fake of Electron: what it asks of Electron and how it answers
 * Electron's events. The real binary is exercised by test/electron when it is installed.
 */

vi.mock('electron', () => import('./fake-electron.ts'));

const kiosk = vi.hoisted(() => {
  const log = { info: () => {}, warn: () => {}, error: () => {}, child: () => log };
  return {
    options: undefined as unknown,
    rendererDir: '',
    listeners: [] as ((name: string, payload: unknown) => void)[],
    dispatched: [] as [unknown, unknown, CallContext][],
    audio: [] as Uint8Array[],
    closed: 0,
    log,
  };
});

vi.mock('../../../main/core/kiosk.ts', () => ({
  startKiosk: async (options: unknown) => {
    kiosk.options = options;
    return {
      dispatcher: {
        async dispatch(name: unknown, payload: unknown, ctx: CallContext): Promise<Reply> {
          kiosk.dispatched.push([name, payload, ctx]);
          return { ok: true, result: { nonce: 'n', at: 'now' } };
        },
      },
      onEvent(listener: (name: string, payload: unknown) => void) {
        kiosk.listeners.push(listener);
        return () => kiosk.listeners.splice(kiosk.listeners.indexOf(listener), 1);
      },
      log: kiosk.log,
      acceptAudio: (frame: Uint8Array) => kiosk.audio.push(frame),
      rendererDir: kiosk.rendererDir,
      url: undefined,
      async close() {
        kiosk.closed++;
      },
    };
  },
}));

let win: FakeBrowserWindow;
let ourSignalListeners: NodeJS.SignalsListener[] = [];
const argv = process.argv;

beforeAll(async () => {
  kiosk.rendererDir = mkdtempSync(join(tmpdir(), 'linli-renderer-'));
  writeFileSync(join(kiosk.rendererDir, 'index.html'), '<!doctype html><title>邻里</title>');
  mkdirSync(join(kiosk.rendererDir, 'assets'));
  writeFileSync(join(kiosk.rendererDir, 'assets', 'app.js'), 'console.log(1)');

  const before = new Set([...process.listeners('SIGTERM'), ...process.listeners('SIGINT')]);
  process.argv = ['/opt/linli/electron', 'dist/electron/main.cjs', '--config', 'site.yaml', '--simulate'];
  await import('../../../main/electron/main.ts');
  process.argv = argv;
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
  win = recorded.windows[0]!;
  ourSignalListeners = [...process.listeners('SIGTERM'), ...process.listeners('SIGINT')].filter((l) => !before.has(l));
});

afterAll(() => {
  // They would otherwise swallow the test worker's own SIGTERM.
  for (const listener of ourSignalListeners) {
    process.removeListener('SIGTERM', listener);
    process.removeListener('SIGINT', listener);
  }
  rmSync(kiosk.rendererDir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('starts the core for Electron with the command line’s options', () => {
    expect(kiosk.options).toMatchObject({
      shell: 'electron',
      serveHost: false,
      configPath: 'site.yaml',
      simulate: true,
    } satisfies Partial<KioskOptions>);
  });

  it('sets kiosk switches, the privileged scheme, no menu and no display sleep', () => {
    expect(recorded.switches).toEqual(
      expect.arrayContaining([
        ['disable-pinch', undefined],
        ['overscroll-history-navigation', '0'],
      ]),
    );
    expect(recorded.gpuDisabled).toBe(false);
    expect(recorded.schemes).toEqual([
      { scheme: 'linli', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(recorded.menu).toBeNull();
    expect(recorded.powerSave).toEqual(['prevent-display-sleep']);
  });

  it('opens one locked-down kiosk window on the home screen', () => {
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
    expect(isAbsolute(String(prefs.preload))).toBe(true);
    expect(String(prefs.preload)).toMatch(/[/\\]preload\.cjs$/);
    expect(win.webContents.loaded).toEqual([APP_URL]);
  });
});

describe('linli:// protocol', () => {
  const fetchApp = (path: string, method = 'GET') =>
    recorded.protocolHandlers.get('linli')!(new Request(`linli://app${path}`, { method }));

  it('serves the renderer with the content security policy', async () => {
    const home = await fetchApp('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await home.text()).toContain('邻里');

    const script = await fetchApp('/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('answers screens of the single-page app with index.html', async () => {
    const screen = await fetchApp('/guides/transport');
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('邻里');
  });

  it('refuses missing assets, traversal and writes', async () => {
    expect((await fetchApp('/assets/missing.js')).status).toBe(404);
    expect((await fetchApp('/assets')).status).toBe(200);
    expect((await fetchApp('/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await fetchApp('/%E4%BD')).status).toBe(400);
    expect((await fetchApp('/', 'POST')).status).toBe(405);
    const head = await fetchApp('/', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('lockdown', () => {
  it('blocks navigation and redirects away from the app', () => {
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = preventable({ url: 'https://example.com/' });
      win.webContents.emit(name, away);
      expect(away.defaultPrevented, name).toBe(true);
      const inside = preventable({ url: 'linli://app/guides' });
      win.webContents.emit(name, inside);
      expect(inside.defaultPrevented, name).toBe(false);
    }
  });

  it('denies new windows and webviews', () => {
    expect(win.webContents.windowOpenHandler?.({ url: 'linli://app/' })).toEqual({ action: 'deny' });
    const webview = preventable();
    win.webContents.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
  });

  it('swallows reload and devtools keys but not typing', () => {
    const key = (input: object) => {
      const event = preventable();
      win.webContents.emit('before-input-event', event, {
        type: 'keyDown',
        control: false,
        alt: false,
        shift: false,
        meta: false,
        ...input,
      });
      return event.defaultPrevented;
    };
    expect(key({ key: 'F5' })).toBe(true);
    expect(key({ key: 'I', control: true, shift: true })).toBe(true);
    expect(key({ key: 'a' })).toBe(false);
  });

  it('puts the zoom back', () => {
    win.webContents.zoomLevel = 2;
    win.webContents.emit('zoom-changed', preventable(), 'in');
    expect(win.webContents.zoomLevel).toBe(0);
  });

  it('grants the microphone to our page only', () => {
    const ask = (details: object) => {
      let granted: boolean | undefined;
      recorded.permissionRequest!(win.webContents, 'media', (ok: boolean) => (granted = ok), {
        isMainFrame: true,
        requestingUrl: 'linli://app/',
        ...details,
      });
      return granted;
    };
    expect(ask({ mediaTypes: ['audio'], securityOrigin: 'linli://app' })).toBe(true);
    expect(ask({ mediaTypes: ['audio', 'video'], securityOrigin: 'linli://app' })).toBe(false);
    expect(ask({ mediaTypes: ['audio'], securityOrigin: 'https://example.com' })).toBe(false);
    expect(recorded.permissionCheck!(null, 'media', 'linli://app/', { mediaType: 'audio', isMainFrame: true })).toBe(true);
    expect(recorded.permissionCheck!(null, 'geolocation', 'linli://app/', { isMainFrame: true })).toBe(false);
    expect(recorded.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });

  it('refuses downloads', () => {
    const download = preventable();
    session.defaultSession.emit('will-download', download, {}, win.webContents);
    expect(download.defaultPrevented).toBe(true);
  });

  it('keeps the window open in kiosk mode until something quits', () => {
    const close = preventable();
    win.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
  });
});

describe('IPC', () => {
  const invoke = (frame: { url: string; parent: unknown } | null, name: unknown, payload: unknown) =>
    Promise.resolve(
      recorded.ipcHandlers.get(IPC_COMMAND_CHANNEL)!({ sender: win.webContents, senderFrame: frame }, name, payload),
    );
  const top = { url: 'linli://app/', parent: null };

  it('dispatches commands from our page through the core', async () => {
    await expect(invoke(top, 'system.ping', { nonce: 'n' })).resolves.toEqual({
      ok: true,
      result: { nonce: 'n', at: 'now' },
    });
    expect(kiosk.dispatched.at(-1)).toEqual([
      'system.ping',
      { nonce: 'n' },
      { transport: 'ipc', connectionId: String(win.webContents.id) },
    ]);
  });

  it('takes microphone frames over the port our page hands over, and from nobody else', () => {
    const hand = (frame: { url: string; parent: unknown } | null, port: FakeMessagePort): void =>
      recorded.ipcListeners.get(IPC_AUDIO_CHANNEL)!({ sender: win.webContents, senderFrame: frame, ports: [port] });
    const stranger = new FakeMessagePort();
    hand({ url: 'https://example.com/', parent: null }, stranger);
    expect(stranger.started).toBe(false);
    const first = new FakeMessagePort();
    hand(top, first);
    expect(first.started).toBe(true);
    first.emit('message', { data: new Uint8Array([1, 2, 3, 4]).buffer });
    first.emit('message', { data: 'not audio' });
    expect(kiosk.audio.map((f) => [...f])).toEqual([[1, 2, 3, 4]]);
    // A reloaded page's port replaces the old one.
    const second = new FakeMessagePort();
    hand(top, second);
    expect(first.closed).toBe(true);
    second.emit('message', { data: new Uint8Array([5, 6]) });
    expect(kiosk.audio.map((f) => [...f])).toEqual([[1, 2, 3, 4], [5, 6]]);
  });

  it('refuses other senders', async () => {
    const count = kiosk.dispatched.length;
    await expect(invoke({ url: 'linli://app/', parent: top }, 'kiosk.info', {})).rejects.toThrow(/may not/);
    await expect(invoke({ url: 'https://example.com/', parent: null }, 'kiosk.info', {})).rejects.toThrow(/may not/);
    await expect(invoke(null, 'kiosk.info', {})).rejects.toThrow(/may not/);
    expect(kiosk.dispatched).toHaveLength(count);
  });

  it('answers an oversized message with too-large, without dispatching it', async () => {
    const count = kiosk.dispatched.length;
    const reply = (await invoke(top, 'system.ping', { nonce: 'x'.repeat(70_000) })) as Reply;
    expect(reply).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(kiosk.dispatched).toHaveLength(count);
  });

  it('forwards the core’s events to the page', () => {
    for (const listener of kiosk.listeners) listener('content.changed', { version: 'v2' });
    expect(win.webContents.sent.at(-1)).toEqual([IPC_EVENT_CHANNEL, 'content.changed', { version: 'v2' }]);
  });
});

describe('recovery', () => {
  it('crashes a renderer hung for 10 s', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    try {
      win.emit('unresponsive');
      vi.advanceTimersByTime(5_000);
      win.emit('responsive');
      vi.advanceTimersByTime(20_000);
      expect(win.webContents.crashes).toBe(0);

      win.emit('unresponsive');
      vi.advanceTimersByTime(11_000);
      expect(win.webContents.crashes).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reloads the home screen after a crash and relaunches on the third in a minute', () => {
    const loads = win.webContents.loaded.length;
    win.webContents.emit('render-process-gone', preventable(), { reason: 'crashed', exitCode: 1 });
    win.webContents.emit('render-process-gone', preventable(), { reason: 'killed', exitCode: 9 });
    expect(win.webContents.loaded.slice(loads)).toEqual([APP_URL, APP_URL]);
    expect(recorded.relaunches).toBe(0);

    win.webContents.emit('render-process-gone', preventable(), { reason: 'oom', exitCode: 1 });
    expect(recorded.relaunches).toBe(1);
    expect(recorded.quits).toBe(1);
  });
});

describe('quitting', () => {
  it('quits on SIGTERM', () => {
    const quits = recorded.quits;
    const sigterm = ourSignalListeners.find((l) => process.listeners('SIGTERM').includes(l));
    sigterm?.('SIGTERM');
    expect(recorded.quits).toBe(quits + 1);
  });

  it('lets the window close once quitting, then closes the core before exiting', async () => {
    app.emit('before-quit', preventable());
    const close = preventable();
    win.emit('close', close);
    expect(close.defaultPrevented).toBe(false);

    const willQuit = preventable();
    app.emit('will-quit', willQuit);
    expect(willQuit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(recorded.exits).toEqual([0]));
    expect(kiosk.closed).toBe(1);
    expect(recorded.ipcHandlers.has(IPC_COMMAND_CHANNEL)).toBe(false);
    expect(kiosk.listeners).toHaveLength(0);

    app.emit('will-quit', preventable());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(kiosk.closed).toBe(1);
  });
});
