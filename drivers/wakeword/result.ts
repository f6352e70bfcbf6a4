/**
 * Bad audio and bad files are reported as values, never thrown, so the kiosk can tell a resident
 * "please say it again" or staff "this file is not an enrolment" without try/catch everywhere.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}
