import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KioskCommandError } from '../../../renderer/src/api/client.ts';
import { signInProblem } from '../../../renderer/src/emergency/sign-in-problem.ts';

const strings = (lang: string): Record<string, Record<string, Record<string, string>>> =>
  JSON.parse(readFileSync(new URL(`../../../content/ui/${lang}.json`, import.meta.url), 'utf8')) as never;
const words = (lang: string, key: string): string | undefined => {
  const [, group, leaf] = key.split('.');
  return strings(lang)['staff']?.[group!]?.[leaf!];
};

describe('a failed staff sign-in, in words', () => {
  // The core's own sentences, as it sends them today: none of them may reach the screen.
  const refusals = [
    new KioskCommandError({ code: 'forbidden', message: 'Wrong PIN (4 tries left).' }),
    new KioskCommandError({ code: 'forbidden', message: 'Wrong PIN. Sign-in is locked for 5 min.' }),
    new KioskCommandError({ code: 'forbidden', message: 'Too many wrong PINs; try again in 3 min.' }),
  ];

  it('a wrong PIN or a lockout is one localised line, whatever the English says', () => {
    for (const err of refusals) expect(signInProblem(err)).toBe('staff.signInFailed.forbidden');
  });

  it('no PIN set, or no answer in time, is told apart from a wrong PIN', () => {
    expect(signInProblem(new KioskCommandError({ code: 'unavailable', message: 'No staff PIN is set in the site file (staff.pinHash).' }))).toBe(
      'staff.signInFailed.unavailable',
    );
    expect(signInProblem(new KioskCommandError({ code: 'unavailable', message: 'No answer to staff.signIn' }))).toBe('staff.signInFailed.unavailable');
  });

  it('anything else (a bug, a thrown TypeError) gets the plain "try again"', () => {
    expect(signInProblem(new KioskCommandError({ code: 'internal', message: 'boom' }))).toBe('staff.signInFailed.other');
    expect(signInProblem(new TypeError('x is undefined'))).toBe('staff.signInFailed.other');
  });

  it('every line exists in Simplified Chinese and English, with no English in the Chinese', () => {
    const errors = [...refusals, new KioskCommandError({ code: 'unavailable', message: '' }), new Error('')];
    for (const key of new Set(errors.map(signInProblem))) {
      expect(words('zh', key), key).toMatch(/^[^A-Za-z]+$/);
      expect(words('en', key), key).toBeTruthy();
    }
  });
});
