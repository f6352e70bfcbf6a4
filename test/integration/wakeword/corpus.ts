/**
 * What the test audio says and who says it. Voices are split so that no voice is both enrolled
 * and tested (the engine must work for residents it has never heard), and the bench's voices are
 * kept apart from the ones the engine was developed against, so its figures are not tuned to them.
 */
import { pinyin } from 'pinyin-pro';
import type { Voice } from './speech.ts';

export interface TestPhrase {
  readonly id: string;
  readonly label: string;
  /** Numbered pinyin, as espeak-ng's `cmn-latn-pinyin` voice reads it. */
  readonly pinyin: string;
}

export const PHRASES: readonly TestPhrase[] = [
  { id: 'wake', label: '小邻小邻', pinyin: 'xiao3 lin2 xiao3 lin2' },
  { id: 'help', label: '救命', pinyin: 'jiu4 ming4' },
  { id: 'come', label: '快来人', pinyin: 'kuai4 lai2 ren2' },
];

const v = (variant: string, speed: number, pitch: number): Voice => ({ variant, speed, pitch });

/** Whose takes the phrases are enrolled from: three takes, as Raven asks for (facts/voice.md §3.3). */
export const ENROLL_VOICES: readonly Voice[] = [v('m1', 130, 50), v('f2', 140, 55), v('m3', 120, 45)];

/** Used by the integration test and while choosing the engine's defaults. */
export const DEV_VOICES: readonly Voice[] = [v('f1', 125, 45), v('m2', 150, 60), v('m8', 135, 40)];

/** Held out: only the bench hears these. */
export const BENCH_VOICES: readonly Voice[] = [
  v('m4', 115, 40),
  v('m5', 145, 55),
  v('m6', 130, 35),
  v('m7', 160, 50),
  v('f3', 120, 60),
  v('f4', 150, 50),
  v('f5', 135, 65),
  v('grandpa', 110, 40),
  v('grandma', 115, 55),
];

/** Background talkers for babble; never the voice being tested. */
export const BABBLE_VOICES: readonly Voice[] = [
  v('Alex', 140, 50),
  v('linda', 130, 60),
  v('adam', 150, 45),
  v('belinda', 125, 55),
  v('klatt', 135, 50),
  v('croak', 140, 40),
];

/**
 * Things said near a kiosk that are not a phrase. Some sound close on purpose (小林, 快来吃饭,
 * 救护车, 明天见): a spotter that fires on them would wake the hall all day.
 */
const NEGATIVE_TEXT = [
  '请问医保卡在哪里办理',
  '我想问一下养老金什么时候发',
  '今天天气不错我们出去走走',
  '小林你来了啊快坐下',
  '快来吃饭了饭菜都凉了',
  '昨天晚上救护车来过一次',
  '明天见路上小心',
  '这个表格应该怎么填写',
  '我的身份证放在哪里了',
  '下午三点有合唱团活动',
  '帮我看看这个号码对不对',
  '老年卡需要带户口本吗',
  '社区医院几点开门',
  '我孙子下个月就要结婚了',
  '你们这里可以打印照片吗',
  '麻将室今天开不开',
  '电梯好像又坏了',
  '请大家排好队不要挤',
  '我来交一下水电费',
  '血压计放在前台旁边',
  '王阿姨最近身体怎么样',
  '这个月的活动安排贴出来了',
  '小区门口新开了一家超市',
  '我听不太清楚请再说一遍',
  '谢谢你们工作人员辛苦了',
  '下雨了记得带伞',
  '我想报名参加书法班',
  '药要饭后吃一天三次',
  '李大爷的儿子来接他了',
  '给我来一杯热水吧',
  '现在几点了我要回家做饭',
  '这个手机怎么连不上网',
  '志愿者明天上午过来',
  '我的眼镜找不到了',
  '广场舞七点开始',
  '快来看看这只小猫',
  '门口有人找你',
  '林医生今天值班吗',
  '救生圈挂在游泳池边上',
  '人来人往的真热闹',
];

/** Numbered pinyin for espeak-ng; pinyin-pro marks the neutral tone 0, espeak-ng reads it as 5. */
const toNumberedPinyin = (text: string): string =>
  pinyin(text, { toneType: 'num', type: 'string', nonZh: 'removed' }).replace(/([a-zü])0\b/g, '$15').replace(/ü/g, 'v');

export const NEGATIVE_SENTENCES: readonly string[] = NEGATIVE_TEXT.map(toNumberedPinyin);
