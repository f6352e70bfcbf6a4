/**
 * When a window is close enough to a phrase. Noise pushes every window — the phrase included —
 * further from the clean-ish templates, so the bar is set by sensitivity and then relaxed as the
 * room gets louder relative to the speech in it. The numbers were chosen on the development
 * voices of the test corpus (`DEV_VOICES`), never on the bench's held-out voices: in quiet, other
 * speech came no closer than 0.17 while the phrase stayed under 0.13; with hall noise 10 dB
 * below the speech, the phrase stayed under 0.23 while other speech came no closer than 0.25.
 */

/** Threshold at sensitivity 0.5 in a quiet room, and how far sensitivity 0 or 1 moves it. */
const QUIET = 0.15;
const SENSITIVITY_SPAN = 0.1;
/** Extra distance allowed once the speech is only NOISY_DB above the room. */
const NOISE_ALLOWANCE = 0.09;
/** Peak-to-floor levels (dB) at which the room counts as quiet, and as fully noisy. */
const QUIET_DB = 40;
const NOISY_DB = 15;

/** 0–1, as Porcupine's sensitivity (facts/voice.md §1.1): higher means fewer misses and more false alarms. */
export function quietThreshold(sensitivity: number): number {
  const s = Math.min(1, Math.max(0, sensitivity));
  return QUIET + (s - 0.5) * SENSITIVITY_SPAN;
}

/**
 * Added to every phrase's threshold, from how far the recent speech peak stands above the room's
 * noise floor (`EnergyVad.peakOverFloorDb`).
 */
export function noiseAllowance(peakOverFloorDb: number): number {
  if (!(peakOverFloorDb < QUIET_DB)) return 0;
  const noisy = Math.min(1, (QUIET_DB - peakOverFloorDb) / (QUIET_DB - NOISY_DB));
  return noisy * NOISE_ALLOWANCE;
}
