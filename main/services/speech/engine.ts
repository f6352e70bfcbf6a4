import type { LocalizedText } from '../../content/schema.ts';

import type { SpeechLanguage } from '../../api/speech.ts';

export type EngineState = { ok: true } | { ok: false; reason: LocalizedText };

/**
 * A synthesiser the core can run. The service hands it one phrase at a time (already split at
 * punctuation), so an engine only has to turn short text into samples.
 */
export interface SpeechEngine {
  /** For logs and staff health, e.g. "espeak-ng". */
  readonly name: string;
  /** Every phrase comes back at this rate, mono 16-bit. */
  readonly sampleRate: number;
  /** Whether it can speak now; when not, why, in words for staff. */
  probe(): Promise<EngineState>;
  /** `perMinute`: syllables (字) a minute for Chinese, words a minute for English (see pace.ts). */
  synthesize(phrase: string, lang: SpeechLanguage, perMinute: number): Promise<Int16Array>;
}

/** The engine failed on a phrase it should have spoken; the message is safe to log (it never holds the text). */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}
