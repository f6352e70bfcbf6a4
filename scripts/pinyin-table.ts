import { pinyin } from 'pinyin-pro';

/**
 * The pinyin keyboard's candidate table: for each toneless syllable (ü typed as v), the
 * characters that read that way, most likely first. Built at build time so the renderer ships a
 * small JSON table instead of pinyin-pro's whole dictionary.
 */
export type PinyinTable = Record<string, string>;

/** GB 2312 level 1: the 3 755 characters chosen for everyday use, in pinyin order. */
export function commonCharacters(): string {
  const decoder = new TextDecoder('gb2312');
  let out = '';
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) break;
      out += decoder.decode(new Uint8Array([hi, lo]));
    }
  }
  return out;
}

const HAN = /\p{Script=Han}/u;

/**
 * Ranks candidates by how often they occur in `corpus` (the kiosk's own texts, so the words older
 * residents meet here come first), then by their place in the common set. A character's first
 * reading carries that rank; its other readings (的 as dí) follow the common characters of that
 * syllable, so a polyphone never crowds out the usual ones.
 */
export function buildPinyinTable(common: string, corpus: string): PinyinTable {
  const count = new Map<string, number>();
  for (const ch of corpus) if (HAN.test(ch)) count.set(ch, (count.get(ch) ?? 0) + 1);
  const chars = [...new Set([...common, ...count.keys()])].filter((ch) => HAN.test(ch));
  const order = new Map(chars.map((ch, i) => [ch, i]));

  const primary = new Map<string, string[]>();
  const secondary = new Map<string, string[]>();
  for (const ch of chars) {
    const readings = [...new Set(pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }))];
    readings.forEach((syllable, i) => {
      if (!/^[a-z]+$/.test(syllable)) return;
      const bucket = i === 0 ? primary : secondary;
      bucket.set(syllable, [...(bucket.get(syllable) ?? []), ch]);
    });
  }
  const rank = (a: string, b: string): number => (count.get(b) ?? 0) - (count.get(a) ?? 0) || order.get(a)! - order.get(b)!;
  const table: PinyinTable = {};
  for (const syllable of [...new Set([...primary.keys(), ...secondary.keys()])].sort()) {
    const first = (primary.get(syllable) ?? []).sort(rank);
    const rest = (secondary.get(syllable) ?? []).filter((ch) => !first.includes(ch)).sort((a, b) => order.get(a)! - order.get(b)!);
    table[syllable] = [...first, ...rest].join('');
  }
  return table;
}
