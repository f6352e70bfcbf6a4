import type { SpeechLanguage } from '../../api/speech.ts';
import type { Pause } from '../../api/speech-phrases.ts';

/**
 * How fast the kiosk speaks. The elder setting `speechRate` (0.5–1.5) is a multiplier of a pace
 * chosen for older listeners, not of a synthesiser's everyday speed: at 1 the kiosk says about
 * 130 字 a minute. facts/voice.md §5: older Chinese adults want a voice robot to answer more
 * slowly than they speak themselves (Wang, Yang & Xu 2023), and about 120 字/分钟, 80 % of normal
 * speed, is suggested for them; 130 keeps a little of the natural rhythm. "慢" (0.75) is then
 * about 98 and "快" (1.25) about 163.
 *
 * English is counted in words: 130 words a minute sits between the 120 suggested for
 * clarifications and the 150–200 older listeners found comfortable with DECtalk (§5).
 */
export const BASE_PER_MINUTE: Record<SpeechLanguage, number> = { zh: 130, 'zh-Hant': 130, en: 130 };

export function perMinute(lang: SpeechLanguage, rate: number): number {
  return Math.round(BASE_PER_MINUTE[lang] * rate);
}

/** The breath between phrases at 130 a minute, in ms; slower speech breathes longer. */
const PAUSE_MS: Record<Pause, number> = { none: 0, short: 250, long: 550 };

export function pauseMs(pause: Pause, lang: SpeechLanguage, pace: number): number {
  return Math.round((PAUSE_MS[pause] * BASE_PER_MINUTE[lang]) / pace);
}

/**
 * espeak-ng's `-s` counts words a minute, and a pinyin syllable or a Cantonese character is not
 * a word to it. Measured here (espeak-ng 1.51, 50 syllables of guide text, whole file length):
 * `-s` → 字 a minute.
 */
const CALIBRATION: Record<'cmn' | 'yue', readonly (readonly [number, number])[]> = {
  cmn: [[80, 97.6], [100, 116.9], [120, 141.3], [150, 180.4], [200, 251.1], [300, 412.9]],
  yue: [[80, 122.5], [100, 146.1], [120, 176.4], [150, 224.8], [200, 310.4], [300, 493.3]],
};

/** espeak-ng refuses to go slower than this `-s`; beyond it the gap between words (`-g`) slows it. */
const SLOWEST = 80;
/** One unit of `-g` at `-s 80` adds this much per syllable (measured with both voices: 32–34 ms). */
const GAP_UNIT_MS = 33;

export interface EspeakPace {
  /** `-s`, words a minute to espeak-ng. */
  speed: number;
  /** `-g`, extra gap between words in espeak's units. */
  gap: number;
}

export function espeakPace(lang: SpeechLanguage, pace: number): EspeakPace {
  if (lang === 'en') return { speed: Math.max(SLOWEST, Math.round(pace)), gap: 0 };
  const table = CALIBRATION[lang === 'zh' ? 'cmn' : 'yue'];
  const [slowS, slowZ] = table[0]!;
  if (pace < slowZ) {
    const extraMs = 60_000 / pace - 60_000 / slowZ;
    return { speed: slowS, gap: Math.round(extraMs / GAP_UNIT_MS) };
  }
  let i = 1;
  while (i < table.length - 1 && pace > table[i]![1]) i++;
  const [s0, z0] = table[i - 1]!;
  const [s1, z1] = table[i]!;
  return { speed: Math.round(s0 + ((pace - z0) * (s1 - s0)) / (z1 - z0)), gap: 0 };
}
