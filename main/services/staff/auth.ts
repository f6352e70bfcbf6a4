import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { verifyPin } from '../../config/pin.ts';
import { CommandError } from '../../api/dispatcher.ts';

/** Wrong PINs so far, and the lockouts since the last right one; kept across restarts. */
export const lockoutState = z.object({
  failures: z.int().min(0),
  lockouts: z.int().min(0),
  lockedUntil: z.number(),
});
export type LockoutState = z.infer<typeof lockoutState>;

/** However many lockouts came before, one lasts no longer than this: staff must be able to sign in within the hour. */
const LONGEST_LOCKOUT_MS = 60 * 60_000;

export interface StaffAuthOptions {
  pinHash: string | undefined;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** A session ends after this long without a staff command. */
  idleMinutes?: number;
  now?: () => number;
  /** Where the last run left the count, so a restart does not hand out fresh guesses. */
  saved?: LockoutState;
  /** Told of every change to the count, to keep it; `locked` when a lockout has just begun. */
  onChange?: (state: LockoutState, locked: boolean) => void;
}

/**
 * Staff sign-in by PIN at the kiosk. Wrong PINs are counted; after `lockoutAttempts` in a row,
 * sign-in is refused for `lockoutMinutes`, twice as long for each lockout after that until a right
 * PIN (up to an hour), so a PIN cannot be guessed at the screen a few tries at a time for days.
 */
export class StaffAuth {
  readonly #sessions = new Map<string, number>();
  readonly #now: () => number;
  readonly #idleMs: number;
  #state: LockoutState;

  constructor(private readonly o: StaffAuthOptions) {
    this.#now = o.now ?? Date.now;
    this.#idleMs = (o.idleMinutes ?? 15) * 60_000;
    this.#state = o.saved ?? { failures: 0, lockouts: 0, lockedUntil: 0 };
  }

  #longestLockMs(): number {
    return Math.max(LONGEST_LOCKOUT_MS, this.o.lockoutMinutes * 60_000);
  }

  #set(state: LockoutState, locked = false): void {
    this.#state = state;
    this.o.onChange?.(state, locked);
  }

  signIn(pin: string): { token: string; expiresAt: string } {
    const now = this.#now();
    if (!this.o.pinHash) throw new CommandError('unavailable', 'No staff PIN is set in the site file (staff.pinHash).');
    // A lock set before the clock stepped back (or kept by a board that boots with no clock) must
    // not keep staff out for longer than a lockout ever lasts: it is brought back within reach.
    if (this.#state.lockedUntil - now > this.#longestLockMs()) this.#state = { ...this.#state, lockedUntil: now + this.#longestLockMs() };
    const { failures, lockouts, lockedUntil } = this.#state;
    if (now < lockedUntil) {
      const minutes = Math.ceil((lockedUntil - now) / 60_000);
      throw new CommandError('forbidden', `Too many wrong PINs; try again in ${minutes} min.`, { signIn: { lockedMinutes: minutes } });
    }
    if (!verifyPin(pin, this.o.pinHash)) {
      if (failures + 1 < this.o.lockoutAttempts) {
        this.#set({ failures: failures + 1, lockouts, lockedUntil });
        const triesLeft = this.o.lockoutAttempts - failures - 1;
        throw new CommandError('forbidden', `Wrong PIN (${triesLeft} tries left).`, { signIn: { triesLeft } });
      }
      const lockMs = Math.min(this.o.lockoutMinutes * 60_000 * 2 ** lockouts, this.#longestLockMs());
      this.#set({ failures: 0, lockouts: lockouts + 1, lockedUntil: now + lockMs }, true);
      const lockedMinutes = Math.max(1, Math.round(lockMs / 60_000));
      throw new CommandError('forbidden', `Wrong PIN. Sign-in is locked for ${lockedMinutes} min.`, { signIn: { lockedMinutes } });
    }
    if (failures > 0 || lockouts > 0) this.#set({ failures: 0, lockouts: 0, lockedUntil: 0 });
    return this.#open(now);
  }

  /**
   * A session for a staff member who laid their ID card on the reader; the caller has matched
   * the card's key against the site file's list. Not subject to the PIN lockout: a card cannot
   * be guessed at the screen.
   */
  issueForCard(): { token: string; expiresAt: string } {
    return this.#open(this.#now());
  }

  #open(now: number): { token: string; expiresAt: string } {
    const token = randomBytes(32).toString('hex');
    this.#sessions.set(token, now + this.#idleMs);
    return { token, expiresAt: new Date(now + this.#idleMs).toISOString() };
  }

  /** Checks a token and extends its session; throws `forbidden` when it is not valid. */
  require(token: string): void {
    const now = this.#now();
    const expires = this.#sessions.get(token);
    if (expires === undefined || expires <= now) {
      this.#sessions.delete(token);
      throw new CommandError('forbidden', 'Staff session has ended; please sign in again.');
    }
    this.#sessions.set(token, now + this.#idleMs);
  }

  signOut(token: string): void {
    this.#sessions.delete(token);
  }
}
