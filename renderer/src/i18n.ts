import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../../content/ui/en.json';
import zh from '../../content/ui/zh.json';

/** Languages the kiosk speaks; content and guide texts are keyed by these. */
export const languages = ['zh', 'en'] as const;
export type Language = (typeof languages)[number];

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: 'zh',
    // A missing translation shows the Simplified Chinese text rather than a key.
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
