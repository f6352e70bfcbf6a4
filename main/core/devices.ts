import type { Logger } from 'pino';
import { createButtonDevice, startButtonSimulator, type ButtonDevice, type ButtonSimulator } from '../../drivers/button/index.ts';
import type { DeviceHealth } from '../../drivers/health.ts';
import {
  createCardReader,
  createSerialTransport,
  createUsbTransport,
  startReaderSimulator,
  type CardReader,
  type ReaderSimulator,
} from '../../drivers/idcard/index.ts';
import { createModemDevice, type ModemDevice } from '../../drivers/modem/device.ts';
import { startModemSimulator, type ModemSimulator } from '../../drivers/modem/simulator.ts';
import { createPtyPair, type PtyPair } from '../../drivers/serial/pty.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { HealthService } from '../services/health/service.ts';

/** Simulated hardware, when the kiosk runs without it: peers on the far end of pty pairs. */
export interface Simulators {
  button?: ButtonSimulator;
  modem?: ModemSimulator;
  /** The ID-card reader: tests place and lift cards on it. */
  idcard?: ReaderSimulator;
  /** Their pty pairs, so tests can unplug and replug a simulated device. */
  buttonPair?: PtyPair;
  modemPair?: PtyPair;
  idcardPair?: PtyPair;
}

export interface KioskDevices {
  button: ButtonDevice;
  modem: ModemDevice;
  /** Not started: the identity service starts it once it listens, so no card read is missed. */
  idcard: CardReader;
  simulators: Simulators;
  close(): Promise<void>;
}

/** Simulated contacts answer after a few seconds and confirm with a key, like a person would. */
const SIMULATED_ANSWER_MS = 4_000;

/**
 * Opens the emergency button, the modem and the ID-card reader named in the site file — or, for a kind of
 * `simulated` (and with `devices.simulate`), a simulator on a pty pair with the real driver on
 * the kiosk's end, so the whole path from the serial line up is the one the hall will run.
 * Every device's health goes to the health service in words.
 */
export async function openDevices(
  config: SiteConfig,
  simulate: boolean,
  log: Logger,
  health: HealthService,
  /** Attached before the button starts: an event nobody listens to is gone, and a box sends SOS only once (PROTOCOL.md §3.1, §6). */
  onPress?: (press: { at: number }) => void,
): Promise<KioskDevices> {
  const pairs: PtyPair[] = [];
  const simulators: Simulators = {};
  const pty = async (name: string): Promise<PtyPair> => {
    const pair = await createPtyPair(name);
    pairs.push(pair);
    return pair;
  };

  const buttonConfig = config.devices.button;
  let button: ButtonDevice;
  if (simulate || buttonConfig.kind === 'simulated') {
    const pair = await pty('button');
    simulators.buttonPair = pair;
    simulators.button = await startButtonSimulator({ path: pair.devicePath });
    button = createButtonDevice({ kind: 'serial-line', path: pair.kioskPath }, { logger: log.child({ device: 'button' }) });
  } else {
    button = createButtonDevice(buttonConfig, { logger: log.child({ device: 'button' }) });
  }

  const modemConfig = config.devices.modem;
  let modem: ModemDevice;
  if (simulate || modemConfig.kind === 'simulated') {
    const pair = await pty('modem');
    simulators.modemPair = pair;
    simulators.modem = await startModemSimulator({
      path: pair.devicePath,
      model: 'sim7600',
      defaultScript: { behaviour: 'answer', answerAfterMs: SIMULATED_ANSWER_MS, pressKey: '1', pressAfterMs: 2_000 },
    });
    modem = createModemDevice({ path: pair.kioskPath, model: 'sim7600' }, { log: log.child({ device: 'modem' }) });
  } else {
    modem = createModemDevice({ path: modemConfig.path, baudRate: modemConfig.baudRate, model: modemConfig.model }, { log: log.child({ device: 'modem' }) });
  }

  const idcardConfig = config.devices.idcard;
  const idcardLog = log.child({ device: 'idcard' });
  let idcard: CardReader;
  if (simulate || idcardConfig.kind === 'simulated') {
    const pair = await pty('idcard');
    simulators.idcardPair = pair;
    simulators.idcard = await startReaderSimulator({ path: pair.devicePath, pty: pair });
    idcard = createCardReader({ transport: createSerialTransport({ path: pair.kioskPath }) }, { log: idcardLog });
  } else if (idcardConfig.kind === 'serial') {
    idcard = createCardReader({ transport: createSerialTransport({ path: idcardConfig.path, baudRate: idcardConfig.baudRate }) }, { log: idcardLog });
  } else {
    idcard = createCardReader({ transport: createUsbTransport() }, { log: idcardLog });
  }

  const report = (id: string) => (h: DeviceHealth) => health.report(id, h.state, h.message);
  button.on('health', report('button'));
  modem.on('health', report('modem'));
  idcard.on('health', report('idcard'));
  report('button')(button.health());
  report('modem')(modem.health());
  report('idcard')(idcard.health());
  if (onPress) button.on('press', onPress);
  await Promise.all([button.start(), modem.start()]);

  return {
    button,
    modem,
    idcard,
    simulators,
    async close() {
      await Promise.allSettled([button.stop(), modem.stop(), idcard.stop()]);
      await Promise.allSettled([simulators.button?.close(), simulators.modem?.stop(), simulators.idcard?.close()]);
      await Promise.allSettled(pairs.map((p) => p.close()));
    },
  };
}
