import { randomBytes } from 'node:crypto';
import { verifyPin } from '../../config/pin.ts';
import { CommandError } from '../../api/dispatcher.ts';

export interface StaffAuthOptions {
  pinHash: string | undefined;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** A session ends after this long without a staff command. */
  idleMinutes?: number;
  now?: () => number;
}

/**
 * Staff sign-in by PIN at the kiosk. Wrong PINs are counted; after `lockoutAttempts` in a row,
 * sign-in is refused for `lockoutMinutes` so a PIN cannot be guessed at the screen.
 */
export class StaffAuth {
  readonly #sessions = new Map<string, number>();
  readonly #now: () => number;
  readonly #idleMs: number;
  #failures = 0;
  #lockedUntil = 0;

  constructor(private readonly o: StaffAuthOptions) {
    this.#now = o.now ?? Date.now;
    this.#idleMs = (o.idleMinutes ?? 15) * 60_000;
  }

  signIn(pin: string): { token: string; expiresAt: string } {
    const now = this.#now();
    if (!this.o.pinHash) throw new CommandError('unavailable', 'No staff PIN is set in the site file (staff.pinHash).');
    if (now < this.#lockedUntil) {
      const minutes = Math.ceil((this.#lockedUntil - now) / 60_000);
      throw new CommandError('forbidden', `Too many wrong PINs; try again in ${minutes} min.`);
    }
    if (!verifyPin(pin, this.o.pinHash)) {
      this.#failures += 1;
      if (this.#failures >= this.o.lockoutAttempts) {
        this.#failures = 0;
        this.#lockedUntil = now + this.o.lockoutMinutes * 60_000;
        throw new CommandError('forbidden', `Wrong PIN. Sign-in is locked for ${this.o.lockoutMinutes} min.`);
      }
      throw new CommandError('forbidden', `Wrong PIN (${this.o.lockoutAttempts - this.#failures} tries left).`);
    }
    this.#failures = 0;
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
