import { useEffect } from 'react';

/**
 * Speech: screens ask for something to be said with `requestSpeech`; one listener in App says it
 * at the kiosk's rate and volume. Today that listener uses the platform's speech (Windows has
 * Chinese voices; Linux Chromium often has none, and then the words simply stay on screen); the
 * voice feature swaps in its own engine behind the same request.
 */
export interface SpeechRequest {
  text: string;
  /** The `<html lang>` of the words, so the voice matches the screen. */
  lang: string;
}

export const SPEECH_EVENT = 'linli:speak';

export function requestSpeech(request: SpeechRequest): void {
  window.dispatchEvent(new CustomEvent<SpeechRequest>(SPEECH_EVENT, { detail: request }));
}

function speakWithPlatform({ text, lang }: SpeechRequest, rate: number, volume: number): void {
  const synth = window.speechSynthesis;
  if (!synth) return;
  const prefix = (lang.split('-')[0] ?? lang).toLowerCase();
  const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(prefix));
  if (!voice) return;
  // A new request replaces whatever is still being said: the newest state is the true one.
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = rate;
  utterance.volume = volume;
  synth.speak(utterance);
}

/** Says every requested line at the elder settings' rate and volume. Mounted once, in App. */
export function useSpeechOutput(settings: { speechRate: number; volume: number }): void {
  const { speechRate, volume } = settings;
  useEffect(() => {
    const onRequest = (event: Event): void => speakWithPlatform((event as CustomEvent<SpeechRequest>).detail, speechRate, volume);
    window.addEventListener(SPEECH_EVENT, onRequest);
    return () => window.removeEventListener(SPEECH_EVENT, onRequest);
  }, [speechRate, volume]);
}
