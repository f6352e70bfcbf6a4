import type { EngineStatus } from '../../../drivers/wakeword/engine.ts';
import type { FrontEndId } from '../../../drivers/wakeword/front-end.ts';
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
  zh: '还没有录入任何语音口令，目前只能用触摸操作。请在工作人员页面的“语音口令”里录入。',
  en: 'No voice phrases are enrolled yet, so the kiosk works by touch only. Enrol them under Staff → Voice phrases.',
};

const OK: LocalizedText = { zh: '语音功能正常。', en: 'Voice is working.' };

const BEHIND: LocalizedText = {
  zh: '电脑太忙，语音识别跟不上，有些话没有听到，这时有人呼救也可能听不到；触摸操作和紧急按钮不受影响。如果常常这样，请检查这台电脑上是否开着别的程序。',
  en: 'The computer is too busy for voice recognition to keep up, so some speech is not heard — a call for help may be missed meanwhile; touch and the emergency button work as usual. If this happens often, check what else is running on this computer.',
};

const NO_AUDIO: LocalizedText = {
  zh: '屏幕报告麦克风开着，但声音没有传到语音识别，这时有人呼救也听不到；触摸操作和紧急按钮不受影响。请重新打开终端屏幕；如果还是这样，请重启终端。',
  en: 'The screen reports the microphone on, but no sound is reaching voice recognition, so a call for help would not be heard; touch and the emergency button work as usual. Reload the kiosk screen; if that does not help, restart the kiosk.',
};

const FRONT_END: Record<FrontEndId, LocalizedText> = {
  embedding: { zh: '语音模型', en: 'the speech models' },
  mfcc: { zh: '基本声音特征（MFCC）', en: 'basic sound features (MFCC)' },
};

/**
 * Saved phrases made for another front end than the one the kiosk listens with now. Usually the
 * speech models did not load this time and the kiosk fell back to MFCC: the file is kept, so the
 * phrases come back with the models, and staff learn that recording now replaces them.
 * `file` is null when the file's settings match no front end this software knows.
 */
export function enrollmentsForOtherFrontEnd(file: FrontEndId | null, listening: FrontEndId): LocalizedText {
  const now = FRONT_END[listening];
  if (file === null) {
    return {
      zh: `保存的语音口令是用不同的声音设置录的，这台终端现在用${now.zh}识别，所以这些口令暂时不能用，目前只能用触摸操作。口令文件原样保留；在这里重新录入的口令会替换它们。`,
      en: `The saved voice phrases were recorded with different sound settings and this kiosk now listens with ${now.en}, so they are not in use and the kiosk works by touch. The file is kept as it is; phrases recorded here now replace them.`,
    };
  }
  const then = FRONT_END[file];
  if (listening === 'mfcc') {
    return {
      zh: `保存的语音口令是为${then.zh}录的，但语音模型这次没有打开，这台终端现在用${now.zh}识别，所以这些口令暂时不能用，目前只能用触摸操作。口令文件原样保留：模型恢复、重启终端后会自动再用；在这里重新录入的口令会替换它们。`,
      en: `The saved voice phrases were recorded for ${then.en}, but the speech models did not load this time and this kiosk now listens with ${now.en}, so the phrases are not in use and the kiosk works by touch. The file is kept as it is: they work again after a restart once the models are back; phrases recorded here now replace them.`,
    };
  }
  return {
    zh: `保存的语音口令是为${then.zh}录的，这台终端现在用${now.zh}识别，所以这些口令暂时不能用，目前只能用触摸操作。口令文件原样保留；请重新录入口令，新录的会替换它们。`,
    en: `The saved voice phrases were recorded for ${then.en}, but this kiosk now listens with ${now.en}, so they are not in use and the kiosk works by touch. The file is kept as it is; record the phrases again, which replaces them.`,
  };
}

export interface VoiceHealthInput {
  engine: EngineStatus;
  /** The engine's own words for why it is unavailable, when it has them. */
  engineReason: LocalizedText | undefined;
  capture: CaptureState;
  enrolled: number;
  /** The engine has fallen behind the microphone and audio is being dropped. */
  behind: boolean;
  /** The screen says the microphone runs, but no audio has come for a while. */
  noAudio: boolean;
}

/** One line for staff: the first thing stopping voice, in the order someone would fix it. */
export function voiceHealth({ engine, engineReason, capture, enrolled, behind, noAudio }: VoiceHealthInput): { state: 'ok' | 'degraded'; message: LocalizedText } {
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
  if (noAudio) return { state: 'degraded', message: NO_AUDIO };
  if (behind) return { state: 'degraded', message: BEHIND };
  return { state: 'ok', message: OK };
}
