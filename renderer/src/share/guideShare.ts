import type { Guide } from '../../../main/content/schema.ts';
import { pick } from '../app/localized.ts';
import type { Language } from '../i18n.ts';
import { qrDataUrl } from './qr.ts';

/**
 * About a version-25 code at level L: past that the modules get too small for an older phone's
 * camera to read off a screen at arm's length.
 */
const MAX_TEXT_BYTES = 800;

export interface GuideShare {
  /** `link`: the code opens the guide's page; `text`: it carries the main points themselves. */
  kind: 'link' | 'text';
  content: string;
  image: string;
}

export interface ShareLabels {
  materials: string;
  where: string;
  hours: string;
  contact: string;
}

/**
 * What a guide's QR code carries home. With a public site for the guides it is the guide's
 * address there; without one, the guide's main points as plain text, which any phone shows
 * without a network — shortened if it would make the code too dense to scan.
 */
export function guideShare(guide: Guide, language: Language, baseUrl: string | undefined, labels: ShareLabels): GuideShare {
  if (baseUrl) {
    const content = `${baseUrl.replace(/\/+$/, '')}/guides/${encodeURIComponent(guide.id)}`;
    return { kind: 'link', content, image: qrDataUrl(content, 'M') };
  }
  const text = (value: Guide['title']): string => pick(value, language);
  const sep = language === 'en' ? '; ' : '；';
  const head = [text(guide.title), text(guide.summary)];
  const parts = [
    `${labels.materials}: ${guide.materials.map(text).join(sep)}`,
    `${labels.where}: ${text(guide.where)}`,
    `${labels.hours}: ${text(guide.hours)}`,
    `${labels.contact}: ${text(guide.contact)}`,
  ];
  const bytes = (s: string): number => new TextEncoder().encode(s).length;
  let content = head.join('\n');
  for (const part of parts) {
    const longer = `${content}\n${part}`;
    if (bytes(longer) > MAX_TEXT_BYTES) break;
    content = longer;
  }
  return { kind: 'text', content, image: qrDataUrl(content, 'L') };
}
