import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupPhrases, MAX_PHRASE_CHARS, splitPhrases } from '../../../main/api/speech-phrases.ts';

const texts = (text: string): string[] => splitPhrases(text).map((p) => text.slice(p.start, p.end));

describe('splitting text into the phrases said and highlighted one at a time', () => {
  it('ends a phrase at Chinese and Western punctuation, which stays with it', () => {
    expect(texts('您好！请带上身份证，到一号窗口。谢谢')).toEqual(['您好！', '请带上身份证，', '到一号窗口。', '谢谢']);
    expect(texts('Hello, world. Next line\nagain')).toEqual(['Hello, ', 'world. ', 'Next line\n', 'again']);
  });

  it('says how long to breathe after each', () => {
    expect(splitPhrases('好，是的。再见').map((p) => p.pause)).toEqual(['short', 'long', 'long']);
    expect(splitPhrases('真的吗？！').map((p) => p.pause)).toEqual(['long']);
  });

  it('does not cut numbers at their point or thousands comma', () => {
    expect(texts('共3.5元，1,200人。')).toEqual(['共3.5元，', '1,200人。']);
  });

  it('does not cut a clock time at its colon, so 9:00 is read 九点, but a colon after words still breathes', () => {
    expect(texts('周一至周五 9:00-12:00，13:30-17:00。')).toEqual(['周一至周五 9:00-12:00，', '13:30-17:00。']);
    expect(texts('营业 9：30开始')).toEqual(['营业 9：30开始']);
    expect(texts('注意：带好证件')).toEqual(['注意：', '带好证件']);
  });

  it('cuts a long run without punctuation, at a space where there is one', () => {
    const long = '字'.repeat(100);
    expect(texts(long).map((t) => t.length)).toEqual([40, 40, 20]);
    const words = Array.from({ length: 20 }, () => 'word').join(' ');
    for (const t of texts(words).slice(0, -1)) expect(t.endsWith(' ')).toBe(true);
  });

  it('never cuts an emoji (a surrogate pair) in half', () => {
    const text = '😀'.repeat(30);
    for (const t of texts(text)) expect(t.length % 2).toBe(0);
  });

  it('covers any text end to end, in order, with short phrases; never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('字', ' ', '，', '。', '.', ',', '1', 'a', '\n', '！', '😀', '…'), maxLength: 300 }), (text) => {
        const phrases = splitPhrases(text);
        let at = 0;
        for (const p of phrases) {
          expect(p.start).toBe(at);
          expect(p.end).toBeGreaterThan(p.start);
          at = p.end;
        }
        expect(at).toBe(text.length);
        expect(phrases.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        const phrases = splitPhrases(text);
        expect(phrases.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
        // A phrase is cut at MAX_PHRASE_CHARS (one more to keep a surrogate pair); punctuation runs may add to it.
        for (const p of phrases.filter((q) => q.pause === 'none')) expect(p.end - p.start).toBeLessThanOrEqual(MAX_PHRASE_CHARS + 1);
      }),
    );
  });

  it('groups phrases into requests that cover the text and stay under the size where they can', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('字', '，', '。', ' '), maxLength: 600 }), fc.integer({ min: 20, max: 200 }), (text, max) => {
        const groups = groupPhrases(splitPhrases(text), max);
        let at = 0;
        for (const g of groups) {
          expect(g.start).toBe(at);
          at = g.end;
        }
        expect(at).toBe(text.length);
        for (const g of groups) expect(g.end - g.start).toBeLessThanOrEqual(Math.max(max, MAX_PHRASE_CHARS + 1) + 5);
      }),
    );
  });
});
