import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KioskCommandError, sessionEnded } from '../../../renderer/src/api/client.ts';
import { signInProblem } from '../../../renderer/src/emergency/sign-in-problem.ts';

const strings = (lang: string): Record<string, Record<string, Record<string, string>>> =>
  JSON.parse(readFileSync(new URL(`../../../content/ui/${lang}.json`, import.meta.url), 'utf8')) as never;
const words = (lang: string, key: string): string | undefined => {
  const [, group, leaf] = key.split('.');
  return strings(lang)['staff']?.[group!]?.[leaf!];
};

describe('a failed staff sign-in, in words', () => {
  // The core's own sentences, as it sends them today, with the numbers beside them: the sentences may never reach the screen.
  const wrongPin = new KioskCommandError({ code: 'forbidden', message: 'Wrong PIN (4 tries left).', signIn: { triesLeft: 4 } });
  const lockedNow = new KioskCommandError({ code: 'forbidden', message: 'Wrong PIN. Sign-in is locked for 5 min.', signIn: { lockedMinutes: 5 } });
  const stillLocked = new KioskCommandError({ code: 'forbidden', message: 'Too many wrong PINs; try again in 3 min.', signIn: { lockedMinutes: 3 } });
  const bare = new KioskCommandError({ code: 'forbidden', message: 'Wrong PIN (4 tries left).' });

  it('a wrong PIN says how many tries are left, a lockout how many minutes, whatever the English says', () => {
    expect(signInProblem(wrongPin)).toEqual({ key: 'staff.signInFailed.wrongPin', values: { tries: 4 } });
    expect(signInProblem(lockedNow)).toEqual({ key: 'staff.signInFailed.locked', values: { minutes: 5 } });
    expect(signInProblem(stillLocked)).toEqual({ key: 'staff.signInFailed.locked', values: { minutes: 3 } });
  });

  it('a refusal without numbers still gets one localised line covering both', () => {
    expect(signInProblem(bare)).toEqual({ key: 'staff.signInFailed.forbidden', values: {} });
  });

  it('no PIN set, or no answer in time, is told apart from a wrong PIN', () => {
    expect(signInProblem(new KioskCommandError({ code: 'unavailable', message: 'No staff PIN is set in the site file (staff.pinHash).' })).key).toBe(
      'staff.signInFailed.unavailable',
    );
    expect(signInProblem(new KioskCommandError({ code: 'unavailable', message: 'No answer to staff.signIn' })).key).toBe('staff.signInFailed.unavailable');
  });

  it('anything else (a bug, a thrown TypeError) gets the plain "try again"', () => {
    expect(signInProblem(new KioskCommandError({ code: 'internal', message: 'boom' })).key).toBe('staff.signInFailed.other');
    expect(signInProblem(new TypeError('x is undefined')).key).toBe('staff.signInFailed.other');
  });

  it('every line exists in Simplified Chinese and English, with no English in the Chinese, and fills in its number', () => {
    const errors = [wrongPin, lockedNow, bare, new KioskCommandError({ code: 'unavailable', message: '' }), new Error('')];
    for (const { key, values } of errors.map(signInProblem)) {
      for (const lang of ['zh', 'en']) {
        const line = words(lang, key);
        expect(line, `${lang} ${key}`).toBeTruthy();
        for (const name of Object.keys(values)) expect(line, `${lang} ${key}`).toContain(`{{${name}}}`);
      }
      expect(words('zh', key)!.replace(/\{\{\w+\}\}/g, ''), key).toMatch(/^[^A-Za-z]+$/);
    }
  });
});

describe('when a staff command fails', () => {
  it('only a refused session sends staff back to the PIN pad; a link that did not answer leaves them where they were', () => {
    expect(sessionEnded(new KioskCommandError({ code: 'forbidden', message: 'Staff session has ended; please sign in again.' }))).toBe(true);
    expect(sessionEnded(new KioskCommandError({ code: 'unavailable', message: 'No answer to staff.alarms' }))).toBe(false);
    expect(sessionEnded(new KioskCommandError({ code: 'internal', message: 'boom' }))).toBe(false);
    expect(sessionEnded(new TypeError('x is undefined'))).toBe(false);
  });
});
