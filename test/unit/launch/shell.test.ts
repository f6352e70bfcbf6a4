import { describe, expect, it } from 'vitest';
import { chooseShell, chromiumKioskArgs } from '../../../main/launch/shell.ts';

describe('chooseShell', () => {
  const base = { headless: false, electron: undefined, chromium: undefined, display: true };
  it('prefers Electron when its binary is installed', () => {
    expect(chooseShell({ ...base, electron: '/e', chromium: '/c' })).toEqual({ shell: 'electron', binary: '/e' });
  });
  it('falls back to Chromium in app mode when there is a display', () => {
    expect(chooseShell({ ...base, chromium: '/usr/bin/chromium' })).toEqual({ shell: 'chromium', binary: '/usr/bin/chromium' });
  });
  it('runs the host alone without a display, or when asked to', () => {
    expect(chooseShell({ ...base, chromium: '/c', display: false })).toMatchObject({ shell: 'host' });
    expect(chooseShell({ ...base, electron: '/e', headless: true })).toMatchObject({ shell: 'host', reason: '--headless' });
    // Electron with no display would abort instead of serving the host.
    expect(chooseShell({ ...base, electron: '/e', display: false })).toMatchObject({ shell: 'host', reason: expect.stringMatching(/no display/) });
  });
  it('opens Chromium as a kiosk app that stays off the network', () => {
    const args = chromiumKioskArgs('http://127.0.0.1:8420/', '/data/profile', true);
    expect(args).toEqual(
      expect.arrayContaining([
        '--app=http://127.0.0.1:8420/',
        '--kiosk',
        '--user-data-dir=/data/profile',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--no-sandbox',
      ]),
    );
    expect(chromiumKioskArgs('http://127.0.0.1:8420/', '/p', false)).not.toContain('--no-sandbox');
  });
});
