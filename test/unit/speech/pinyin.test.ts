import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardinal, readNumbers } from '../../../main/services/speech/numbers.ts';
import { toNumberedPinyin } from '../../../main/services/speech/pinyin.ts';
import { espeakInput } from '../../../main/services/speech/espeak.ts';

describe('Chinese text → numbered pinyin for espeak-ng cmn-latn-pinyin', () => {
  it('reads polyphones by their word', () => {
    expect(toNumberedPinyin('银行')).toBe('yin2 hang2');
    expect(toNumberedPinyin('重新办理')).toBe('chong2 xin1 ban4 li3');
    expect(toNumberedPinyin('行长')).toBe('hang2 zhang3');
    expect(toNumberedPinyin('长大')).toBe('zhang3 da4');
  });

  it('writes the neutral tone as 5 and ü as v, as espeak expects', () => {
    expect(toNumberedPinyin('他们的东西了吗')).toBe('ta1 men5 de5 dong1 xi1 le5 ma5');
    expect(toNumberedPinyin('女儿绿色')).toBe('nv3 er2 lv4 se4');
  });

  it('keeps the changed tones of 一 and 不', () => {
    expect(toNumberedPinyin('一个不要')).toBe('yi2 ge4 bu2 yao4');
  });

  it('turns punctuation into one pause, never at the ends', () => {
    expect(toNumberedPinyin('你好，再见。')).toBe('ni3 hao3 , zai4 jian4');
    expect(toNumberedPinyin('「请」（带）《身份证》！？')).toBe('qing3 , dai4 , shen1 fen4 zheng4');
    expect(toNumberedPinyin('……你好')).toBe('ni3 hao3');
  });

  it('passes Latin words through and drops emoji, symbols and control characters', () => {
    expect(toNumberedPinyin('带上ID卡和WiFi密码')).toBe('dai4 shang4 ID ka3 he2 WiFi mi4 ma3');
    expect(toNumberedPinyin('好😀\u0007\u200b的★')).toBe('hao3 de5');
    expect(toNumberedPinyin('😀')).toBe('');
    expect(toNumberedPinyin('')).toBe('');
  });

  it('reads numbers as Chinese numbers', () => {
    expect(toNumberedPinyin('3.5元')).toBe('san1 dian3 wu3 yuan2');
    expect(toNumberedPinyin('2个人')).toBe('liang3 ge4 ren2');
    expect(toNumberedPinyin('１２号')).toBe('shi2 er4 hao4');
  });

  it('gives any string something espeak can only read as pinyin, Latin words and pauses', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const out = toNumberedPinyin(text);
        expect(out).toMatch(/^[A-Za-z0-9 ,]*$/);
        expect(out.startsWith(',') || out.endsWith(',')).toBe(false);
      }),
    );
  });
});

describe('numbers, as a Chinese reader says them', () => {
  it('counts up to 9999 the usual way', () => {
    expect([0, 7, 10, 12, 20, 105, 110, 200, 1010, 2000, 9999].map(cardinal)).toEqual([
      '零', '七', '十', '十二', '二十', '一百零五', '一百一十', '两百', '一千零一十', '两千', '九千九百九十九',
    ]);
  });

  it('reads times, ranges, decimals, percentages and amounts', () => {
    expect(readNumbers('上午9:00-11:30', 'cmn')).toBe('上午九点到十一点三十分');
    expect(readNumbers('8:05', 'cmn')).toBe('八点零五分');
    expect(readNumbers('2:00', 'cmn')).toBe('两点');
    expect(readNumbers('3～5天', 'cmn')).toBe('三到五天');
    expect(readNumbers('0.5元', 'cmn')).toBe('零点五元');
    expect(readNumbers('50%', 'cmn')).toBe('百分之五十');
    expect(readNumbers('12,000元', 'cmn')).toBe('一万两千元');
    expect(readNumbers('2024年12月31号', 'cmn')).toBe('二零二四年十二月三十一号');
  });

  it('reads phone numbers and codes digit by digit, 1 as 幺 in Mandarin and 一 in Cantonese', () => {
    expect(readNumbers('电话12345', 'cmn')).toBe('电话幺二三四五');
    expect(readNumbers('电话12345', 'yue')).toBe('电话一二三四五');
    expect(readNumbers('0571', 'cmn')).toBe('零五七幺');
  });

  it('gives every language its own input: pinyin for Mandarin, characters for Cantonese, plain words for English', () => {
    expect(espeakInput('請到銀行，9點', 'zh-Hant')).toBe('請到銀行,九點');
    expect(espeakInput('Room 3\u0007 😀 please', 'en')).toBe('Room 3 please');
    // espeak would speak [[h@l@U]] as phonemes, whatever the text around it meant.
    expect(espeakInput('Mr [[h@l@U]] Wong ［[x]］', 'en')).toBe('Mr h@l@U Wong x');
    expect(espeakInput('银行', 'zh')).toBe('yin2 hang2');
  });
});
