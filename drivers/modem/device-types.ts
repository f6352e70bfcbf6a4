import type { TypedEmitter } from '../typed-emitter.ts';
import type { ModemCallEvent } from './call-tracker.ts';
import type { AtTimeouts, Clock } from './channel.ts';
import type { Call } from './parse.ts';
import type { ModemHealth, ModemModel } from './readiness.ts';

/** The modem device's public face; device.ts implements it over a serial port. */

export interface ModemDeviceOptions {
  path: string;
  baudRate?: number;
  model?: ModemModel | 'auto';
  /** Supervision: how often SIM, registration and signal are re-read. */
  pollSeconds?: number;
  clock?: Clock;
  /** How long after a (re)start SIM busy and searching count as start-up, not faults. */
  graceSeconds?: number;
  /** AT+CLCC polling while a call is up. */
  callPollMs?: number;
  /** How often a missing port is looked for. */
  reopenMs?: number;
  timeouts?: Partial<AtTimeouts>;
}

/** The subset of a pino logger the driver uses. */
export interface ModemLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type ModemDeviceEvents = {
  health: [ModemHealth];
  call: [ModemCallEvent];
  dtmf: [{ key: string }];
  /** The module restarted: its port vanished and came back, or it printed a boot message. */
  reset: [{ cause: 'port-lost' | 'boot' }];
  /** An incoming call is ringing. */
  ring: [];
};

export interface ModemDevice extends TypedEmitter<ModemDeviceEvents> {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ModemHealth;
  dial(number: string): Promise<void>;
  hangup(): Promise<void>;
  listCalls(): Promise<Call[]>;
  sendSms(number: string, text: string): Promise<{ parts: number }>;
  enableDtmfDetection(): Promise<'ok' | 'unsupported'>;
  speakIntoCall(text: string): Promise<'ok' | 'unsupported'>;
}
