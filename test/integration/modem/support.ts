import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { createModemDevice, type ModemDevice, type ModemDeviceEvents, type ModemDeviceOptions, type ModemLog } from '../../../drivers/modem/device.ts';
import { startModemSimulator, type ModemSimulator, type ModemSimulatorOptions } from '../../../drivers/modem/simulator.ts';
import type { ModemHealth } from '../../../drivers/modem/readiness.ts';

/** A device on one end of a real pty pair and a simulated module on the other. */
export interface Rig {
  pair: PtyPair;
  sim: ModemSimulator;
  device: ModemDevice;
  /** Every health report, in order. */
  healths: ModemHealth[];
  logs: { level: string; msg: string | undefined }[];
  close(): Promise<void>;
}

// Short enough for a quick suite, long enough that a loaded CI machine does not trip them.
export const FAST: Partial<ModemDeviceOptions> = {
  timeouts: { simpleMs: 800, callMs: 1_500, smsMs: 3_000 },
  callPollMs: 100,
  reopenMs: 100,
};

const rigs = new Set<Rig>();

export async function rig(
  sim: Omit<ModemSimulatorOptions, 'path'>,
  device: Partial<ModemDeviceOptions> = {},
): Promise<Rig> {
  const pair = await createPtyPair('modem');
  const simulator = await startModemSimulator({ alertAfterMs: 150, smsDelayMs: 20, ...sim, path: pair.devicePath });
  const logs: Rig['logs'] = [];
  const log: ModemLog = {
    info: (_obj, msg) => logs.push({ level: 'info', msg }),
    warn: (_obj, msg) => logs.push({ level: 'warn', msg }),
  };
  const modem = createModemDevice({ path: pair.kioskPath, model: sim.model, ...FAST, ...device }, { log });
  const healths: ModemHealth[] = [];
  modem.on('health', (h) => healths.push(h));
  const result: Rig = {
    pair,
    sim: simulator,
    device: modem,
    healths,
    logs,
    async close() {
      rigs.delete(result);
      await modem.stop();
      await simulator.stop();
      await pair.close();
    },
  };
  rigs.add(result);
  return result;
}

/** For afterEach: closes whatever a failed test left open. */
export async function closeAllRigs(): Promise<void> {
  await Promise.all([...rigs].map((r) => r.close()));
}

/** The device's next `event` that passes `accept`, or a rejection after `timeoutMs`. */
export function nextEvent<K extends keyof ModemDeviceEvents & string>(
  device: ModemDevice,
  event: K,
  accept: (...args: ModemDeviceEvents[K]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<ModemDeviceEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = device.on(event, (...args) => {
      if (!accept(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/** Resolves when `device.health()` passes `accept` (now or at a later health event). */
export async function healthWhere(device: ModemDevice, accept: (h: ModemHealth) => boolean, timeoutMs = 5_000): Promise<ModemHealth> {
  const now = device.health();
  if (accept(now)) return now;
  const [h] = await nextEvent(device, 'health', accept, timeoutMs);
  return h;
}
