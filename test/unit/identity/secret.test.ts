import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SITE_SECRET_FILE, SiteSecretError, loadSiteSecret, residentKey } from '../../../main/services/identity/secret.ts';
import { StaffAuth } from '../../../main/services/staff/auth.ts';

const dir = (): string => mkdtempSync(join(tmpdir(), 'linli-secret-'));

describe('the site secret', () => {
  it('is made on first start: 32 random bytes as hex, readable by the owner only, and nothing else left behind', () => {
    const d = dir();
    const first = loadSiteSecret(d);
    expect(first.created).toBe(true);
    expect(first.secret).toHaveLength(32);
    expect(readFileSync(join(d, SITE_SECRET_FILE), 'utf8')).toBe(`${first.secret.toString('hex')}\n`);
    expect(statSync(join(d, SITE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual([SITE_SECRET_FILE]);
    expect(loadSiteSecret(dir()).secret.equals(first.secret)).toBe(false);
  });

  it('is read back unchanged on every later start', () => {
    const d = dir();
    const first = loadSiteSecret(d);
    const again = loadSiteSecret(d);
    expect(again.created).toBe(false);
    expect(again.secret.equals(first.secret)).toBe(true);
  });

  it('a damaged file is an error naming the file, and is left as it was', () => {
    for (const text of ['', 'not hex\n', 'ab'.repeat(31), 'zz'.repeat(32)]) {
      const d = dir();
      writeFileSync(join(d, SITE_SECRET_FILE), text, { mode: 0o600 });
      expect(() => loadSiteSecret(d)).toThrow(SiteSecretError);
      expect(() => loadSiteSecret(d)).toThrow(/site-secret is damaged.*Restore it from a backup/);
      expect(readFileSync(join(d, SITE_SECRET_FILE), 'utf8')).toBe(text);
    }
  });

  it('an unreadable one is an error, never replaced', () => {
    // A directory in its place cannot be read by anyone, root included (as chmod 000 could be).
    const d = dir();
    mkdirSync(join(d, SITE_SECRET_FILE));
    expect(() => loadSiteSecret(d)).toThrow(/cannot read the site secret .*EISDIR.*do not delete or replace it/);
    expect(statSync(join(d, SITE_SECRET_FILE)).isDirectory()).toBe(true);
  });

  it('a file others can read is narrowed to 0600', () => {
    const d = dir();
    loadSiteSecret(d);
    chmodSync(join(d, SITE_SECRET_FILE), 0o644);
    expect(loadSiteSecret(d).permissions).toEqual({ state: 'narrowed' });
    expect(statSync(join(d, SITE_SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(loadSiteSecret(d).permissions).toEqual({ state: 'private' });
  });

  it('a file whose permissions cannot be narrowed is still read, and says so instead of throwing', () => {
    const d = dir();
    const made = loadSiteSecret(d);
    chmodSync(join(d, SITE_SECRET_FILE), 0o644);
    const refused = (code: string) => () => {
      throw Object.assign(new Error(`${code}: refused`), { code });
    };
    const readOnly = loadSiteSecret(d, { modes: { stat: statSync, chmod: refused('EROFS') } });
    expect(readOnly.secret.equals(made.secret)).toBe(true);
    expect(readOnly.permissions).toEqual({ state: 'unchanged', exposed: true, problem: expect.stringMatching(/cannot narrow .*site-secret \(EROFS\)/) });
    const unknown = loadSiteSecret(d, { modes: { stat: refused('EPERM'), chmod: chmodSync } });
    expect(unknown.permissions).toEqual({ state: 'unchanged', exposed: false, problem: expect.stringMatching(/cannot check .*\(EPERM\)/) });
    expect(statSync(join(d, SITE_SECRET_FILE)).mode & 0o777).toBe(0o644);
  });

  it('is not made when asked only to read it (the staff-card script)', () => {
    const d = dir();
    expect(() => loadSiteSecret(d, { create: false })).toThrow(/no site secret.*start the kiosk once/);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('resident keys', () => {
  it('are HMAC-SHA256 of the number under the secret, the check character compared upper-case', () => {
    const secret = Buffer.alloc(32, 7);
    const key = residentKey(secret, '11010519491231002X');
    expect(key).toBe(createHmac('sha256', secret).update('11010519491231002X').digest('hex'));
    expect(residentKey(secret, ' 11010519491231002x ')).toBe(key);
    expect(residentKey(Buffer.alloc(32, 8), '11010519491231002X')).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('staff sessions from a card', () => {
  it('give a token that works like a PIN sign-in, even while PIN sign-in is locked', () => {
    const clock = { t: 0 };
    const auth = new StaffAuth({ pinHash: undefined, lockoutAttempts: 1, lockoutMinutes: 5, idleMinutes: 15, now: () => clock.t });
    const { token, expiresAt } = auth.issueForCard();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(expiresAt).toBe(new Date(15 * 60_000).toISOString());
    expect(() => auth.require(token)).not.toThrow();
    clock.t += 16 * 60_000;
    expect(() => auth.require(token)).toThrow(/sign in again/);
  });
});
