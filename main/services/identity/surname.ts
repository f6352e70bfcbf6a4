import { pinyin } from 'pinyin-pro';

/**
 * The surname in a Chinese name as printed on an ID card, or nothing when it cannot be told for
 * sure: greeting "欧阳阿姨" as "欧阿姨" would be worse than a plain "您好".
 */

// Two-character surnames still in use; a name starting with one of these takes both characters.
const COMPOUND = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '澹台', '公冶', '太史', '申屠', '闻人', '赫连', '钟离',
  '万俟', '濮阳', '鲜于', '第五', '仲孙', '东郭', '左丘', '拓跋', '羊舌', '谷梁', '梁丘', '司空', '司寇',
]);

const HAN = /^\p{Script=Han}+$/u;

/**
 * Two or three Han characters: the first is the surname; three or four starting with a compound
 * surname: that. Anything else — one character, four without a compound surname (often two
 * joined surnames), names with "·" or Latin letters — is not guessed at.
 */
export function surnameOf(name: string): string | undefined {
  const chars = [...name.trim()];
  if (!HAN.test(chars.join(''))) return undefined;
  const compound = chars.slice(0, 2).join('');
  if ((chars.length === 3 || chars.length === 4) && COMPOUND.has(compound)) return compound;
  if (chars.length === 2 || chars.length === 3) return chars[0];
  return undefined;
}

/** "王" → "Wang", "单" → "Shan", "欧阳" → "Ouyang": surnames read as surnames. */
export function surnameInPinyin(surname: string): string {
  const syllables = pinyin(surname, { mode: 'surname', toneType: 'none', type: 'array' }).join('');
  return syllables.charAt(0).toUpperCase() + syllables.slice(1);
}
