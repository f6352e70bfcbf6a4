import type { SpokenSegment } from './state.ts';

/** One request being said, by whichever voice. */
export interface SpeechJob {
  text: string;
  /** The screen's `<html lang>`. */
  htmlLang: string;
  /** A prompt's UI string key, so a recorded clip of it can be used. */
  key?: string;
  /** The elder setting's multiplier (main/services/speech/pace.ts). */
  rate: number;
  /** The elder setting now (0–1): read as the voice goes, so a change is heard at once. */
  volume(): number;
  /** Aborted when a newer request replaces this one, or on 停止. */
  signal: AbortSignal;
  /** The phrase being said now, as offsets into `text`; null between phrases. */
  onSegment(segment: SpokenSegment | null): void;
}

/** `unavailable`: nothing could say it (no voice, no engine, no audio output); the words stay on screen. */
export type SpeechOutcome = 'done' | 'stopped' | 'unavailable';
