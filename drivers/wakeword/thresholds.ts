/**
 * When a window is close enough to a phrase. Noise pushes every window — the phrase included —
 * further from the clean-ish templates, so the bar is set by sensitivity and then relaxed as the
 * room gets louder relative to the speech in it. Each front end measures distance on its own
 * scale, so each has its own numbers. They were chosen on the development voices of the test
 * corpus (`DEV_VOICES`), never on the bench's held-out voices.
 */

export interface ThresholdScale {
  /** Threshold at sensitivity 0.5 in a quiet room. */
  readonly quiet: number;
  /** How far sensitivity 0 or 1 moves it. */
  readonly sensitivitySpan: number;
  /** Extra distance allowed once the speech is only NOISY_DB above the room. */
  readonly noiseAllowance: number;
}

/**
 * MFCC: in quiet, other speech came no closer than 0.17 while the phrase stayed under 0.13; with
 * hall noise 10 dB below the speech, the phrase stayed under 0.23 while other speech came no
 * closer than 0.25.
 */
export const MFCC_THRESHOLDS: ThresholdScale = Object.freeze({ quiet: 0.15, sensitivitySpan: 0.1, noiseAllowance: 0.09 });

/**
 * Speech embeddings with cosine DTW: the phrase stayed under 0.06 in quiet and under 0.09 in
 * hall noise 5 dB below it, while other speech came no closer than 0.09 (快来吃饭 against 快来人).
 * Of the pairs tried, 0.07 plus up to 0.025 in noise was the loosest that let no other speech
 * through (9 minutes of it: quiet, hall noise and babble at 10 dB). Six-talker babble 10 dB
 * below the phrase moves it 0.1–0.2 away, as far as other speech: that needs a trained model.
 */
export const EMBEDDING_THRESHOLDS: ThresholdScale = Object.freeze({ quiet: 0.07, sensitivitySpan: 0.04, noiseAllowance: 0.025 });

/** Peak-to-floor levels (dB) at which the room counts as quiet, and as fully noisy. */
const QUIET_DB = 40;
const NOISY_DB = 15;

/** 0–1, as Porcupine's sensitivity (facts/voice.md §1.1): higher means fewer misses and more false alarms. */
export function quietThreshold(sensitivity: number, scale: ThresholdScale = MFCC_THRESHOLDS): number {
  const s = Math.min(1, Math.max(0, sensitivity));
  return scale.quiet + (s - 0.5) * scale.sensitivitySpan;
}

/**
 * Added to every phrase's threshold, from how far the recent speech peak stands above the room's
 * noise floor (`EnergyVad.peakOverFloorDb`).
 */
export function noiseAllowance(peakOverFloorDb: number, scale: ThresholdScale = MFCC_THRESHOLDS): number {
  if (!(peakOverFloorDb < QUIET_DB)) return 0;
  const noisy = Math.min(1, (QUIET_DB - peakOverFloorDb) / (QUIET_DB - NOISY_DB));
  return noisy * scale.noiseAllowance;
}
