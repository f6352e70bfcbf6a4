import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReaderSimulator } from '../../../drivers/idcard/index.ts';
import type { EventName, EventPayload } from '../../../main/api/contract.ts';
import { siteConfigSchema } from '../../../main/config/schema.ts';
import { loadGuides } from '../../../main/content/load.ts';
import { openDevices, type KioskDevices } from '../../../main/core/devices.ts';
import { EventBus } from '../../../main/core/events.ts';
import { contentDir } from '../../../main/paths.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import type { SessionTiming } from '../../../main/services/identity/machine.ts';
import { loadIdentityRules } from '../../../main/services/identity/rules.ts';
import { IdentityService, type IdentityOptions } from '../../../main/services/identity/service.ts';
import { StaffAuth } from '../../../main/services/staff/auth.ts';
import { openStore, type Store } from '../../../main/store/database.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';
import { capturingLogger, type LogLine } from '../store/support.ts';

/** Short enough for a quick suite, long enough for the reader's 300 ms presence poll to see a lift first. */
export const FAST: SessionTiming = { presentIdleMs: 2_500, liftedIdleMs: 1_500, warningMs: 800, reminderEveryMs: 400 };

export const WHERE = { zh: '一楼大厅，读卡器在屏幕下方', en: 'Ground floor. The card reader is below the screen' };

type Seen = { [E in EventName]: { name: E; payload: EventPayload<E>; at: number } }[EventName];

export interface IdentityRig {
  service: IdentityService;
  reader: ReaderSimulator;
  store: Store;
  staff: StaffAuth;
  devices: KioskDevices;
  logLines: LogLine[];
  events: Seen[];
  /** Resolves with the first event (from now on) of this name whose payload matches. */
  next<E extends EventName>(name: E, match?: (payload: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>;
  close(): Promise<void>;
}

/**
 * The identity service on the kiosk's own wiring: devices.ts opens the real reader driver on a
 * pty pair with the simulator on the far end, and visits go to a real SQLite file.
 */
export async function createIdentityRig(
  opts: {
    secret?: Buffer | null;
    staffCardKeys?: string[];
    timing?: Partial<SessionTiming>;
    guideTitle?: IdentityOptions['guideTitle'];
    now?: () => number;
  } = {},
): Promise<IdentityRig> {
  const { log, lines } = capturingLogger();
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-identity-'));
  const store = await openStore({ file: join(dataDir, 'linli.db'), log, migrations: MIGRATIONS });
  const bus = new EventBus();
  const health = new HealthService(bus);
  const devices = await openDevices(siteConfigSchema.parse({}), true, log, health);
  const staff = new StaffAuth({ pinHash: undefined, lockoutAttempts: 5, lockoutMinutes: 5 });
  const guides = loadGuides(contentDir()).partial.guides;
  const events: Seen[] = [];
  const waiters = new Set<(e: Seen) => void>();
  bus.subscribe((name, payload) => {
    const seen = { name, payload, at: Date.now() } as Seen;
    events.push(seen);
    for (const w of waiters) w(seen);
  });
  const service = new IdentityService({
    reader: devices.idcard,
    secret: opts.secret === null ? undefined : (opts.secret ?? Buffer.alloc(32, 1)),
    rules: loadIdentityRules(contentDir()).rules,
    guideTitle: opts.guideTitle ?? ((id) => guides.find((g) => g.id === id)?.title),
    staffCardKeys: opts.staffCardKeys ?? [],
    staff,
    events: bus,
    store,
    log,
    timing: { ...FAST, ...opts.timing },
    where: WHERE,
    ...(opts.now ? { now: opts.now } : {}),
  });
  service.start();
  return {
    service,
    reader: devices.simulators.idcard!,
    store,
    staff,
    devices,
    logLines: lines,
    events,
    next(name, match = () => true, timeoutMs = 4_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(listen);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${name}`));
        }, timeoutMs);
        const listen = (e: Seen): void => {
          if (e.name !== name || !match(e.payload as never)) return;
          clearTimeout(timer);
          waiters.delete(listen);
          resolve(e.payload as never);
        };
        waiters.add(listen);
      });
    },
    async close() {
      service.stop();
      await devices.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
