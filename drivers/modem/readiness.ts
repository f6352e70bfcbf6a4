import type { DeviceHealth, PlainText } from '../health.ts';
import type { AtError } from './interpreter.ts';
import type { Registration, SimStatus } from './parse.ts';

/**
 * What the readiness queries mean for emergency calling, as pure functions: readings in, a
 * health report in plain words out. The device gathers the readings; this decides.
 */

export type ModemModel = 'sim7600' | 'ec20';
export type SimState = 'ready' | 'missing' | 'pin' | 'busy' | 'unknown';
export type RegistrationSummary = 'home' | 'roaming' | 'searching' | 'denied' | 'none' | 'unknown';
export type VolteState = 'ready' | 'not-ready' | 'unknown';

export interface ModemSignal {
  dbm: number;
  bars: 0 | 1 | 2 | 3 | 4;
}

export interface ModemHealth extends DeviceHealth {
  connected: boolean;
  model?: ModemModel;
  sim: SimState;
  registration: RegistrationSummary;
  signal?: ModemSignal;
  volte: VolteState;
}

export interface ModemReadings {
  connected: boolean;
  /** The module has answered AT since the port opened and has not stopped answering. */
  responding: boolean;
  /** The first readiness check since (re)connecting has finished. */
  checked: boolean;
  sim: SimState;
  registration: RegistrationSummary;
  signal?: ModemSignal;
  volte: VolteState;
}

export const UNKNOWN_READINGS: Omit<ModemReadings, 'connected' | 'responding'> = {
  checked: false,
  sim: 'unknown',
  registration: 'unknown',
  volte: 'unknown',
};

const SIM_BY_STATUS: Partial<Record<SimStatus, SimState>> = {
  ready: 'ready',
  'not-inserted': 'missing',
  'not-ready': 'busy',
  'sim-pin': 'pin',
  'sim-puk': 'pin',
  'ph-sim-pin': 'pin',
};

export function simFromStatus(status: SimStatus): SimState {
  return SIM_BY_STATUS[status] ?? 'unknown';
}

// facts/emergency.md §2.1: AT+CPIN? answers +CME ERROR: 10 when no SIM is inserted (not
// "+CPIN: NOT INSERTED") and 14 while the SIM is busy just after boot; 11/12 are PIN/PUK required.
const SIM_BY_CME: Record<number, SimState> = { 10: 'missing', 11: 'pin', 12: 'pin', 14: 'busy' };

export function simFromError(error: AtError): SimState {
  if (error.kind !== 'cme' || error.code === null) return 'unknown';
  return SIM_BY_CME[error.code] ?? 'unknown';
}

const REGISTRATION_BY_STATE: Record<Registration['state'], RegistrationSummary> = {
  home: 'home',
  roaming: 'roaming',
  searching: 'searching',
  denied: 'denied',
  'not-searching': 'none',
  unknown: 'unknown',
  other: 'unknown',
};

// Best first: registered on either domain (CS for 2G/3G, EPS for LTE) is enough to place a call.
const REGISTRATION_RANK: RegistrationSummary[] = ['home', 'roaming', 'searching', 'denied', 'none', 'unknown'];

/** The better of the CS (AT+CREG?) and EPS (AT+CEREG?) answers; null for a domain that gave none. */
export function combineRegistration(...domains: (Registration | null)[]): RegistrationSummary {
  const states = domains.flatMap((r) => (r === null ? [] : [REGISTRATION_BY_STATE[r.state]]));
  return REGISTRATION_RANK.find((state) => states.includes(state)) ?? 'unknown';
}

const MESSAGES = {
  notConnected: msg('未连接通话模块，无法拨打紧急电话', 'Modem not connected: emergency calls cannot be made'),
  notResponding: msg('通话模块没有响应，无法拨打紧急电话', 'Modem not responding: emergency calls cannot be made'),
  starting: msg('通话模块正在启动', 'Modem starting up'),
  noSim: msg('未插SIM卡，无法拨打紧急电话', 'No SIM card: emergency calls cannot be made'),
  simLocked: msg('SIM卡被密码锁定，无法拨打紧急电话', 'SIM card is locked with a PIN: emergency calls cannot be made'),
  simStarting: msg('SIM卡正在准备', 'SIM card getting ready'),
  simNotReady: msg('SIM卡无法使用，无法拨打紧急电话', 'SIM card not usable: emergency calls cannot be made'),
  denied: msg('移动网络拒绝了这张SIM卡，无法拨打紧急电话', 'The mobile network refused the SIM card: emergency calls cannot be made'),
  searching: msg('正在搜索移动网络', 'Searching for the mobile network'),
  noNetwork: msg('没有移动网络，无法拨打紧急电话', 'No mobile network: emergency calls cannot be made'),
  volte: msg('4G语音（VoLTE）未就绪，紧急电话可能打不通', 'VoLTE not ready: emergency calls may fail'),
  weakSignal: msg('手机信号很弱，紧急电话可能打不通', 'Very weak mobile signal: emergency calls may fail'),
  ok: msg('通话模块正常', 'Modem ready'),
} as const;

/**
 * `withinGrace`: the module (re)started recently, so SIM busy and searching are normal start-up
 * (facts/emergency.md §2.1 "Start-up window") and only degrade; after the grace period they are
 * faults, because an emergency call would not go out.
 */
export function assessHealth(
  readings: ModemReadings,
  context: { withinGrace: boolean; protocolErrors: number; model?: ModemModel },
): ModemHealth {
  const [state, message] = verdict(readings, context.withinGrace);
  return {
    state,
    message,
    protocolErrors: context.protocolErrors,
    connected: readings.connected,
    ...(context.model === undefined ? {} : { model: context.model }),
    sim: readings.sim,
    registration: readings.registration,
    ...(readings.signal === undefined ? {} : { signal: readings.signal }),
    volte: readings.volte,
  };
}

function verdict(r: ModemReadings, withinGrace: boolean): [DeviceHealth['state'], PlainText] {
  const startup = withinGrace ? 'degraded' : 'fault';
  if (!r.connected) return ['fault', MESSAGES.notConnected];
  // A module still booting does not answer AT yet (facts/emergency.md §2.1 "Alive": retry).
  if (!r.responding) return withinGrace ? ['degraded', MESSAGES.starting] : ['fault', MESSAGES.notResponding];
  if (!r.checked) return [startup, MESSAGES.starting];
  switch (r.sim) {
    case 'missing':
      return ['fault', MESSAGES.noSim];
    case 'pin':
      return ['fault', MESSAGES.simLocked];
    case 'busy':
      return [startup, withinGrace ? MESSAGES.simStarting : MESSAGES.simNotReady];
    case 'unknown':
      return ['fault', MESSAGES.simNotReady];
    case 'ready':
      break;
  }
  if (r.registration === 'denied') return ['fault', MESSAGES.denied];
  if (r.registration !== 'home' && r.registration !== 'roaming') {
    return [startup, withinGrace ? MESSAGES.searching : MESSAGES.noNetwork];
  }
  if (r.volte === 'not-ready') return ['degraded', MESSAGES.volte];
  if (r.signal?.bars === 0) return ['degraded', MESSAGES.weakSignal];
  return ['ok', MESSAGES.ok];
}

function msg(zh: string, en: string): PlainText {
  return { zh, en };
}
