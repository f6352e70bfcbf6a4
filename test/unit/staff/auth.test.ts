import { describe, expect, it } from 'vitest';
import type { CommandError } from '../../../main/api/dispatcher.ts';
import { hashPin } from '../../../main/config/pin.ts';
import { lockoutState, StaffAuth, type LockoutState } from '../../../main/services/staff/auth.ts';

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

  it('each refusal carries the tries left or the minutes locked, for the screen to say in its own language', () => {
    const clock = { t: 0 };
    const a = auth(clock);
    const detail = (pin: string): unknown => {
      try {
        a.signIn(pin);
      } catch (err) {
        return (err as CommandError).detail;
      }
      throw new Error('sign-in was not refused');
    };
    expect([1, 2, 3, 4].map(() => detail('000000'))).toEqual([4, 3, 2, 1].map((triesLeft) => ({ signIn: { triesLeft } })));
    expect(detail('000000')).toEqual({ signIn: { lockedMinutes: 5 } });
    clock.t += 2 * 60_000 + 30_000;
    expect(detail('246810')).toEqual({ signIn: { lockedMinutes: 3 } });
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

describe('the wrong-PIN lockout', () => {
  it('doubles with each lockout until a right PIN, up to an hour', () => {
    const clock = { t: 0 };
    const a = auth(clock);
    const lockOnce = (): void => {
      for (let i = 0; i < 4; i++) expect(() => a.signIn('000000')).toThrow(/Wrong PIN \(/);
      expect(() => a.signIn('000000')).toThrow(/locked/);
    };
    const minutes = [5, 10, 20, 40, 60, 60].map((m) => {
      lockOnce();
      const lockedAt = clock.t;
      clock.t += m * 60_000 - 1;
      expect(() => a.signIn('246810')).toThrow(/Too many wrong PINs/);
      clock.t += 1;
      return (clock.t - lockedAt) / 60_000;
    });
    expect(minutes).toEqual([5, 10, 20, 40, 60, 60]);
    a.signIn('246810');
    lockOnce();
    clock.t += 5 * 60_000;
    expect(a.signIn('246810').token).toHaveLength(64);
  });

  it('carries over a restart: the new run starts where the last left off', () => {
    const clock = { t: 0 };
    let kept: LockoutState | undefined;
    const locks: boolean[] = [];
    const first = new StaffAuth({ pinHash, lockoutAttempts: 5, lockoutMinutes: 5, now: () => clock.t, onChange: (s, locked) => ((kept = s), locks.push(locked)) });
    for (let i = 0; i < 3; i++) expect(() => first.signIn('000000')).toThrow();
    const second = new StaffAuth({ pinHash, lockoutAttempts: 5, lockoutMinutes: 5, now: () => clock.t, saved: lockoutState.parse(kept), onChange: (s, locked) => ((kept = s), locks.push(locked)) });
    expect(() => second.signIn('000000')).toThrow(/1 tries left/);
    expect(() => second.signIn('000000')).toThrow(/locked for 5 min/);
    expect(locks).toEqual([false, false, false, false, true]);
    const third = new StaffAuth({ pinHash, lockoutAttempts: 5, lockoutMinutes: 5, now: () => clock.t, saved: lockoutState.parse(kept) });
    expect(() => third.signIn('246810')).toThrow(/Too many wrong PINs/);
  });
});

describe('a kept lockout', () => {
  it('lasts no longer than a lockout ever does, even if it was kept before the clock stepped back', () => {
    const clock = { t: 1_000_000 };
    const a = new StaffAuth({ pinHash, lockoutAttempts: 5, lockoutMinutes: 5, now: () => clock.t, saved: { failures: 0, lockouts: 4, lockedUntil: clock.t + 10 * 86_400_000 } });
    expect(() => a.signIn('246810')).toThrow(/try again in 60 min/);
    clock.t += 60 * 60_000;
    expect(a.signIn('246810').token).toHaveLength(64);
  });
});
