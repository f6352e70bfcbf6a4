import { z } from 'zod';

/**
 * The speech (read-aloud) part of the kiosk API. A reply carries its audio as a base64 WAV: on
 * the loopback host and Electron IPC that is cheap, and the renderer asks for a few sentences at
 * a time so no reply is large.
 */

/** Languages the kiosk speaks, as the renderer names its screens' languages. */
export const speechLanguages = ['zh', 'zh-Hant', 'en'] as const;
export type SpeechLanguage = (typeof speechLanguages)[number];

/** Longest text one request may ask to be said: about a screen of a guide. */
export const MAX_SPEECH_CHARS = 2000;

export const speechSegmentSchema = z.object({
  /** What is being said from startMs to endMs: offsets into the request's text (UTF-16 code units). */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  startMs: z.number().nonnegative(),
  endMs: z.number().nonnegative(),
});

export const speechCommands = {
  /**
   * Says `text` in `lang`: a recorded clip when content/audio has one (for `key`, a UI string's
   * key, or this exact text), else synthesised. `rate` is the elder setting's multiplier; absent,
   * the kiosk's setting. No engine: `available: false` and the words simply stay on screen.
   * Bad text (emoji, control characters, nothing sayable) is skipped, never an error.
   */
  'speech.say': {
    payload: z
      .object({
        text: z.string().min(1).max(MAX_SPEECH_CHARS),
        lang: z.enum(speechLanguages),
        rate: z.number().min(0.5).max(1.5).optional(),
        key: z.string().min(1).max(64).optional(),
        /** false: only a recorded clip may say it (the screen has a voice of its own for the rest). */
        synthesize: z.boolean().optional(),
      })
      .strict(),
    result: z.discriminatedUnion('available', [
      z.object({
        available: z.literal(true),
        /** A mono 16-bit PCM WAV file, base64. */
        audio: z.string(),
        sampleRate: z.number().int().positive(),
        durationMs: z.number().nonnegative(),
        segments: z.array(speechSegmentSchema),
      }),
      z.object({ available: z.literal(false), reason: z.enum(['no-engine', 'engine-failed', 'no-clip']) }),
    ]),
  },
} as const;
