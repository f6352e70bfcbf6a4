import type { Text } from './status.ts';

/**
 * Code tables printed on the card as digits (facts/idcard.md §4).
 */

// facts §4.1 (GB/T 2261.1). 5 and 6 appear in some tables only; they are kept so a card that
// carries them is read rather than refused. S8/S14 map everything but '1' to 女; we do not.
export const SEX_CODES = {
  '0': { zh: '未知', en: 'unknown' },
  '1': { zh: '男', en: 'male' },
  '2': { zh: '女', en: 'female' },
  '5': { zh: '女性改为男性', en: 'female, changed to male' },
  '6': { zh: '男性改为女性', en: 'male, changed to female' },
  '9': { zh: '未说明', en: 'not stated' },
} as const satisfies Record<string, Text>;

export type SexCode = keyof typeof SEX_CODES;

export function isSexCode(value: string): value is SexCode {
  return Object.hasOwn(SEX_CODES, value);
}

// facts §4.2 (GB 3304), with 46 spelled 德昂 (S7's 德昴 is a typo) and 98 as S14 has it.
export const NATIONS: ReadonlyMap<string, string> = new Map([
  ['01', '汉'], ['02', '蒙古'], ['03', '回'], ['04', '藏'], ['05', '维吾尔'], ['06', '苗'],
  ['07', '彝'], ['08', '壮'], ['09', '布依'], ['10', '朝鲜'], ['11', '满'], ['12', '侗'],
  ['13', '瑶'], ['14', '白'], ['15', '土家'], ['16', '哈尼'], ['17', '哈萨克'], ['18', '傣'],
  ['19', '黎'], ['20', '傈僳'], ['21', '佤'], ['22', '畲'], ['23', '高山'], ['24', '拉祜'],
  ['25', '水'], ['26', '东乡'], ['27', '纳西'], ['28', '景颇'], ['29', '柯尔克孜'], ['30', '土'],
  ['31', '达斡尔'], ['32', '仫佬'], ['33', '羌'], ['34', '布朗'], ['35', '撒拉'], ['36', '毛南'],
  ['37', '仡佬'], ['38', '锡伯'], ['39', '阿昌'], ['40', '普米'], ['41', '塔吉克'], ['42', '怒'],
  ['43', '乌孜别克'], ['44', '俄罗斯'], ['45', '鄂温克'], ['46', '德昂'], ['47', '保安'], ['48', '裕固'],
  ['49', '京'], ['50', '塔塔尔'], ['51', '独龙'], ['52', '鄂伦春'], ['53', '赫哲'], ['54', '门巴'],
  ['55', '珞巴'], ['56', '基诺'], ['97', '其他'], ['98', '外国血统中国籍人士'],
]);
