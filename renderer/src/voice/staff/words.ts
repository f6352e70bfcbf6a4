import type { TFunction } from 'i18next';
import { KioskCommandError, sessionEnded } from '../../api/client.ts';

/** Takes a phrase needs before it can be tried or saved (MINIMUM_TAKES in drivers/wakeword/enrollment.ts). */
export const MIN_TAKES = 3;

/** Seconds the live trial listens for. */
export const TEST_SECONDS = 5;

/** The level meter's scale, in dBFS: below the bottom is silence, the top is full scale. */
export const METER_FLOOR_DB = -60;
/** Quieter than this is too quiet to be a usable take (silentBelowDbfs in drivers/wakeword/takes.ts). */
export const TOO_QUIET_DB = -50;
/** Louder than this is close to clipping. */
export const TOO_LOUD_DB = -6;

/** Where `db` sits on the meter, 0–100. */
export function meterPercent(db: number): number {
  const clamped = Math.min(0, Math.max(METER_FLOOR_DB, db));
  return ((clamped - METER_FLOOR_DB) / -METER_FLOOR_DB) * 100;
}

export type LevelVerdict = 'tooQuiet' | 'tooLoud' | 'levelGood';

export function levelVerdict(db: number): LevelVerdict {
  if (db < TOO_QUIET_DB) return 'tooQuiet';
  if (db > TOO_LOUD_DB) return 'tooLoud';
  return 'levelGood';
}

export interface Fault {
  text: string;
  /** The staff session is over: the screen goes back to the PIN. */
  signedOut: boolean;
  /** The screen gave up waiting; the core may still have finished the work. */
  noAnswer: boolean;
}

/**
 * A failed command in words for staff. The core's messages are English sentences for logs, so
 * the ones staff meet here get their own words; anything else is named by its kind.
 */
export function faultWords(err: unknown, t: TFunction): Fault {
  const plain = (text: string, extra: Partial<Fault> = {}): Fault => ({ text, signedOut: false, noAnswer: false, ...extra });
  if (!(err instanceof KioskCommandError)) return plain(t('voiceStaff.error.noAnswer'), { noAnswer: true });
  const { code, message } = err.error;
  if (sessionEnded(err)) return plain(t('voiceStaff.error.forbidden'), { signedOut: true });
  if (code === 'not-found') return plain(t('voiceStaff.error.notFound'));
  if (code === 'unavailable') {
    if (/^No answer to /.test(message)) return plain(t('voiceStaff.error.noAnswer'), { noAnswer: true });
    if (/no audio is arriving/i.test(message)) return plain(t('voiceStaff.error.noAudio'));
    if (/already in progress/i.test(message)) return plain(t('voiceStaff.error.busy'));
    if (/not enrolled at the kiosk/i.test(message)) return plain(t('voiceStaff.error.engine'));
    return plain(t('voiceStaff.error.unavailable', { detail: message }));
  }
  return plain(t('voiceStaff.error.other', { detail: message }));
}

/** A base64 WAV as something an <audio> can play (the CSP allows blob: media). */
export function wavUrl(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
}
