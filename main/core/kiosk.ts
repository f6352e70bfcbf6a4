import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { EventName } from '../api/contract.ts';
import { createDispatcher, type Dispatcher } from '../api/dispatcher.ts';
import { loadSiteConfig, resolveDataDir } from '../config/load.ts';
import type { SiteConfig } from '../config/schema.ts';
import { startHost, type Host } from '../host/server.ts';
import { closeLogger, createLogger } from '../log/logger.ts';
import { appRoot, appVersion, contentDir, rendererDir } from '../paths.ts';
import { BoardService } from '../services/board/service.ts';
import { DEFAULT_TIMING } from '../services/emergency/machine.ts';
import { EmergencyService } from '../services/emergency/service.ts';
import { FleetLink } from '../services/fleet/link.ts';
import { GuideService } from '../services/guides/service.ts';
import { HealthService } from '../services/health/service.ts';
import { startIdentity } from '../services/identity/setup.ts';
import { StaffAuth } from '../services/staff/auth.ts';
import { keepLockout, loadLockout } from '../services/staff/lockout.ts';
import { SettingsService } from '../services/settings/service.ts';
import { AssistService } from '../services/assist/service.ts';
import { startVoice } from '../services/voice/setup.ts';
import { EspeakEngine } from '../services/speech/espeak.ts';
import { SpeechService } from '../services/speech/service.ts';
import { openStore } from '../store/database.ts';
import { lastRunCrashed, recordStart, recordStop } from '../store/kiosk-runs.ts';
import { MIGRATIONS, SALVAGE } from '../store/migrations.ts';
import { openDevices, type Simulators } from './devices.ts';
import { EventBus } from './events.ts';
import { createHandlers } from './handlers.ts';

export type Shell = 'electron' | 'chromium' | 'host';

/** Who the simulated modem "calls" in a demonstration kiosk (no site file). */
const DEMO_CONTACTS = [
  { name: '演示联系人一', relation: '家属', phone: '13800000001' },
  { name: '演示联系人二', relation: '社区网格员', phone: '13800000002' },
];

export interface KioskOptions {
  configPath?: string;
  /** Host port; 0 picks a free one. */
  port?: number;
  /** Force simulated devices whatever the site file says. */
  simulate?: boolean;
  shell: Shell;
  env?: NodeJS.ProcessEnv;
  /** Serve the renderer and API on 127.0.0.1 (every shell but Electron). */
  serveHost?: boolean;
  /** Also log to stdout. */
  logToConsole?: boolean;
}

export interface Kiosk {
  dispatcher: Dispatcher;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  log: Logger;
  config: SiteConfig;
  dataDir: string;
  rendererDir: string;
  /** Simulated devices, when running without hardware (tests drive them). */
  simulators: Simulators;
  /** The host's URL when serveHost is on. */
  url: string | undefined;
  /** One frame from the screen's microphone (the Electron shell's audio port). */
  acceptAudio(frame: Uint8Array): void;
  close(): Promise<void>;
}

/**
 * Starts the kiosk core: configuration, log, store, services, the API table and (optionally)
 * the local host transport. Throws ConfigError for an invalid site file, before touching disk.
 */
export async function startKiosk(options: KioskOptions): Promise<Kiosk> {
  const env = options.env ?? process.env;
  const root = appRoot();
  const { config, source, path: configFile } = loadSiteConfig({ path: options.configPath, env });
  const simulated = options.simulate === true || config.devices.simulate;
  const dataDir = resolveDataDir(config, env);
  mkdirSync(dataDir, { recursive: true });

  const log = createLogger({ dataDir, level: env.LINLI_LOG_LEVEL ?? 'info', toConsole: options.logToConsole ?? false });
  const version = appVersion(root);
  log.info({ version, shell: options.shell, config: configFile ?? '(defaults)', source, dataDir, simulated }, 'kiosk starting');

  const store = await openStore({ file: join(dataDir, 'linli.db'), log, migrations: MIGRATIONS, salvage: SALVAGE });
  if (await lastRunCrashed(store)) log.warn('the previous run did not stop cleanly');
  // A store that takes no writes (a full or read-only card) must not keep the kiosk, and with it
  // the emergency button, from starting; the alarm service carries on without a record if it must.
  const runId = await recordStart(store, { version, shell: options.shell }).catch((err: unknown) => {
    log.error({ err }, 'could not record the start of this run');
    return null;
  });

  const events = new EventBus();
  const health = new HealthService(events);
  if (store.setAside) {
    // What was open (an alarm, help requests, unsent messages) was carried over if it could be
    // read; either way staff must check on it, not read that all is well.
    const kept = basename(store.setAside.file);
    const whole = Object.keys(store.setAside.lost).length === 0;
    health.report('store', 'degraded', whole ? {
      zh: `数据文件损坏，已另存为 ${kept} 并换用新文件；未处理完的呼救和求助已转入新文件。请核实，并联系维护人员。`,
      en: `The data file was damaged; it was kept as ${kept} and a fresh one started. Alarms and help requests still open were carried over: please check on them and call maintenance.`,
    } : {
      zh: `数据文件损坏，已另存为 ${kept} 并换用新文件；之前未处理完的呼救和求助记录可能已丢失，请核实并联系维护人员。`,
      en: `The data file was damaged; it was kept as ${kept} and a fresh one started. Alarms and help requests open before may be lost: please check on them and call maintenance.`,
    });
  } else if (runId === null) {
    health.report('store', 'fault', {
      zh: '数据文件无法写入，新的记录可能保存不了；请检查存储卡是否已满或损坏，并联系维护人员。',
      en: 'The data file cannot be written, so new records may not be kept: check whether the storage card is full or failing, and call maintenance.',
    });
  } else {
    health.report('store', 'ok', { zh: '数据存储正常。', en: 'Storage is fine.' });
  }
  const guides = new GuideService({ contentDir: contentDir(root), store, log, events, health, watch: true });
  await guides.start();
  const board = new BoardService({ contentDir: contentDir(root), store, log, events, health, watch: true });
  await board.start();
  const settings = new SettingsService(store, events, log);
  const speech = new SpeechService({
    engine: config.speech.synthesis === 'espeak-ng' ? new EspeakEngine({ command: config.speech.espeakPath }) : undefined,
    clipsDir: join(contentDir(root), 'audio'),
    health,
    log: log.child({ service: 'speech' }),
  });
  await speech.start();

  // The button is heard from the moment it starts, seconds before the alarm service can act on a press:
  // the modem's initialisation and resuming an alarm left open both come first. The box sends SOS
  // once per press and a button held at power-up is meant to raise an alarm (PROTOCOL.md §3.1, §6),
  // so presses until then are kept, in order. They wait for the service's start rather than trigger
  // at once because until it has resumed the alarms left open, a trigger would open a second one.
  const startupPresses: { at: number }[] = [];
  let onPress = (press: { at: number }): void => void startupPresses.push(press);
  const devices = await openDevices(config, simulated, log, health, (press) => onPress(press));
  const emergency = new EmergencyService({
    store,
    log: log.child({ service: 'emergency' }),
    events,
    button: devices.button,
    modem: devices.modem,
    place: { kioskId: config.kiosk.id, siteName: config.site.name, address: config.site.address, location: config.kiosk.location },
    // With no site file at all the kiosk is a demonstration: its simulated modem has people to call.
    contacts: source === 'defaults' && config.emergency.contacts.length === 0 ? DEMO_CONTACTS : config.emergency.contacts,
    fallback: config.emergency.fallback,
    rounds: config.emergency.rounds,
    health,
    timing: {
      ...DEFAULT_TIMING,
      cancelWindowMs: config.emergency.cancelWindowSeconds * 1000,
      voiceCancelWindowMs: config.emergency.voiceCancelWindowSeconds * 1000,
      ringMs: config.emergency.ringSeconds * 1000,
    },
    topicPrefix: config.fleet.topicPrefix,
  });
  await emergency.start();
  // Alarms wait in the outbox until the link has them, so it starts after the alarms are resumed.
  const fleet =
    config.fleet.enabled && config.fleet.url
      ? new FleetLink({
          url: config.fleet.url,
          kioskId: config.kiosk.id,
          topicPrefix: config.fleet.topicPrefix,
          store,
          events,
          health,
          log: log.child({ service: 'fleet' }),
          alarms: emergency,
        })
      : null;
  fleet?.start();
  onPress = () => {
    emergency.trigger('button').catch((err: unknown) => log.error({ err }, 'could not raise the alarm from the button'));
  };
  for (const press of startupPresses.splice(0)) {
    log.info({ pressedAt: press.at }, 'raising the alarm for a button press made while the kiosk was starting');
    onPress(press);
  }
  const staff = new StaffAuth({
    pinHash: config.staff.pinHash,
    lockoutAttempts: config.staff.lockoutAttempts,
    lockoutMinutes: config.staff.lockoutMinutes,
    saved: await loadLockout(store, log),
    onChange: keepLockout(store, health, log),
  });
  const identity = startIdentity({
    config,
    dataDir,
    contentDir: contentDir(root),
    reader: devices.idcard,
    events,
    health,
    store,
    guides,
    staff,
    log: log.child({ service: 'identity' }),
  });

  const assist = new AssistService({ store, events, log: log.child({ service: 'assist' }), kioskId: config.kiosk.id, topicPrefix: config.fleet.topicPrefix });
  const voice = await startVoice({ config, dataDir, contentDir: contentDir(root), events, health, log, emergency, settings, assist });

  const dispatcher = createDispatcher(
    createHandlers({ config, version, simulated, store, guides, board, settings, health, emergency, staff, identity, speech, voice, assist, dataDir }),
    log,
  );
  const acceptAudio = (frame: Uint8Array): void => voice.service.acceptFrame(frame);

  const dist = rendererDir(root);
  let host: Host | undefined;
  if (options.serveHost) {
    host = await startHost({
      port: options.port ?? 0,
      dispatcher,
      subscribe: (listener) => events.subscribe(listener),
      rendererDir: dist,
      log,
      onAudio: acceptAudio,
    });
  }

  let closing: Promise<void> | undefined;
  return {
    dispatcher,
    onEvent: (listener) => events.subscribe(listener),
    log,
    config,
    dataDir,
    rendererDir: dist,
    simulators: devices.simulators,
    url: host?.url,
    acceptAudio,
    close() {
      closing ??= (async () => {
        guides.close();
        board.close();
        await host?.close();
        await voice.stop();
        await fleet?.stop();
        await emergency.stop();
        identity.stop();
        await devices.close();
        if (runId !== null) await recordStop(store, runId);
        await store.close();
        log.info('kiosk stopped');
        await closeLogger(log);
      })();
      return closing;
    },
  };
}
