import { KioskCommandError } from '../api/client.ts';

/**
 * What a failed PIN sign-in says, as a UI string key. The core's reply carries a code and an
 * English sentence (tries left, minutes locked) meant for logs; nothing is read out of the
 * sentence, so a reworded message cannot break the screen, and staff read their own language.
 */
export function signInProblem(err: unknown): 'staff.signInFailed.forbidden' | 'staff.signInFailed.unavailable' | 'staff.signInFailed.other' {
  if (!(err instanceof KioskCommandError)) return 'staff.signInFailed.other';
  switch (err.error.code) {
    // A wrong PIN, or sign-in locked after too many.
    case 'forbidden':
      return 'staff.signInFailed.forbidden';
    // No PIN in the site file, or no answer from the core in time.
    case 'unavailable':
      return 'staff.signInFailed.unavailable';
    default:
      return 'staff.signInFailed.other';
  }
}
