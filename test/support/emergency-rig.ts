import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmView } from '../../main/api/contract.ts';
import { siteConfigSchema } from '../../main/config/schema.ts';
import { openDevices, type KioskDevices } from '../../main/core/devices.ts';
import { EventBus } from '../../main/core/events.ts';
import { createNullLogger } from '../../main/log/logger.ts';
import type { MachineTiming } from '../../main/services/emergency/machine.ts';
import { EmergencyService } from '../../main/services/emergency/service.ts';
import { HealthService } from '../../main/services/health/service.ts';
import { openStore, type Store } from '../../main/store/database.ts';
import { MIGRATIONS } from '../../main/store/migrations.ts';
import type { ButtonSimulator } from '../../drivers/button/index.ts';
import type { ModemSimulator } from '../../drivers/modem/simulator.ts';

/** Fast but proportionate timings, so a whole chain plays out in a few seconds. */
export const FAST_TIMING: MachineTiming = {
  cancelWindowMs: 300,
  ringMs: 4_000,
  keyWaitMs: 6_000,
  acceptAfterActiveMs: 1_500,
  nextCallPauseMs: 100,
  cyclePauseMs: 600,
};

export const CONTACTS = [
  { name: '王芳', relation: '女儿', phone: '13800000001' },
  { name: '李强', relation: '邻居', phone: '13800000002' },
];
export const FALLBACK = { name: '值班中心', phone: '12349' };

export interface Rig {
  service: EmergencyService;
  store: Store;
  devices: KioskDevices;
  buttonSim: ButtonSimulator;
  modemSim: ModemSimulator;
  events: EventBus;
  health: HealthService;
  /** Resolves with the first alarm view (pushed or current) that matches. */
  waitForAlarm(match: (a: AlarmView) => boolean, timeoutMs?: number): Promise<AlarmView>;
  /** Resolves once the modem simulator has received a command line matching. */
  waitForCommand(match: RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * The emergency service on real parts: a SQLite file, the button and modem drivers on real pty
 * pairs, and their simulators on the far ends — the same wiring the kiosk uses.
 */
export async function createRig(opts: { timing?: Partial<MachineTiming>; contacts?: typeof CONTACTS; fallback?: typeof FALLBACK | null; rounds?: number; dataDir?: string } = {}): Promise<Rig> {
  const log = createNullLogger();
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'linli-rig-'));
  const store = await openStore({ file: join(dataDir, 'linli.db'), log, migrations: MIGRATIONS });
  const events = new EventBus();
  const health = new HealthService(events);
  const devices = await openDevices(siteConfigSchema.parse({}), true, log, health);
  const service = new EmergencyService({
    store,
    log,
    events,
    button: devices.button,
    modem: devices.modem,
    place: { kioskId: 'test-kiosk', siteName: '幸福里社区服务中心', address: '幸福路1号', location: '一楼大厅' },
    contacts: opts.contacts ?? CONTACTS,
    ...(opts.fallback === null ? {} : { fallback: opts.fallback ?? FALLBACK }),
    rounds: opts.rounds ?? 1,
    timing: { ...FAST_TIMING, ...opts.timing },
    health,
    topicPrefix: 'linli',
  });
  await service.start();
  devices.button.on('press', () => void service.trigger('button'));
  const modemSim = devices.simulators.modem!;

  return {
    service,
    store,
    devices,
    buttonSim: devices.simulators.button!,
    modemSim,
    events,
    health,
    waitForAlarm(match, timeoutMs = 30_000) {
      const now = service.current();
      if (now && match(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no matching alarm state within ${timeoutMs} ms (now: ${JSON.stringify(service.current())})`));
        }, timeoutMs);
        const off = events.subscribe((name, payload) => {
          const alarm = name === 'emergency.changed' ? (payload as { alarm: AlarmView | null }).alarm : null;
          if (alarm && match(alarm)) {
            clearTimeout(timer);
            off();
            resolve(alarm);
          }
        });
      });
    },
    waitForCommand(match, timeoutMs = 30_000) {
      const seen = modemSim.commands.find((c) => match.test(c));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`modem never received ${match} within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = modemSim.on('command', (line) => {
          if (!match.test(line)) return;
          clearTimeout(timer);
          off();
          resolve(line);
        });
      });
    },
    async close() {
      await service.stop();
      await devices.close();
      await store.close();
    },
  };
}
