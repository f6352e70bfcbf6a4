import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { KioskClient } from '../api/client.ts';
import { speakWithCore } from '../speech/core-voice.ts';
import { platformVoice, speakWithPlatform } from '../speech/platform-voice.ts';
import { speechState, subscribeSpeechState, updateSpeechState, type SpokenSegment } from '../speech/state.ts';
import type { SpeechJob, SpeechOutcome } from '../speech/voices.ts';

export { useSpeechState, type Speaking, type SpokenSegment } from '../speech/state.ts';

/**
 * Speech: screens ask for something to be said with `requestSpeech`; one listener in App says it
 * at the kiosk's rate and volume. A newer request replaces whatever is still being said: the
 * newest state is the true one. Voices, best first: a recorded clip from the core, the platform's
 * own voice where it has one for the language (Windows), the core's espeak-ng. With none, the
 * words simply stay on screen.
 */
export interface SpeechRequest {
  text: string;
  /** The `<html lang>` of the words, so the voice matches the screen. */
  lang: string;
  /** The UI string's key, when the text is a fixed prompt a site may have recorded. */
  key?: string;
  /**
   * Who asked, so a reader (ReadAloud) can tell its own text is the one being said. Speech with an
   * owner is a reading someone started (朗读全文): it holds off the idle reset (useReadingAloud).
   */
  owner?: string;
  /** The screen's spoken summary: what "再听一遍" says again. */
  summary?: boolean;
}

export const SPEECH_EVENT = 'linli:speak';
const STOP_EVENT = 'linli:speak-stop';

let lastSummary: SpeechRequest | undefined;

export function requestSpeech(request: SpeechRequest): void {
  if (request.summary) lastSummary = request;
  window.dispatchEvent(new CustomEvent<SpeechRequest>(SPEECH_EVENT, { detail: request }));
}

/** Says the current screen's summary again ("再听一遍", or the spoken command). */
export function repeatSummary(): void {
  if (lastSummary) requestSpeech(lastSummary);
}

/** Stops whatever is being said. */
export function stopSpeech(): void {
  window.dispatchEvent(new Event(STOP_EVENT));
}

/** Whether the kiosk is saying something (from the request until its voice ends). */
export function isSpeaking(): boolean {
  return speechState().speaking !== null;
}

/** Calls back with true when the kiosk starts speaking and false when it stops (the microphone pauses meanwhile). */
export function onSpeakingChange(listener: (speaking: boolean) => void): () => void {
  let was = isSpeaking();
  return subscribeSpeechState(() => {
    const now = isSpeaking();
    if (now !== was) {
      was = now;
      listener(now);
    }
  });
}

/**
 * Whether a reading someone started (朗读全文) is being said: they are listening, not gone, however
 * long a slow reading of a long guide takes. Not any speech: the kiosk's own calls for attention
 * (the idle question, "请取回您的身份证" every few seconds) go on with nobody there.
 */
export function useReadingAloud(): boolean {
  return useSyncExternalStore(subscribeSpeechState, () => speechState().speaking?.owner !== undefined);
}

const sameSegment = (a: SpokenSegment | null, b: SpokenSegment | null): boolean =>
  a === b || (a !== null && b !== null && a.start === b.start && a.end === b.end);

async function say(client: KioskClient, job: SpeechJob): Promise<SpeechOutcome> {
  // A site's recording wins over any synthesis, the platform's included.
  const voice = platformVoice(job.htmlLang);
  if (!voice) return speakWithCore(client, job);
  const clip = await speakWithCore(client, job, true);
  if (clip !== 'unavailable' || job.signal.aborted) return clip;
  return speakWithPlatform(voice, job);
}

/** Says every requested line at the elder settings' rate and volume. Mounted once, in App. */
export function useSpeechOutput(client: KioskClient, settings: { speechRate: number; volume: number }): void {
  // The rate is read when a request arrives, so a change never cuts off what is being said.
  const latest = useRef(settings);
  latest.current = settings;
  // Turned right down (or read from the core after a summary had started): stop, and let the microphone listen.
  useEffect(() => {
    if (settings.volume === 0) stopSpeech();
  }, [settings.volume]);
  useEffect(() => {
    let current: AbortController | undefined;
    const stop = (): void => {
      current?.abort();
      current = undefined;
      updateSpeechState({ speaking: null });
    };
    const onRequest = (event: Event): void => {
      const request = (event as CustomEvent<SpeechRequest>).detail;
      current?.abort();
      // Muted: nothing would be heard, so nothing is said, and the microphone need not pause for it.
      if (latest.current.volume === 0) {
        stop();
        return;
      }
      const controller = new AbortController();
      current = controller;
      const { text, lang, key, owner } = request;
      updateSpeechState({ speaking: { owner, text, segment: null }, unavailable: undefined });
      const job: SpeechJob = {
        text,
        htmlLang: lang,
        ...(key !== undefined ? { key } : {}),
        rate: latest.current.speechRate,
        volume: () => latest.current.volume,
        signal: controller.signal,
        onSegment: (segment) => {
          const speaking = speechState().speaking;
          if (controller.signal.aborted || !speaking || sameSegment(speaking.segment, segment)) return;
          updateSpeechState({ speaking: { ...speaking, segment } });
        },
      };
      void say(client, job).then((outcome) => {
        if (current !== controller) return;
        current = undefined;
        updateSpeechState({ speaking: null, unavailable: outcome === 'unavailable' ? (owner ?? '') : undefined });
      });
    };
    window.addEventListener(SPEECH_EVENT, onRequest);
    window.addEventListener(STOP_EVENT, stop);
    return () => {
      window.removeEventListener(SPEECH_EVENT, onRequest);
      window.removeEventListener(STOP_EVENT, stop);
      stop();
    };
  }, [client]);
}
