import type { PtyPair } from '../serial/pty.ts';
import type { TypedEmitter } from '../typed-emitter.ts';
import type { CallScript } from './simulator-calls.ts';

/**
 * What the simulated module is: its options, its controls for tests, and how each model
 * speaks (facts/emergency.md §2.1 boot rows, §2.2 DTMF and TTS).
 */

export type SimulatedModel = 'sim7600' | 'ec20';
export type SimulatedSim = 'ready' | 'missing';
export type SimulatedRegistration = 'home' | 'searching' | 'denied';

export interface ModemSimulatorOptions {
  /** The simulator's end of the pty pair (`PtyPair.devicePath`). */
  path: string;
  model: SimulatedModel;
  sim?: SimulatedSim;
  registration?: SimulatedRegistration;
  /** Silence after power-on before the boot messages; commands go unanswered meanwhile. */
  bootDelayMs?: number;
  /** After boot, how long AT+CPIN? answers SIM busy (+CME ERROR: 14) and the network is searching. */
  simBusyMs?: number;
  /** AT+CSQ rssi, 0–31 or 99 (facts/emergency.md §2.1). */
  rssi?: number;
  /** Whether IMS (VoLTE) registers once the network does. */
  volte?: boolean;
  /** Whether the module has TTS (facts/emergency.md §2.2: China variants do). */
  tts?: boolean;
  /** From ATD to the far end ringing (stat 2 → 3). */
  alertAfterMs?: number;
  /** From Ctrl-Z to +CMGS. */
  smsDelayMs?: number;
  /** For numbers without a script. */
  defaultScript?: CallScript;
  baudRate?: number;
}

export interface SentSms {
  to: string;
  text: string;
}

export type ModemSimulatorEvents = {
  /** A command line as received, without its CR. */
  command: [string];
  sms: [SentSms];
};

export interface ModemSimulator extends TypedEmitter<ModemSimulatorEvents> {
  /** Every command line received, in order, without CR. */
  readonly commands: readonly string[];
  readonly sms: readonly SentSms[];
  /** Texts spoken into calls with module TTS. */
  readonly spoken: readonly string[];
  /** The AT+CSCS character set in force. */
  readonly charset: string;
  script(number: string, script: CallScript): void;
  /** `report: false` is a module without SIM hot-plug detection: the change is seen only when asked. */
  setSim(sim: SimulatedSim, options?: { report?: boolean }): void;
  setRegistration(registration: SimulatedRegistration): void;
  /** A hung module: nothing is answered or reported until set back. */
  setResponsive(responsive: boolean): void;
  /**
   * A module busy with something long: it keeps every command it is sent, unanswered, and works
   * through them in order once set back.
   */
  setBusy(busy: boolean): void;
  /** An incoming call rings once (RING and +CLIP). */
  ring(number: string): void;
  /** Raw bytes onto the line, such as noise or half a line. */
  inject(raw: string): void;
  /** The module reboots in place: the call drops, and boot messages follow. */
  resetMidCall(): void;
  /** The USB device goes away: the call drops and the port vanishes. */
  unplug(pair: PtyPair): Promise<void>;
  /** It comes back and boots (its boot messages mostly go unread, as on real USB modules). */
  replug(pair: PtyPair): Promise<void>;
  unplugAndReplug(pair: PtyPair): Promise<void>;
  stop(): Promise<void>;
}

export interface Profile {
  model: string;
  /** Boot messages before and after the SIM is ready (facts/emergency.md §2.1 boot rows). */
  boot: string[];
  simReady: string[];
  dtmfEnable: string;
  dtmfUrc: (key: string) => string;
  tts: RegExp;
  ttsRoute: string | null;
  ttsDone: string;
  answersQcfgIms: boolean;
  answersCireg: boolean;
  /** SIM7600 prints VOICE CALL: BEGIN / END (a public SIM7600G-H session log). */
  voiceCallUrcs: boolean;
}

export const PROFILES: Record<SimulatedModel, Profile> = {
  sim7600: {
    model: 'SIMCOM_SIM7600E-H',
    boot: ['RDY'],
    simReady: ['+CPIN: READY', 'SMS DONE', 'PB DONE'],
    dtmfEnable: 'AT+DDET=1',
    dtmfUrc: (key) => `+RXDTMF: ${key}`,
    tts: /^AT\+CTTS=1,"([0-9A-F]*)"$/i,
    ttsRoute: 'AT+CDTAM=1',
    ttsDone: '+CTTS: 0',
    answersQcfgIms: false,
    // facts/emergency.md §2.1, §7: SIM7600 support for AT+CIREG? is unconfirmed; it answers
    // ERROR here so the "unknown" path is what the kiosk meets.
    answersCireg: false,
    voiceCallUrcs: true,
  },
  ec20: {
    model: 'EC20F',
    boot: ['RDY', '+CFUN: 1'],
    simReady: ['+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'],
    dtmfEnable: 'AT+QTONEDET=1',
    // Quectel reports the key as its ASCII code (EC2x AT manual §12.13).
    dtmfUrc: (key) => `+QTONEDET: ${key.charCodeAt(0)}`,
    tts: /^AT\+QWTTS=1,1,1,"([0-9A-F]*)"$/i,
    ttsRoute: null,
    ttsDone: '+QWTTS: 0',
    answersQcfgIms: true,
    answersCireg: true,
    voiceCallUrcs: false,
  },
};
