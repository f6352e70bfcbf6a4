/**
 * The wrong-PIN count kept in the store, so that restarting the kiosk (or crashing it) does not
 * hand out fresh guesses, and staff told when sign-in locks: a lockout nobody on staff caused is
 * someone trying PINs at the screen.
 */
import type { Logger } from 'pino';
import type { Store } from '../../store/database.ts';
import { getSetting, setSetting } from '../../store/settings.ts';
import type { HealthService } from '../health/service.ts';
import { lockoutState, type LockoutState } from './auth.ts';

/** A row of kiosk_settings beside the elder settings, which read only their own keys. */
const KEY = 'staffLockout';

const clock = (ms: number): string => new Date(ms).toTimeString().slice(0, 5);

/** The count the last run left, or undefined for none (or one that cannot be read: the count starts again). */
export async function loadLockout(store: Store, log: Logger): Promise<LockoutState | undefined> {
  try {
    const raw = await getSetting(store, KEY);
    if (raw === undefined) return undefined;
    const parsed = lockoutState.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    log.warn('the kept wrong-PIN count is not readable; starting it again');
  } catch (err) {
    log.warn({ err }, 'could not read the kept wrong-PIN count; starting it again');
  }
  return undefined;
}

/** What `StaffAuth` calls on every change: keeps the count, tells staff of a lockout, and that all is well after a right PIN. */
export function keepLockout(store: Store, health: Pick<HealthService, 'report'>, log: Logger): (state: LockoutState, locked: boolean) => void {
  return (state, locked) => {
    setSetting(store, KEY, JSON.stringify(state)).catch((err: unknown) => log.warn({ err }, 'could not keep the wrong-PIN count'));
    if (locked) {
      log.warn({ lockouts: state.lockouts, until: new Date(state.lockedUntil).toISOString() }, 'staff sign-in locked after wrong PINs');
      health.report('staff-sign-in', 'degraded', {
        zh: `员工密码连续输错，密码登录已锁定到 ${clock(state.lockedUntil)}（自上次正确登录以来第 ${state.lockouts} 次锁定）。如果不是员工在试，请留意是否有人在猜密码；员工卡仍可登录。`,
        en: `Wrong staff PINs in a row: PIN sign-in is locked until ${clock(state.lockedUntil)} (lockout ${state.lockouts} since the last right PIN). If it was not staff, someone may be guessing the PIN; staff cards still sign in.`,
      });
    } else if (state.lockouts === 0 && state.failures === 0) {
      health.report('staff-sign-in', 'ok', { zh: '员工登录正常。', en: 'Staff sign-in is normal.' });
    }
  };
}
