import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candidatesFor } from '../../../renderer/src/keyboard/candidates.ts';
import { buildPinyinTable, commonCharacters } from '../../../scripts/pinyin-table.ts';

describe('the pinyin candidate table', () => {
  const common = commonCharacters();
  const table = buildPinyinTable(common, '妈妈说，请带身份证来办事。的的的的');

  it('is built from the 3 755 everyday characters, every one reachable by its pinyin', () => {
    expect(common.length).toBe(3755);
    const reachable = new Set(Object.values(table).join(''));
    expect([...common].filter((ch) => !reachable.has(ch))).toEqual([]);
  });

  it('puts the characters the kiosk\'s own texts use first', () => {
    expect(table.ma![0]).toBe('妈');
    expect(table.de![0]).toBe('的');
    // 的 read as dí is a second reading: it does not push the usual "di" characters aside.
    expect(table.di!.indexOf('的')).toBeGreaterThan(10);
  });

  it('types ü as v', () => {
    expect(table.nv).toContain('女');
    expect(table.lv).toContain('绿');
  });
});

describe('candidates for what has been typed', () => {
  const table = { ma: '妈马吗', man: '慢满', mao: '猫毛', me: '么' };

  it('offers the syllable itself first, then the syllables it begins, likeliest of each in turn', () => {
    expect(candidatesFor('ma', table)).toEqual(['妈', '马', '吗', '慢', '猫', '满', '毛']);
  });

  it('offers nothing for nothing typed, or for letters that spell no syllable', () => {
    expect(candidatesFor('', table)).toEqual([]);
    expect(candidatesFor('mq', table)).toEqual([]);
  });

  it('finds the common characters in the shipped table too', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../../content/ui/generated/pinyin.json', import.meta.url), 'utf8')) as Record<string, string>;
    expect(candidatesFor('zh', shipped).slice(0, 20)).toContain('中');
  });
});
