import type { SpeechLanguage } from '../../../main/api/speech.ts';

/** The core's speech language for a screen's `<html lang>` (zh-CN, zh-Hant-HK, en). */
export function speechLanguage(htmlLang: string): SpeechLanguage {
  const lang = htmlLang.toLowerCase();
  if (lang.startsWith('en')) return 'en';
  if (lang.startsWith('zh-hant') || lang === 'zh-hk' || lang === 'zh-tw' || lang === 'zh-mo') return 'zh-Hant';
  return 'zh';
}
