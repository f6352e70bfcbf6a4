import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { requestSpeech } from '../app/speech.ts';
import { htmlLang } from '../i18n.ts';

export interface Summary {
  text: string;
  /** The UI string's key, when the summary is a fixed prompt a site may have recorded. */
  key?: string;
}

/**
 * Says a screen's summary once it has its content (DESIGN.md: every screen has a spoken summary),
 * and again if the language or the content changes. Without one of its own, a screen says
 * `speech.summary.<id>` with its title.
 */
export function useSpokenSummary(id: string, title: string, ready: boolean, summary?: Summary): void {
  const { t, i18n } = useTranslation();
  const { language } = useApp();
  const fallback = `speech.summary.${id}`;
  const text = summary?.text ?? (i18n.exists(fallback) ? t(fallback, { title }) : title);
  const key = summary?.key;
  useEffect(() => {
    if (ready) requestSpeech({ text, lang: htmlLang[language], summary: true, ...(key !== undefined ? { key } : {}) });
  }, [ready, text, key, language]);
}
