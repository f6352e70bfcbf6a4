import type { LocalizedText } from '../../../main/content/schema.ts';
import type { Language } from '../i18n.ts';

/** The text in `language`; Simplified Chinese where that is missing (an old snapshot, say). */
export function pick(text: LocalizedText, language: Language): string {
  return text[language] || text.zh;
}
