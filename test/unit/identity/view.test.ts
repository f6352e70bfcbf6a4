import { describe, expect, it } from 'vitest';
import { SIMULATOR_DECK, checkCharacter, type ResidentCard } from '../../../drivers/idcard/index.ts';
import { contentDir } from '../../../main/paths.ts';
import { loadIdentityRules } from '../../../main/services/identity/rules.ts';
import { surnameInPinyin, surnameOf } from '../../../main/services/identity/surname.ts';
import { ageOn, cardView, expiryOn, localDate, type ViewContext } from '../../../main/services/identity/view.ts';

const { rules, problems } = loadIdentityRules(contentDir());
const TITLES: Record<string, { zh: string; en: string }> = {
  'gaoling-jintie': { zh: '高龄津贴', en: 'Old-age allowance' },
  'laonian-youdaizheng': { zh: '老年人优待证', en: 'Senior card' },
  'laonian-zhucan': { zh: '老年助餐', en: 'Meals for older people' },
};
const context = (today = '2026-11-23'): ViewContext => ({ today, rules, guideTitle: (id) => TITLES[id] });

const person = (over: Partial<ResidentCard>): ResidentCard => ({
  ...SIMULATOR_DECK.resident.text,
  ...over,
  idNumber: (() => {
    const first17 = `110105${(over.birthDate ?? '1949-12-31').replaceAll('-', '')}002`;
    return first17 + checkCharacter(first17);
  })(),
});

describe('the shipped rules (content/identity.yaml)', () => {
  it('load without problems', () => {
    expect(problems).toEqual([]);
    expect(rules?.eligibility.map((e) => e.guide)).toContain('gaoling-jintie');
  });
});

describe('greeting', () => {
  it('greets by surname and an honorific from age and sex, in every language', () => {
    const view = cardView(person({ name: '王秀兰', sex: '2', birthDate: '1958-03-02' }), context());
    expect(view.greeting).toEqual({ zh: '王阿姨，您好', en: 'Hello, Ms Wang', 'zh-Hant': '王阿姨，您好' });
    expect(view.surname).toBe('王');
    expect(view.honorific?.zh).toBe('阿姨');
    expect(view.ageBand?.id).toBe('senior');
    expect(cardView(person({ name: '李建国', sex: '1', birthDate: '1970-01-01' }), context()).greeting.zh).toBe('李叔叔，您好');
    expect(cardView(person({ name: '张丽', sex: '2', birthDate: '1990-06-01' }), context()).greeting.zh).toBe('张女士，您好');
    expect(cardView(person({ name: '张桂芳', sex: '2', birthDate: '1940-06-01' }), context()).greeting).toMatchObject({
      zh: '张奶奶，您好',
      'zh-Hant': '張奶奶，您好',
    });
  });

  it('keeps compound surnames whole', () => {
    const view = cardView(person({ name: '欧阳娜娜', sex: '2', birthDate: '1960-01-01' }), context());
    expect(view.greeting).toMatchObject({ zh: '欧阳阿姨，您好', en: 'Hello, Ms Ouyang' });
  });

  it('greets plainly when unsure: foreign cards, odd names, unstated sex, minors, impossible dates', () => {
    const plain = { zh: '您好', en: 'Hello' };
    for (const card of [
      SIMULATOR_DECK.foreigner2017.text,
      SIMULATOR_DECK.foreigner2023.text,
      person({ name: '阿依古丽·买买提', sex: '2', birthDate: '1960-01-01' }),
      person({ name: '张王秀英', sex: '2', birthDate: '1960-01-01' }),
      person({ name: '王', sex: '2', birthDate: '1960-01-01' }),
      person({ name: '王秀兰', sex: '9', birthDate: '1960-01-01' }),
      person({ name: '王小明', sex: '1', birthDate: '2015-01-01' }),
      person({ name: '王秀兰', sex: '2', birthDate: '2030-01-01' }),
    ]) {
      const view = cardView(card, context());
      expect(view.greeting).toMatchObject(plain);
      expect(view).not.toHaveProperty('surname');
      expect(view).not.toHaveProperty('honorific');
    }
  });

  it('greets everyone plainly, with no offers, when the rules did not load', () => {
    const view = cardView(person({ name: '王秀兰', sex: '2', birthDate: '1940-01-01' }), { ...context(), rules: undefined });
    expect(view).toMatchObject({ greeting: { zh: '您好', en: 'Hello' }, ageBand: null, eligible: [] });
  });

  it('greets a Hong Kong, Macao or Taiwan resident by name', () => {
    expect(cardView(SIMULATOR_DECK.hkMacaoTaiwan.text, context()).greeting.zh).toBe('陈叔叔，您好');
  });
});

describe('what else the screen gets', () => {
  it('only the masked number, card type, expiry, band and offers: nothing from the card beyond the surname', () => {
    const card = SIMULATOR_DECK.resident.text;
    const view = cardView(card, context());
    expect(view).toMatchObject({ maskedNumber: '1101**********002X', cardType: 'resident', expiry: 'long-term' });
    const text = JSON.stringify(view);
    for (const secret of [card.idNumber, card.name, card.address, card.issuingAuthority, card.birthDate, card.name.slice(1)]) {
      expect(text.includes(secret), secret).toBe(false);
    }
    expect(Object.keys(view).sort()).toEqual(['ageBand', 'cardType', 'eligible', 'expiry', 'greeting', 'honorific', 'maskedNumber', 'surname']);
  });

  it('masks a 15-character foreign number the same way', () => {
    expect(cardView(SIMULATOR_DECK.foreigner2017.text, context()).maskedNumber).toBe('USA1*******0104');
  });

  it('offers the guides a person is old enough for, in the content order, skipping guides that are gone', () => {
    const at = (birthDate: string) => cardView(person({ name: '王秀兰', sex: '2', birthDate }), context()).eligible.map((e) => e.guideId);
    expect(at('1946-11-23')).toEqual(['gaoling-jintie', 'laonian-youdaizheng', 'laonian-zhucan']);
    expect(at('1946-11-24')).toEqual(['laonian-youdaizheng', 'laonian-zhucan']);
    expect(at('1966-11-23')).toEqual(['laonian-youdaizheng', 'laonian-zhucan']);
    expect(at('1966-11-24')).toEqual([]);
  });

  it('flags an expired card and accepts it', () => {
    const view = cardView(SIMULATOR_DECK.expired.text, context());
    expect(view.expiry).toBe('expired');
    expect(view.greeting.zh).toBe('赵阿姨，您好');
  });
});

describe('dates', () => {
  it('counts whole years, turning over on the birthday', () => {
    expect(ageOn('1946-11-23', '2026-11-23')).toBe(80);
    expect(ageOn('1946-11-24', '2026-11-23')).toBe(79);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
    expect(ageOn('2027-01-01', '2026-11-23')).toBeUndefined();
    expect(ageOn('1880-01-01', '2026-11-23')).toBeUndefined();
  });

  it('a card is good through its end date', () => {
    expect(expiryOn({ start: '2016-01-01', end: '2026-11-23' }, '2026-11-23')).toBe('valid');
    expect(expiryOn({ start: '2016-01-01', end: '2026-11-22' }, '2026-11-23')).toBe('expired');
    expect(expiryOn({ start: '2016-01-01', end: 'long-term' }, '2099-01-01')).toBe('long-term');
  });

  it('uses the local calendar date', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('surnames', () => {
  it('takes one character, or a compound surname, and refuses what it cannot tell', () => {
    expect(surnameOf('王芳')).toBe('王');
    expect(surnameOf('司马相如')).toBe('司马');
    expect(surnameOf('诸葛亮')).toBe('诸葛');
    expect(surnameOf('张王秀英')).toBeUndefined();
    expect(surnameOf('SMITH')).toBeUndefined();
    expect(surnameOf('王 芳')).toBeUndefined();
    expect(surnameOf('一二三四五')).toBeUndefined();
  });

  it('reads surnames as surnames in pinyin', () => {
    expect(surnameInPinyin('单')).toBe('Shan');
    expect(surnameInPinyin('曾')).toBe('Zeng');
    expect(surnameInPinyin('欧阳')).toBe('Ouyang');
  });
});
