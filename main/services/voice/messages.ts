import type { EngineStatus } from '../../../drivers/wakeword/engine.ts';
import type { LocalizedText } from '../../content/schema.ts';
import type { CaptureState } from './service.ts';

/** What a microphone that does not deliver means to staff, and what to do about it. */
const CAPTURE: Record<Exclude<CaptureState, 'running'>, LocalizedText> = {
  starting: { zh: '正在打开麦克风。', en: 'The microphone is starting.' },
  denied: {
    zh: '麦克风没有得到使用许可，语音功能暂停；触摸操作不受影响。请检查系统的麦克风权限。',
    en: 'The microphone was not allowed, so voice is off; touch works as usual. Check the system microphone permission.',
  },
  'no-device': {
    zh: '没有找到麦克风，语音功能暂停；触摸操作不受影响。请检查麦克风是否插好。',
    en: 'No microphone was found, so voice is off; touch works as usual. Check that the microphone is plugged in.',
  },
  unsupported: {
    zh: '这台电脑的浏览器不支持录音，语音功能暂停；触摸操作不受影响。',
    en: 'This screen cannot record audio, so voice is off; touch works as usual.',
  },
  failed: {
    zh: '麦克风出了故障，语音功能暂停；触摸操作不受影响。请重新插拔麦克风或重启终端。',
    en: 'The microphone failed, so voice is off; touch works as usual. Replug the microphone or restart the kiosk.',
  },
  stopped: {
    zh: '屏幕还没有打开麦克风，语音功能暂停；触摸操作不受影响。',
    en: 'The screen has not opened the microphone, so voice is off; touch works as usual.',
  },
};

const NOTHING_ENROLLED: LocalizedText = {
  zh: '还没有录入任何语音口令，目前只能用触摸操作。请在员工页面的“语音”里录入。',
  en: 'No voice phrases are enrolled yet, so the kiosk works by touch only. Enrol them under Staff → Voice.',
};

const OK: LocalizedText = { zh: '语音功能正常。', en: 'Voice is working.' };

export interface VoiceHealthInput {
  engine: EngineStatus;
  /** The engine's own words for why it is unavailable, when it has them. */
  engineReason: LocalizedText | undefined;
  capture: CaptureState;
  enrolled: number;
}

/** One line for staff: the first thing stopping voice, in the order someone would fix it. */
export function voiceHealth({ engine, engineReason, capture, enrolled }: VoiceHealthInput): { state: 'ok' | 'degraded'; message: LocalizedText } {
  if (enrolled === 0) return { state: 'degraded', message: NOTHING_ENROLLED };
  if (engine.state !== 'ready') {
    return {
      state: 'degraded',
      message: engineReason ?? {
        zh: `语音识别暂时不能用（${engine.reason}），目前只能用触摸操作。`,
        en: `Voice recognition is unavailable (${engine.reason}); the kiosk works by touch.`,
      },
    };
  }
  if (capture !== 'running') return { state: 'degraded', message: CAPTURE[capture] };
  return { state: 'ok', message: OK };
}
