import { describe, expect, it } from 'vitest';
import { loadGuides } from '../../../main/content/load.ts';
import { contentDir } from '../../../main/paths.ts';
import { guideShare } from '../../../renderer/src/share/guideShare.ts';

const labels = { materials: '要带的材料', where: '在哪里办', hours: '办公时间', contact: '不懂问谁' };
const guides = loadGuides(contentDir()).bundle!.guides;
const bytes = (s: string): number => new TextEncoder().encode(s).length;
const svgOf = (dataUrl: string): string => decodeURIComponent(dataUrl.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));

describe('a guide sent home as a QR code', () => {
  it('links to <base>/guides/<id> when the site publishes its guides', () => {
    const share = guideShare(guides[0]!, 'zh', 'https://example.cn/linli/', labels);
    expect(share).toMatchObject({ kind: 'link', content: `https://example.cn/linli/guides/${guides[0]!.id}` });
  });

  it('otherwise carries the main points as text in the reader\'s language, small enough to scan', () => {
    for (const guide of guides) {
      for (const language of ['zh', 'zh-Hant', 'en'] as const) {
        const share = guideShare(guide, language, undefined, labels);
        expect(share.kind).toBe('text');
        expect(share.content.startsWith(guide.title[language] ?? guide.title.zh), `${guide.id} ${language}`).toBe(true);
        expect(bytes(share.content), `${guide.id} ${language}`).toBeLessThanOrEqual(800);
      }
    }
  });

  it('is an SVG, dark on light whatever the theme', () => {
    const svg = svgOf(guideShare(guides[0]!, 'zh', undefined, labels).image);
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('fill="#FFFFFF"');
    expect(svg).toContain('fill="#000000"');
  });
});
