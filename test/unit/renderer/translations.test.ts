import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHant } from '../../../main/content/hant.ts';

type Strings = { [key: string]: string | Strings };
const read = (lang: string): Strings =>
  JSON.parse(readFileSync(new URL(`../../../content/ui/${lang}.json`, import.meta.url), 'utf8')) as Strings;

/** Every leaf as `dotted.key → text`. */
function flatten(value: Strings, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const zh = flatten(read('zh'));
const en = flatten(read('en'));
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

describe('UI strings', () => {
  // i18next falls back to Simplified Chinese for a missing key; this is where that gets noticed.
  it('English has every key Simplified Chinese has', () => {
    expect([...zh.keys()].filter((k) => !en.has(k)), 'keys missing from content/ui/en.json').toEqual([]);
  });

  it('English has no key Simplified Chinese lacks (a typo, or a string nobody can see)', () => {
    expect([...en.keys()].filter((k) => !zh.has(k)), 'keys only in content/ui/en.json').toEqual([]);
  });

  it('no text is empty', () => {
    for (const [lang, strings] of [['zh', zh], ['en', en]] as const) {
      expect([...strings].filter(([, v]) => !v.trim()).map(([k]) => `${lang}: ${k}`)).toEqual([]);
    }
  });

  it('each translation fills the same blanks ({{count}}, {{date}}, …)', () => {
    const wrong = [...zh].filter(([k, v]) => en.has(k) && placeholders(v).join() !== placeholders(en.get(k)!).join());
    expect(wrong.map(([k]) => k)).toEqual([]);
  });

  it('Traditional Chinese is generated for every key, and differs where Simplified has simplified characters', () => {
    const hant = new Map([...zh].map(([k, v]) => [k, toHant(v)]));
    expect(hant.size).toBe(zh.size);
    expect(hant.get('home.guides')).toBe('辦事指南');
    expect(hant.get('nav.home')).toBe('首頁');
    expect(hant.get('idle.title')).toBe('還需要更多時間嗎？');
  });
});
