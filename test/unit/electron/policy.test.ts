import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../main/api/contract.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_URL,
  checkIpcMessage,
  chooseRecovery,
  decidePermission,
  isAllowedIpcSender,
  isAllowedNavigation,
  parseShellArgs,
  resolveAppRequest,
  shouldBlockKey,
  type KeyInput,
} from '../../../main/electron/policy.ts';
import { CONTENT_SECURITY_POLICY as contentSecurityPolicy, contentTypeFor } from '../../../main/core/renderer-files.ts';

describe('app origin', () => {
  it('is linli://app/', () => {
    expect(APP_SCHEME).toBe('linli');
    expect(APP_ORIGIN).toBe('linli://app');
    expect(APP_URL).toBe('linli://app/');
  });
});

describe('isAllowedNavigation', () => {
  it.each([
    'linli://app/',
    'linli://app',
    'linli://app/index.html',
    'linli://app/guides/transport?x=1#top',
    'LINLI://app/',
  ])('allows our own page %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    'linli://app.evil/',
    'linli://app@evil/',
    'linli://evil@app/',
    'linli://app:8080/',
    'linli://user:pw@app/',
    'linli://evil/app',
    'linli:app/',
    'linli:///app/',
    'linli://appx/',
    'linli://ap/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://app/',
    'https://example.com/',
    'https://linli://app/',
    'data:text/html,<p>hi</p>',
    'about:blank',
    'chrome://gpu',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
    '//app/',
    '/index.html',
  ])('blocks %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('isAllowedIpcSender', () => {
  it('allows only our origin in the main frame', () => {
    expect(isAllowedIpcSender('linli://app/', true)).toBe(true);
    expect(isAllowedIpcSender('linli://app/guides', true)).toBe(true);
    expect(isAllowedIpcSender('linli://app/', false)).toBe(false);
    expect(isAllowedIpcSender(undefined, true)).toBe(false);
    expect(isAllowedIpcSender('', true)).toBe(false);
    expect(isAllowedIpcSender('https://example.com/', true)).toBe(false);
    expect(isAllowedIpcSender('linli://app.evil/', true)).toBe(false);
    expect(isAllowedIpcSender('about:blank', true)).toBe(false);
  });
});

describe('decidePermission', () => {
  const mic = { permission: 'media', origin: 'linli://app', mediaTypes: ['audio'], isMainFrame: true };

  it('allows the microphone for our main frame', () => {
    expect(decidePermission(mic)).toBe(true);
    expect(decidePermission({ ...mic, origin: 'linli://app/' })).toBe(true);
    expect(decidePermission({ ...mic, origin: 'linli://app/index.html' })).toBe(true);
  });

  it('normalises the check handler’s single mediaType', () => {
    const check = { permission: 'media', origin: 'linli://app/', isMainFrame: true };
    expect(decidePermission({ ...check, mediaType: 'audio' })).toBe(true);
    expect(decidePermission({ ...check, mediaType: 'video' })).toBe(false);
    expect(decidePermission({ ...check, mediaType: 'unknown' })).toBe(false);
    expect(decidePermission(check)).toBe(false);
  });

  it('denies any camera', () => {
    expect(decidePermission({ ...mic, mediaTypes: ['video'] })).toBe(false);
    expect(decidePermission({ ...mic, mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(decidePermission({ ...mic, mediaTypes: [] })).toBe(false);
  });

  it('denies other origins and subframes', () => {
    expect(decidePermission({ ...mic, origin: 'https://example.com' })).toBe(false);
    expect(decidePermission({ ...mic, origin: 'linli://app.evil' })).toBe(false);
    expect(decidePermission({ ...mic, origin: 'null' })).toBe(false);
    expect(decidePermission({ ...mic, origin: '' })).toBe(false);
    expect(decidePermission({ ...mic, isMainFrame: false })).toBe(false);
    const { isMainFrame: _, ...noFrame } = mic;
    expect(decidePermission(noFrame)).toBe(false);
  });

  it.each([
    'notifications',
    'geolocation',
    'hid',
    'serial',
    'usb',
    'display-capture',
    'clipboard-read',
    'fullscreen',
    'openExternal',
    'pointerLock',
    'keyboardLock',
    'midiSysex',
    'fileSystem',
    'speaker-selection',
    'unknown',
  ])('denies %s even from our origin', (permission) => {
    expect(decidePermission({ ...mic, permission })).toBe(false);
  });
});

describe('shouldBlockKey', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    alt: false,
    shift: false,
    meta: false,
    ...mods,
  });
  const ctrl = { control: true };
  const ctrlShift = { control: true, shift: true };

  it.each<[string, KeyInput]>([
    ['F5', key('F5')],
    ['Ctrl+R', key('r', ctrl)],
    ['Ctrl+Shift+R', key('R', ctrlShift)],
    ['Ctrl+F5', key('F5', ctrl)],
    ['BrowserRefresh', key('BrowserRefresh')],
    ['F12', key('F12')],
    ['Ctrl+Shift+I', key('I', ctrlShift)],
    ['Ctrl+Shift+J', key('J', ctrlShift)],
    ['Ctrl+Shift+C', key('C', ctrlShift)],
    ['Ctrl+=', key('=', ctrl)],
    ['Ctrl++', key('+', ctrlShift)],
    ['Ctrl+-', key('-', ctrl)],
    ['Ctrl+_', key('_', ctrlShift)],
    ['Ctrl+0', key('0', ctrl)],
    ['Ctrl+numpad +', key('+', { ...ctrl, code: 'NumpadAdd' })],
    ['Ctrl+W', key('w', ctrl)],
    ['Ctrl+Q', key('q', ctrl)],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+P', key('p', ctrl)],
    ['Ctrl+U', key('u', ctrl)],
    ['Ctrl+F', key('f', ctrl)],
    ['Alt+Left', key('ArrowLeft', { alt: true })],
    ['Alt+Right', key('ArrowRight', { alt: true })],
    ['BrowserBack', key('BrowserBack')],
    ['BrowserForward', key('BrowserForward')],
    ['Cmd+R', key('r', { meta: true })],
    ['Ctrl+R on a non-Latin layout', key('к', { ...ctrl, code: 'KeyR' })],
    ['key up of Ctrl+R', { ...key('r', ctrl), type: 'keyUp' }],
  ])('blocks %s in kiosk mode', (_, input) => {
    expect(shouldBlockKey(input, true)).toBe(true);
  });

  it.each<[string, KeyInput]>([
    ['a', key('a', { code: 'KeyA' })],
    ['R', key('R', { shift: true, code: 'KeyR' })],
    ['digits', key('0', { code: 'Digit0' })],
    ['=', key('=', { code: 'Equal' })],
    ['-', key('-', { code: 'Minus' })],
    ['Enter', key('Enter')],
    ['Backspace', key('Backspace')],
    ['Space', key(' ')],
    ['arrows', key('ArrowLeft')],
    ['Tab', key('Tab')],
    ['Escape', key('Escape')],
    ['Chinese text from an IME', key('你')],
    ['Ctrl+C', key('c', ctrl)],
    ['Ctrl+V', key('v', ctrl)],
    ['Ctrl+A', key('a', ctrl)],
    ['Ctrl+Z', key('z', ctrl)],
    ['Ctrl+I', key('i', ctrl)],
    ['AltGr+Q typing @', key('@', { control: true, alt: true, code: 'KeyQ' })],
    ['AltGr+0 typing }', key('}', { control: true, alt: true, code: 'Digit0' })],
    ['Alt alone', key('Alt', { alt: true })],
    ['Shift+F4', key('F4', { shift: true })],
  ])('allows %s in kiosk mode', (_, input) => {
    expect(shouldBlockKey(input, true)).toBe(false);
  });

  it('blocks nothing outside kiosk mode', () => {
    for (const input of [key('F5'), key('F12'), key('I', ctrlShift), key('r', ctrl), key('F4', { alt: true })]) {
      expect(shouldBlockKey(input, false)).toBe(false);
    }
  });
});

describe('chooseRecovery', () => {
  const now = 1_000_000;
  const gone = { kind: 'render-process-gone', reason: 'crashed' } as const;

  it('reloads after a crash', () => {
    expect(chooseRecovery(gone, [], now)).toBe('reload');
    expect(chooseRecovery({ kind: 'render-process-gone', reason: 'oom' }, [], now)).toBe('reload');
    expect(chooseRecovery(gone, [now - 30_000], now)).toBe('reload');
  });

  it('relaunches on the third crash within 60 s', () => {
    expect(chooseRecovery(gone, [now - 50_000, now - 10_000], now)).toBe('relaunch');
    expect(chooseRecovery(gone, [now - 3, now - 2, now - 1], now)).toBe('relaunch');
  });

  it('forgets crashes older than 60 s', () => {
    expect(chooseRecovery(gone, [now - 120_000, now - 60_000, now - 10_000], now)).toBe('reload');
    expect(chooseRecovery(gone, [now - 59_999, now - 10_000], now)).toBe('relaunch');
  });

  it('waits on a hang, then crashes and reloads after 10 s', () => {
    expect(chooseRecovery({ kind: 'unresponsive', seconds: 0 }, [], now)).toBe('wait');
    expect(chooseRecovery({ kind: 'unresponsive', seconds: 9.9 }, [], now)).toBe('wait');
    expect(chooseRecovery({ kind: 'unresponsive', seconds: 10 }, [], now)).toBe('force-crash-and-reload');
    expect(chooseRecovery({ kind: 'unresponsive', seconds: 60 }, [now - 1, now - 2], now)).toBe(
      'force-crash-and-reload',
    );
  });
});

describe('checkIpcMessage', () => {
  it('passes ordinary commands', () => {
    expect(checkIpcMessage('kiosk.info', {})).toBeUndefined();
    expect(checkIpcMessage('guides.get', { id: '医保' })).toBeUndefined();
    expect(checkIpcMessage('kiosk.info', undefined)).toBeUndefined();
  });

  it('refuses messages over the limit as too-large, counting UTF-8 bytes', () => {
    const envelope = JSON.stringify({ name: 'system.ping', payload: { nonce: '' } }).length;
    const fits = 'x'.repeat(MAX_MESSAGE_BYTES - envelope);
    expect(checkIpcMessage('system.ping', { nonce: fits })).toBeUndefined();
    expect(checkIpcMessage('system.ping', { nonce: `${fits}x` })).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    });
    // Three bytes each in UTF-8: a third of the limit in characters is already too much.
    const reply = checkIpcMessage('system.ping', { nonce: '邻'.repeat(MAX_MESSAGE_BYTES / 3) });
    expect(reply?.error.code).toBe('too-large');
    expect(reply?.error.message).toMatch(/over the 65536-byte limit/);
  });

  it('refuses what JSON cannot carry as malformed', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(checkIpcMessage('kiosk.info', cyclic)?.error.code).toBe('malformed');
    expect(checkIpcMessage('kiosk.info', { n: 1n })?.error.code).toBe('malformed');
  });
});

describe('resolveAppRequest', () => {
  const root = resolve('/srv/linli/dist/renderer');

  it('serves index.html for the root', () => {
    expect(resolveAppRequest(root, 'linli://app/')).toEqual({
      kind: 'file',
      path: join(root, 'index.html'),
      fallbackToIndex: false,
    });
    expect(resolveAppRequest(root, 'linli://app')).toMatchObject({ path: join(root, 'index.html') });
  });

  it('maps assets inside the directory', () => {
    expect(resolveAppRequest(root, 'linli://app/assets/index-abc123.js?v=1#x')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc123.js'),
      fallbackToIndex: false,
    });
    expect(resolveAppRequest(root, 'linli://app/voice/%E4%BD%A0%E5%A5%BD.mp3')).toMatchObject({
      path: join(root, 'voice', '你好.mp3'),
    });
    expect(resolveAppRequest(root, 'linli://app/..file.js')).toMatchObject({ path: join(root, '..file.js') });
  });

  it('marks screens of the single-page app for the index.html fallback', () => {
    expect(resolveAppRequest(root, 'linli://app/guides/transport')).toEqual({
      kind: 'file',
      path: join(root, 'guides', 'transport'),
      fallbackToIndex: true,
    });
  });

  it.each([
    // The URL parser folds these dot segments before we see them, so they stay inside.
    ['linli://app/../../etc/passwd', 'inside'],
    ['linli://app/%2e%2e/%2e%2e/etc/passwd', 'inside'],
    // These only become `..` once decoded.
    ['linli://app/..%2f..%2fetc%2fpasswd', 'refused'],
    ['linli://app/assets/..%2f..%2f..%2fetc%2fpasswd', 'refused'],
    ['linli://app/%2e%2e%2frenderer-secrets.js', 'refused'],
  ])('never leaves the directory: %s', (url, outcome) => {
    const result = resolveAppRequest(root, url);
    if (outcome === 'inside') {
      expect(result).toEqual({ kind: 'file', path: join(root, 'etc', 'passwd'), fallbackToIndex: true });
    } else {
      expect(result).toEqual({ kind: 'reject', status: 404 });
    }
  });

  it('refuses other origins, malformed escapes and NUL bytes', () => {
    expect(resolveAppRequest(root, 'linli://app.evil/index.html')).toEqual({ kind: 'reject', status: 404 });
    expect(resolveAppRequest(root, 'https://example.com/')).toEqual({ kind: 'reject', status: 404 });
    expect(resolveAppRequest(root, 'linli://app/%E4%BD')).toEqual({ kind: 'reject', status: 400 });
    expect(resolveAppRequest(root, 'linli://app/index.html%00.js')).toEqual({ kind: 'reject', status: 400 });
  });
});

describe('contentTypeFor', () => {
  it('names the renderer’s file types', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/f.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/v.mp3')).toBe('audio/mpeg');
    expect(contentTypeFor('/x/blob')).toBe('application/octet-stream');
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and nothing framed, posted or embedded', () => {
    const directives = new Map(
      contentSecurityPolicy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'media-src': "'self' blob: data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'",
    });
  });
});

describe('parseShellArgs', () => {
  it('reads --config and --simulate among Electron’s and Chromium’s own arguments', () => {
    expect(
      parseShellArgs(['/opt/electron', '--inspect=0', 'dist/electron/main.cjs', '--config', '/etc/linli.yaml', '--simulate']),
    ).toEqual({ configPath: '/etc/linli.yaml', simulate: true });
    expect(parseShellArgs(['electron', '.', '--config=site.yaml'])).toEqual({ configPath: 'site.yaml', simulate: false });
    expect(parseShellArgs(['electron', '.'])).toEqual({ configPath: undefined, simulate: false });
    expect(parseShellArgs(['electron', '.', '--config'])).toEqual({ configPath: undefined, simulate: false });
    expect(parseShellArgs(['electron', '.', '--config='])).toEqual({ configPath: undefined, simulate: false });
  });
});
