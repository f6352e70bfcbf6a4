import { describe, expect, it } from 'vitest';
import { hashPin } from '../../../main/config/pin.ts';
import { StaffAuth } from '../../../main/services/staff/auth.ts';

const pinHash = hashPin('246810');

function auth(now: { t: number }) {
  return new StaffAuth({ pinHash, lockoutAttempts: 5, lockoutMinutes: 5, idleMinutes: 15, now: () => now.t });
}

describe('staff sign-in', () => {
  it('the right PIN gives a session token that works until it idles out', () => {
    const clock = { t: 0 };
    const a = auth(clock);
    const { token } = a.signIn('246810');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(() => a.require(token)).not.toThrow();
    clock.t += 14 * 60_000;
    expect(() => a.require(token)).not.toThrow();
    clock.t += 16 * 60_000;
    expect(() => a.require(token)).toThrow(/sign in again/);
  });

  it('five wrong PINs lock sign-in for five minutes, even for the right PIN', () => {
    const clock = { t: 0 };
    const a = auth(clock);
    for (let i = 0; i < 4; i++) expect(() => a.signIn('000000')).toThrow(/Wrong PIN/);
    expect(() => a.signIn('000000')).toThrow(/locked for 5 min/);
    expect(() => a.signIn('246810')).toThrow(/Too many wrong PINs/);
    clock.t += 5 * 60_000 + 1;
    expect(a.signIn('246810').token).toHaveLength(64);
  });

  it('a right PIN resets the count of wrong ones', () => {
    const a = auth({ t: 0 });
    for (let i = 0; i < 4; i++) expect(() => a.signIn('111111')).toThrow();
    a.signIn('246810');
    for (let i = 0; i < 4; i++) expect(() => a.signIn('111111')).toThrow(/Wrong PIN \(/);
  });

  it('signing out ends the session; unknown tokens are refused', () => {
    const a = auth({ t: 0 });
    const { token } = a.signIn('246810');
    a.signOut(token);
    expect(() => a.require(token)).toThrow();
    expect(() => a.require('f'.repeat(64))).toThrow();
  });

  it('with no PIN configured, sign-in is unavailable, not open', () => {
    const a = new StaffAuth({ pinHash: undefined, lockoutAttempts: 5, lockoutMinutes: 5 });
    expect(() => a.signIn('1234')).toThrow(/No staff PIN/);
  });
});
