/**
 * Generates what the renderer bundles from the Simplified Chinese source (into
 * content/ui/generated/, not committed):
 * - zh-Hant.json: the UI strings in Traditional Chinese, through the same converter and reviewed
 *   overrides the content loader uses (main/content/hant.ts);
 * - pinyin.json: the on-screen pinyin keyboard's candidate table.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBoard } from '../main/content/load-board.ts';
import { toHant } from '../main/content/hant.ts';
import { loadGuides } from '../main/content/load.ts';
import { contentDir } from '../main/paths.ts';
import { buildPinyinTable, commonCharacters } from './pinyin-table.ts';

type Strings = { [key: string]: string | Strings };

const mapStrings = (value: Strings, f: (s: string) => string): Strings =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? f(v) : mapStrings(v, f)]));

/** Every Simplified Chinese text in content, for ranking keyboard candidates. */
function corpus(dir: string, ui: Strings): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'zh' && typeof v === 'string') texts.push(v);
        else walk(v);
      }
    }
  };
  walk(loadGuides(dir).partial);
  walk(loadBoard(dir).partial);
  mapStrings(ui, (s) => (texts.push(s), s));
  return texts.join('\n');
}

const dir = contentDir();
const out = join(dir, 'ui', 'generated');
mkdirSync(out, { recursive: true });
const zh = JSON.parse(readFileSync(join(dir, 'ui', 'zh.json'), 'utf8')) as Strings;
writeFileSync(join(out, 'zh-Hant.json'), `${JSON.stringify(mapStrings(zh, toHant), null, 2)}\n`);
const table = buildPinyinTable(commonCharacters(), corpus(dir, zh));
writeFileSync(join(out, 'pinyin.json'), `${JSON.stringify(table)}\n`);
process.stdout.write(`ui strings ok: zh-Hant generated, pinyin table with ${Object.keys(table).length} syllables\n`);
