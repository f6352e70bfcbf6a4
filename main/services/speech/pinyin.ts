import { pinyin } from 'pinyin-pro';
import { readNumbers } from './numbers.ts';

/**
 * Mandarin text as numbered pinyin for espeak-ng's `cmn-latn-pinyin` voice. Its `cmn` voice reads
 * characters with the tone digit spoken as an English number ("ni three"), so the characters are
 * never handed to it (facts/voice.md §4.2). pinyin-pro reads a word in context, so polyphones come
 * out right (银行 yin2 hang2, 重新 chong2 xin1) and 一/不 already carry their changed tones.
 */

const SYLLABLE = /^([a-zü]+)([0-5])$/;

/** Marks that stop a reader for a breath inside a phrase (the phrase splitter handles the rest). */
const PAUSE = /^[\p{P}\s]+$/u;

/** Latin words (WiFi, ID) are kept for espeak to read as best it can. */
const LATIN = /[A-Za-z]+/g;

function syllable(token: string): string | undefined {
  const match = SYLLABLE.exec(token);
  if (!match) return undefined;
  // pinyin-pro writes the neutral tone as 0; espeak wants 5. ü is v in ASCII pinyin.
  return `${match[1]!.replace(/ü/g, 'v')}${match[2] === '0' ? '5' : match[2]}`;
}

/**
 * "我去银行取钱，重新办理。" → "wo3 qu4 yin2 hang2 qu3 qian2 , chong2 xin1 ban4 li3". Digits are read
 * as Chinese numbers first; emoji, symbols and control characters are dropped (nothing is said for
 * them); punctuation becomes a comma, which espeak reads as a short pause.
 */
export function toNumberedPinyin(text: string): string {
  const words: string[] = [];
  const pause = (): void => {
    if (words.length > 0 && words[words.length - 1] !== ',') words.push(',');
  };
  const spoken = readNumbers(text.normalize('NFKC'), 'cmn');
  for (const token of pinyin(spoken, { toneType: 'num', type: 'array', nonZh: 'consecutive', v: false })) {
    const read = syllable(token);
    if (read !== undefined) {
      words.push(read);
      continue;
    }
    for (const part of token.split(/([\p{P}\s]+)/u)) {
      if (part === '') continue;
      if (PAUSE.test(part)) {
        if (/\p{P}/u.test(part)) pause();
        continue;
      }
      words.push(...(part.match(LATIN) ?? []));
    }
  }
  while (words[0] === ',') words.shift();
  while (words[words.length - 1] === ',') words.pop();
  return words.join(' ');
}
