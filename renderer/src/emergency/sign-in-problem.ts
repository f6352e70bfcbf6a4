import { KioskCommandError } from '../api/client.ts';

export type SignInProblemKey =
  | 'staff.signInFailed.wrongPin'
  | 'staff.signInFailed.locked'
  | 'staff.signInFailed.forbidden'
  | 'staff.signInFailed.unavailable'
  | 'staff.signInFailed.other';

export interface SignInProblem {
  readonly key: SignInProblemKey;
  /** What the line's placeholders are filled with. */
  readonly values: { readonly tries?: number; readonly minutes?: number };
}

/**
 * What a failed PIN sign-in says, as a UI string key and its numbers. The core's reply carries a
 * code, an English sentence meant for logs and, for a wrong PIN, the tries left or minutes
 * locked; nothing is read out of the sentence, so a reworded message cannot break the screen, and
 * staff read their own language.
 */
export function signInProblem(err: unknown): SignInProblem {
  if (!(err instanceof KioskCommandError)) return { key: 'staff.signInFailed.other', values: {} };
  switch (err.error.code) {
    case 'forbidden': {
      const detail = err.error.signIn;
      if (detail && 'triesLeft' in detail) return { key: 'staff.signInFailed.wrongPin', values: { tries: detail.triesLeft } };
      if (detail && 'lockedMinutes' in detail) return { key: 'staff.signInFailed.locked', values: { minutes: detail.lockedMinutes } };
      // A refusal without numbers (a core from before they were sent): the one line that covers both.
      return { key: 'staff.signInFailed.forbidden', values: {} };
    }
    // No PIN in the site file, or no answer from the core in time.
    case 'unavailable':
      return { key: 'staff.signInFailed.unavailable', values: {} };
    default:
      return { key: 'staff.signInFailed.other', values: {} };
  }
}
