/**
 * Text cut into the phrases the kiosk says one at a time and highlights one at a time. Pure and
 * shared: the core splits a request with it, and the renderer uses it to read a long guide a few
 * sentences per request. Offsets are JavaScript string indices (UTF-16 code units) into the
 * original text, so `text.slice(start, end)` is exactly what a phrase covers.
 */

export type Pause = 'none' | 'short' | 'long';

export interface Phrase {
  start: number;
  end: number;
  /** The breath after it: a comma's, a full stop's, or none (a long phrase cut in two). */
  pause: Pause;
}

/** Longest phrase before it is cut even without punctuation: about one line on screen. */
export const MAX_PHRASE_CHARS = 40;

const LONG = new Set('。！？!?；;…\n');
const SHORT = new Set('，,、：:');

/** ".", "," and ":" end a phrase only as punctuation, not inside 3.5, 1,200 or 9:30 (read as 九点三十分 only whole). */
function breakAt(text: string, i: number): Pause {
  const c = text[i]!;
  if (c === '.' || c === ',' || c === ':' || c === '：') {
    const before = text[i - 1] ?? '';
    const after = text[i + 1] ?? '';
    if (/\d/.test(before) && /\d/.test(after)) return 'none';
    if (c === '.') return after === '' || /\s/.test(after) ? 'long' : 'none';
    return 'short';
  }
  if (LONG.has(c)) return 'long';
  if (SHORT.has(c)) return 'short';
  return 'none';
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Where to cut a run longer than `max` (from `start`): the last space inside it, else `max` on, never inside a surrogate pair. */
function cutPoint(text: string, start: number, max: number): number {
  const limit = start + max;
  const space = text.lastIndexOf(' ', limit - 1);
  if (space > start) return space + 1;
  const inPair = isHighSurrogate(text.charCodeAt(limit - 1)) && isLowSurrogate(text.charCodeAt(limit));
  return inPair ? limit + 1 : limit;
}

/**
 * Splits `text` into phrases that cover it in order, end to end. Punctuation, and the spaces
 * after it, stay with the phrase they close. Any string is accepted; the empty string has no
 * phrases.
 */
export function splitPhrases(text: string, maxChars = MAX_PHRASE_CHARS): Phrase[] {
  const phrases: Phrase[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const pause = breakAt(text, i);
    if (pause !== 'none') {
      let end = i + 1;
      // A run of marks ("！？", "……", "。\n") and the spaces after it close one phrase.
      let strongest: Pause = pause;
      while (end < text.length && (breakAt(text, end) !== 'none' || /\s/.test(text[end]!))) {
        if (breakAt(text, end) === 'long') strongest = 'long';
        end++;
      }
      phrases.push({ start, end, pause: strongest });
      start = end;
      i = end;
      continue;
    }
    if (i + 1 - start >= maxChars && i + 1 < text.length) {
      const end = cutPoint(text, start, maxChars);
      phrases.push({ start, end, pause: 'none' });
      start = end;
      i = end;
      continue;
    }
    i++;
  }
  if (start < text.length) phrases.push({ start, end: text.length, pause: 'long' });
  return phrases;
}

/**
 * Phrases grouped into stretches of at most `maxChars` (a phrase longer than that is a stretch of
 * its own), ending at a full stop where one is near: what the renderer asks the core to say in
 * one request, so a long guide starts at once and never travels as one huge recording.
 */
export function groupPhrases(phrases: readonly Phrase[], maxChars: number): { start: number; end: number }[] {
  const groups: { start: number; end: number }[] = [];
  let current: { start: number; end: number } | undefined;
  for (const phrase of phrases) {
    if (current && phrase.end - current.start > maxChars) {
      groups.push(current);
      current = undefined;
    }
    current = current ? { start: current.start, end: phrase.end } : { start: phrase.start, end: phrase.end };
    if (phrase.pause === 'long' && current.end - current.start >= maxChars / 2) {
      groups.push(current);
      current = undefined;
    }
  }
  if (current) groups.push(current);
  return groups;
}
