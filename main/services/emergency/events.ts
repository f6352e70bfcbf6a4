/**
 * What happened to an alarm, step by step, for its timeline. The machine says it as parts (why,
 * then what it did about it); they are worded here, in English for the log and the stored record,
 * and in both languages for the staff screen: staff in a hall read Chinese, and an alarm's history
 * is what they go by when they call a family back.
 */
import { z } from 'zod';
import type { LocalizedText } from '../../content/schema.ts';
import type { AckBy, AlarmSource, Outcome } from './machine.ts';

const source = z.enum(['button', 'screen', 'voice', 'staff']);
const part = <C extends string, S extends z.ZodRawShape>(code: C, shape: S) => z.object({ code: z.literal(code), ...shape });

/** The parts, as a schema: a stored timeline is read back through it, so a damaged row is shown as its stored words. */
export const eventPartSchema = z.discriminatedUnion('code', [
  part('raised', {}),
  part('pressed-again', { source }),
  part('confirmed-by-press', { source }),
  part('cancel-window-over', {}),
  part('calling-next', {}),
  part('calling', { who: z.string() }),
  part('no-numbers', {}),
  part('ringing', { who: z.string() }),
  part('answered', { who: z.string(), waitingForKey: z.boolean() }),
  part('key-pressed', { key: z.string() }),
  part('call-stayed-active', {}),
  part('no-answer', {}),
  part('answered-no-key', {}),
  part('call-ended', { reason: z.string().optional() }),
  part('dial-failed', { reason: z.string(), redialInS: z.number().optional() }),
  part('redialling', {}),
  part('chain-restart', {}),
  part('acknowledged', { by: z.enum(['contact', 'duty-centre', 'staff']) }),
  part('cancelled', { by: z.enum(['person', 'voice', 'staff']) }),
  part('closed', { outcome: z.enum(['cancelled', 'resolved', 'false-alarm']) }),
  part('sms-sent', { who: z.string() }),
  part('sms-failed', { who: z.string(), error: z.string().optional(), retryInS: z.number().optional() }),
  part('sms-resending', {}),
  part('resumed', {}),
]);
export type EventPart = z.infer<typeof eventPartSchema>;

/** One step of an alarm: why it moved, then what it did, each a part. */
export type AlarmEvent = readonly EventPart[];

const SOURCE_ZH: Record<AlarmSource, string> = { button: '按钮', screen: '屏幕', voice: '语音', staff: '工作人员' };
const ACK_ZH: Record<AckBy, string> = { contact: '联系人', 'duty-centre': '值班中心', staff: '工作人员' };
const CANCEL_ZH: Record<'person' | 'voice' | 'staff', string> = { person: '本人在屏幕上', voice: '语音', staff: '工作人员' };
const OUTCOME_ZH: Record<Outcome, string> = { cancelled: '已取消', resolved: '已处理', 'false-alarm': '误报' };
/** How a call ended (drivers/modem CallEndCause), for staff; a modem's own error text stays as it is. */
const CALL_END_ZH: Record<string, string> = {
  'no-carrier': '没有接通',
  busy: '对方占线',
  'no-answer': '无人接听',
  'no-dialtone': '没有网络',
  'hung-up': '已挂断',
  reset: '通话模块重启了',
  error: '通话模块出错',
};
const callEndZh = (reason: string): string => CALL_END_ZH[reason] ?? reason;

function english(part: EventPart): string {
  switch (part.code) {
    case 'raised':
      return 'raised';
    case 'pressed-again':
      return `pressed again (${part.source})`;
    case 'confirmed-by-press':
      return `confirmed by a press (${part.source})`;
    case 'cancel-window-over':
      return 'cancel window over';
    case 'calling-next':
      return 'calling next';
    case 'calling':
      return `calling ${part.who}`;
    case 'no-numbers':
      return 'no numbers to call';
    case 'ringing':
      return `ringing ${part.who}`.trim();
    case 'answered':
      return `answered by ${part.who}${part.waitingForKey ? ', waiting for a key' : ''}`;
    case 'key-pressed':
      return `key ${part.key} pressed`;
    case 'call-stayed-active':
      return 'call stayed active: accepted';
    case 'no-answer':
      return 'no answer in time';
    case 'answered-no-key':
      return 'answered but no key pressed';
    case 'call-ended':
      return `call ended (${part.reason ?? 'hung up'})`;
    case 'dial-failed':
      return part.redialInS === undefined ? `dial failed: ${part.reason}` : `dial failed: ${part.reason}; dialling the same number again in ${part.redialInS} s`;
    case 'redialling':
      return 'dialling again';
    case 'chain-restart':
      return 'nobody accepted, starting again';
    case 'acknowledged':
      return `acknowledged by ${part.by}`;
    case 'cancelled':
      return `cancelled by ${part.by}`;
    case 'closed':
      return `closed: ${part.outcome}`;
    case 'sms-sent':
      return `location SMS to ${part.who} sent`;
    case 'sms-failed': {
      const failed = `location SMS to ${part.who} failed (${part.error ?? 'no reason given'})`;
      return part.retryInS === undefined ? `${failed}; the alarm is closed, so it is not sent again` : `${failed}; trying again in ${part.retryInS} s`;
    }
    case 'sms-resending':
      return 'sending the location SMS again';
    case 'resumed':
      return 'resumed after restart';
  }
}

function chinese(part: EventPart): string {
  switch (part.code) {
    case 'raised':
      return '呼救开始';
    case 'pressed-again':
      return `又按了一次（${SOURCE_ZH[part.source]}）`;
    case 'confirmed-by-press':
      return `按下确认了语音呼救（${SOURCE_ZH[part.source]}）`;
    case 'cancel-window-over':
      return '倒计时结束';
    case 'calling-next':
      return '接着打下一个电话';
    case 'calling':
      return `正在给${part.who}打电话`;
    case 'no-numbers':
      return '没有可以拨打的号码';
    case 'ringing':
      return `${part.who}的电话在响`;
    case 'answered':
      return `${part.who}接了电话${part.waitingForKey ? '，等对方按键确认' : ''}`;
    case 'key-pressed':
      return `对方按了 ${part.key} 键确认`;
    case 'call-stayed-active':
      return '通话一直没有挂断，算作已接受';
    case 'no-answer':
      return '到时间没有人接';
    case 'answered-no-key':
      return '接了电话，但没有按键确认';
    case 'call-ended':
      return `通话结束（${part.reason ? callEndZh(part.reason) : '对方挂断'}）`;
    case 'dial-failed':
      return part.redialInS === undefined ? `拨号失败：${callEndZh(part.reason)}` : `拨号失败：${callEndZh(part.reason)}；${part.redialInS} 秒后再拨同一个号码`;
    case 'redialling':
      return '重新拨号';
    case 'chain-restart':
      return '所有号码都没有人接受，从头再打';
    case 'acknowledged':
      return `${ACK_ZH[part.by]}已确认`;
    case 'cancelled':
      return `${CANCEL_ZH[part.by]}取消了呼救`;
    case 'closed':
      return `已结束：${OUTCOME_ZH[part.outcome]}`;
    case 'sms-sent':
      return `位置短信已发给${part.who}`;
    case 'sms-failed': {
      const failed = `给${part.who}的位置短信没有发出（${part.error ?? '没有原因'}）`;
      return part.retryInS === undefined ? `${failed}；呼救已结束，不再重发` : `${failed}；${part.retryInS} 秒后再发`;
    }
    case 'sms-resending':
      return '重发位置短信';
    case 'resumed':
      return '重启后接着处理';
  }
}

/** The event as the log and the stored record say it. */
export function describeEvent(event: AlarmEvent): string {
  return event.map(english).join('; ');
}

/** The event in the staff screen's languages. */
export function eventText(event: AlarmEvent): LocalizedText {
  return { zh: event.map(chinese).join('；'), en: describeEvent(event) };
}

/** A stored event's words in both languages, from the parts kept in its detail; undefined for a row without them. */
export function storedEventText(detail: string): LocalizedText | undefined {
  let parsed: unknown;
  try {
    parsed = (JSON.parse(detail) as { event?: unknown } | null)?.event;
  } catch {
    return undefined;
  }
  const event = z.array(eventPartSchema).min(1).safeParse(parsed);
  return event.success ? eventText(event.data) : undefined;
}
