import { splitPhrases } from '../../../main/api/speech-phrases.ts';
import type { SpeechJob, SpeechOutcome } from './voices.ts';

/**
 * The platform's speechSynthesis, where it has a real voice for the language (Windows ships
 * Chinese voices). Linux Chromium's voices come from speech-dispatcher's espeak-ng `cmn`, which
 * reads tone digits in English (facts/voice.md §4.1–4.2), and Chrome's network voices need the
 * internet: neither is used, and the core's engine speaks instead.
 */

/**
 * Platform voices speak at an everyday pace at rate 1; the kiosk's pace for older listeners
 * (130 字/分钟, main/services/speech/pace.ts) is about 0.65 of that. An estimate: Windows voices
 * could not be measured here (facts/voice.md §8).
 */
const RATE_AT_KIOSK_PACE = 0.65;

/** Tags to try, best first: the region's own voice, then one of the same script, then any of the language. */
function preferredTags(htmlLang: string): string[] {
  const lang = htmlLang.toLowerCase();
  if (lang.startsWith('zh-hant')) return ['zh-hk', 'zh-tw', 'zh-mo', 'zh'];
  if (lang.startsWith('zh')) return ['zh-cn', 'zh-sg', 'zh'];
  return [lang, lang.split('-')[0]!];
}

export function platformVoice(htmlLang: string): SpeechSynthesisVoice | undefined {
  const synth = typeof window === 'undefined' ? undefined : window.speechSynthesis;
  if (!synth) return undefined;
  const usable = synth.getVoices().filter((v) => v.localService && !/espeak/i.test(`${v.name} ${v.voiceURI}`));
  for (const tag of preferredTags(htmlLang)) {
    const voice = usable.find((v) => {
      const voiceLang = v.lang.toLowerCase().replace('_', '-');
      return voiceLang === tag || voiceLang.startsWith(`${tag}-`);
    });
    if (voice) return voice;
  }
  return undefined;
}

/** Says the job a phrase per utterance, so the highlight follows phrase by phrase whatever boundary events the voice gives. */
export function speakWithPlatform(voice: SpeechSynthesisVoice, job: SpeechJob): Promise<SpeechOutcome> {
  const synth = window.speechSynthesis;
  synth.cancel();
  const phrases = splitPhrases(job.text).filter((p) => job.text.slice(p.start, p.end).trim() !== '');
  if (phrases.length === 0) return Promise.resolve('done');
  return new Promise((resolve) => {
    let finished = false;
    const finish = (outcome: SpeechOutcome): void => {
      if (finished) return;
      finished = true;
      job.signal.removeEventListener('abort', onAbort);
      job.onSegment(null);
      resolve(outcome);
    };
    const onAbort = (): void => {
      synth.cancel();
      finish('stopped');
    };
    job.signal.addEventListener('abort', onAbort);
    phrases.forEach((phrase, i) => {
      const utterance = new SpeechSynthesisUtterance(job.text.slice(phrase.start, phrase.end));
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = job.rate * RATE_AT_KIOSK_PACE;
      utterance.volume = job.volume();
      utterance.onstart = () => job.onSegment({ start: phrase.start, end: phrase.end });
      if (i === phrases.length - 1) utterance.onend = () => finish('done');
      // Cancelling (a newer request) errors the queued utterances too; only a real failure counts.
      utterance.onerror = (event) => {
        if (event.error !== 'interrupted' && event.error !== 'canceled') finish('unavailable');
      };
      synth.speak(utterance);
    });
  });
}
