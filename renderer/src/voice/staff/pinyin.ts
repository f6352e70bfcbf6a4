/** Numbered pinyin ("xiao3 lin2") as staff read it, with tone marks ("xiǎo lín"). */
const MARKS: Record<string, string> = {
  a: 'āáǎà', e: 'ēéěè', i: 'īíǐì', o: 'ōóǒò', u: 'ūúǔù', ü: 'ǖǘǚǜ',
};

function syllable(raw: string): string {
  const match = /^([a-zü:v]+)([1-5])$/i.exec(raw);
  const plain = (match ? match[1]! : raw).replace(/u:|v/gi, 'ü');
  const tone = match ? Number(match[2]) : 5;
  if (tone === 5) return plain;
  const lower = plain.toLowerCase();
  // a and e take the mark; in "ou" the o does; otherwise the last vowel.
  let at = lower.search(/[ae]/);
  if (at < 0) at = lower.indexOf('ou');
  if (at < 0) {
    for (let i = lower.length - 1; i >= 0; i--) {
      if ('iouü'.includes(lower[i]!)) {
        at = i;
        break;
      }
    }
  }
  const vowel = lower[at];
  if (at < 0 || vowel === undefined || !MARKS[vowel]) return plain;
  return plain.slice(0, at) + MARKS[vowel]![tone - 1]! + plain.slice(at + 1);
}

export function toneMarks(pinyin: string): string {
  return pinyin.trim().split(/\s+/).map(syllable).join(' ');
}
