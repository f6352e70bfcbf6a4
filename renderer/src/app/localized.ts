import type { LocalizedText } from '../../../main/content/schema.ts';
import type { Language } from '../i18n.ts';

export function pick(text: LocalizedText, language: Language): string {
  return text[language] || text.zh;
}
