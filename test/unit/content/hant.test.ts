import { Converter } from 'opencc-js/cn2t';
import { describe, expect, it } from 'vitest';
import { hantConverter, hantOverrides, toHant, withHant } from '../../../main/content/hant.ts';
import { loadBoard } from '../../../main/content/load-board.ts';
import { loadGuides } from '../../../main/content/load.ts';
import { contentDir } from '../../../main/paths.ts';

const plain = Converter({ from: 'cn', to: 'hk' });

describe('Traditional Chinese (Hong Kong) generation', () => {
  it('converts with Hong Kong usage: 身份證 (not the Taiwan 身分證), 裏', () => {
    expect(toHant('请带身份证和户口本来这里办')).toBe('請帶身份證和戶口本來這裏辦');
  });

  it('every reviewed override changes what OpenCC alone would give, and says why', () => {
    for (const o of hantOverrides) {
      expect(plain(o.from), o.from).not.toBe(o.to);
      expect(toHant(o.from), o.from).toBe(o.to);
      expect(o.why.length, o.from).toBeGreaterThan(10);
    }
  });

  it('applies the longest override first and converts the text around it', () => {
    const convert = hantConverter([
      { from: '身份', to: 'A', why: 'test' },
      { from: '身份证', to: '身分證', why: 'test' },
    ]);
    expect(convert('带身份证来')).toBe('帶身分證來');
  });

  it('adds zh-Hant to every { zh, en } text, however deep, and leaves the rest alone', () => {
    const out = withHant({ id: 'x', n: 3, list: [{ title: { zh: '说明', en: 'About' } }], none: null });
    expect(out).toEqual({ id: 'x', n: 3, list: [{ title: { zh: '说明', en: 'About', 'zh-Hant': '說明' } }], none: null });
  });

  it('reaches every text of every guide, notice and hotline as they are loaded', () => {
    const missing: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (typeof record.zh === 'string' && typeof record['zh-Hant'] !== 'string') missing.push(path);
        for (const [k, v] of Object.entries(record)) walk(v, `${path}.${k}`);
      }
    };
    walk(loadGuides(contentDir()).bundle, 'guides');
    walk(loadBoard(contentDir()).bundle, 'board');
    expect(missing).toEqual([]);
    const guide = loadGuides(contentDir()).bundle!.guides.find((g) => g.id === 'huji-zhengming')!;
    expect(guide.title['zh-Hant']).toBe('開戶籍證明');
  });
});
