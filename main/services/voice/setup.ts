/**
 * Builds voice from the site config and content/voice.yaml: the engine (enrolled templates or
 * Porcupine), the speech detector, the conversation runner and, for the template engine, staff
 * enrolment. Whatever fails here leaves a kiosk that works by touch and says why on the staff
 * screen; it never stops the kiosk from starting.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { WakeWordEngine } from '../../../drivers/wakeword/engine.ts';
import type { SiteConfig } from '../../config/schema.ts';
import { readContentFile, type ContentProblem } from '../../content/load.ts';
import { voiceFileSchema, type LocalizedText, type VoiceFile } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';
import type { AssistService } from '../assist/service.ts';
import type { EmergencyService } from '../emergency/service.ts';
import type { HealthService } from '../health/service.ts';
import type { SettingsService } from '../settings/service.ts';
import type { ListeningEngine } from './engines.ts';
import { EnrollmentManager } from './enrollments.ts';
import { porcupineEngine } from './porcupine.ts';
import { VoiceService, type VoiceActions } from './service.ts';
import { createSpeechDetector, templateToolkit } from './template.ts';

export const VOICE_FILE = 'voice.yaml';

/** Each 大声一点 / 慢一点 moves the setting this far, within the settings' own limits. */
const VOLUME_STEP = 0.15;
const RATE_STEP = 0.15;

export interface VoiceDeps {
  config: SiteConfig;
  dataDir: string;
  contentDir: string;
  events: EventBus;
  health: HealthService;
  log: Logger;
  emergency: EmergencyService;
  settings: SettingsService;
  assist: AssistService;
}

export interface Voice {
  service: VoiceService;
  /** Absent for engines whose phrases are not enrolled at the kiosk (Porcupine). */
  enrollments: EnrollmentManager | undefined;
  stop(): Promise<void>;
}

/** A stand-in that hears nothing, for a kiosk whose voice is switched off or misconfigured. */
function silentEngine(reason: LocalizedText): ListeningEngine {
  const engine: WakeWordEngine = {
    init: async () => undefined,
    process: async () => null,
    release: () => undefined,
    status: () => ({ state: 'unavailable', reason: reason.en }),
  };
  return { kind: 'template', engine, enrolled: new Set(), reason };
}

/** Phrases and timing when content/voice.yaml cannot be read: nothing to listen for. */
const NO_PHRASES: VoiceFile = { wake: [], help: [], cancel: [], yes: [], no: [], commands: [], listenSeconds: 9, endSilenceMs: 1500 };

export function loadVoiceFile(contentDir: string): { file?: VoiceFile; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const file = readContentFile(contentDir, VOICE_FILE, voiceFileSchema, problems, createHash('sha256'));
  return file ? { file, problems } : { problems };
}

export async function startVoice(deps: VoiceDeps): Promise<Voice> {
  const { config, log, emergency, settings, assist } = deps;
  const loaded = loadVoiceFile(deps.contentDir);
  const voiceFile = loaded.file ?? NO_PHRASES;
  const actions: VoiceActions = {
    emergency: async () => {
      await emergency.trigger('voice');
    },
    alarmCancellable: () => emergency.voiceCanCancel(),
    cancelAlarm: async () => {
      await emergency.cancelByVoice();
    },
    act: async (intent) => {
      if (intent === 'louder' || intent === 'slower') {
        const now = await settings.get();
        await settings.set(
          intent === 'louder'
            ? { volume: Math.min(1, round2(now.volume + VOLUME_STEP)) }
            : { speechRate: Math.max(0.5, round2(now.speechRate - RATE_STEP)) },
        );
        return {};
      }
      if (intent === 'call-staff') {
        await assist.callStaff('voice');
        return {};
      }
      if (intent === 'queue') return { ticket: (await assist.takeTicket()).number };
      return {};
    },
  };
  const detector = await createSpeechDetector(log);
  const common = { voice: voiceFile, detector, actions, processing: config.voice.processing, events: deps.events, health: deps.health, log: log.child({ service: 'voice' }) };

  let problem: LocalizedText | undefined;
  if (!loaded.file) {
    const lines = loaded.problems.flatMap((p) => p.problems.map((line) => `${p.file} ${line}`));
    log.error({ problems: lines }, 'content/voice.yaml is not valid; voice is off');
    problem = { zh: `语音口令文件有错误，语音功能暂停：${lines[0] ?? ''}`, en: `The voice phrase file has errors, so voice is off: ${lines[0] ?? ''}` };
  } else if (!config.voice.enabled) {
    problem = { zh: '这台终端关闭了语音功能（站点配置 voice.enabled）。', en: 'Voice is switched off for this kiosk (voice.enabled in the site file).' };
  }
  if (problem) {
    const service = new VoiceService({ ...common, engine: silentEngine(problem) });
    service.start();
    return { service, enrollments: undefined, stop: () => service.stop() };
  }

  if (config.voice.engine === 'porcupine' && config.voice.porcupine) {
    const service = new VoiceService({ ...common, engine: silentEngine({ zh: '语音正在启动。', en: 'Voice is starting.' }) });
    await service.replaceEngine(porcupineEngine(config.voice.porcupine, voiceFile, log, () => service.refreshStatus()));
    service.start();
    return { service, enrollments: undefined, stop: () => service.stop() };
  }

  const toolkit = await templateToolkit(config.voice.frontEnd, log);
  const service = new VoiceService({ ...common, engine: silentEngine({ zh: '语音正在启动。', en: 'Voice is starting.' }) });
  let fileWarned = false;
  const enrollments = new EnrollmentManager({
    dataDir: deps.dataDir,
    toolkit,
    voiceFile,
    voice: service,
    events: deps.events,
    log: log.child({ service: 'voice' }),
    // What staff were warned about the file at start is moot once they have saved phrases anew.
    onSaved: () => {
      if (fileWarned) deps.health.report('voice-enrollments', 'ok', { zh: '语音口令已重新保存。', en: 'The voice phrases have been saved again.' });
    },
  });
  const { problem: fileProblem, kept } = await enrollments.load();
  fileWarned = fileProblem !== undefined || kept !== undefined;
  if (kept) deps.health.report('voice-enrollments', 'degraded', kept);
  if (fileProblem) {
    deps.health.report('voice-enrollments', 'degraded', {
      zh: `保存的语音口令读不出来，已另存备查，请重新录入：${fileProblem.zh}`,
      en: `The saved voice phrases could not be read and were set aside; please enrol them again: ${fileProblem.en}`,
    });
  }
  await service.replaceEngine(await toolkit.createEngine(enrollments.phrases));
  service.start();
  return { service, enrollments, stop: () => service.stop() };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
