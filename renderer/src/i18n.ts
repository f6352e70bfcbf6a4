import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../content/ui/en.json';
import zhHant from '../../content/ui/generated/zh-Hant.json';
import zh from '../../content/ui/zh.json';

/**
 * Languages the kiosk speaks; content texts are keyed by these. Simplified Chinese is the source
 * and the default, Traditional is generated from it at build (scripts/i18n-build.ts), English is
 * written by hand.
 */
export const languages = ['zh', 'zh-Hant', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh';

/** Each language named in its own script, so a reader finds theirs without reading the others. */
export const languageNames: Record<Language, string> = { zh: '简体', 'zh-Hant': '繁體', en: 'English' };

/** For `<html lang>` (font choice, and later the speech voice): Traditional is the Hong Kong variant. */
export const htmlLang: Record<Language, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-Hant-HK', en: 'en' };

/** For dates and numbers. */
export const dateLocale: Record<Language, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-HK', en: 'en-GB' };

export const asLanguage = (code: string): Language => (languages as readonly string[]).includes(code) ? (code as Language) : defaultLanguage;

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, 'zh-Hant': { translation: zhHant }, en: { translation: en } },
    lng: defaultLanguage,
    // A missing translation shows the Simplified Chinese text rather than a key
    // (and test/unit/renderer/translations.test.ts names it).
    fallbackLng: defaultLanguage,
    // 'zh-Hant' is its own resource, not a region of 'zh' to be merged with it.
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
