import { errorForText, type ModemError } from './errors.ts';
import { afterPrefix, responsePrefix } from './fields.ts';
import {
  parseCireg,
  parseClcc,
  parseClip,
  parseCmti,
  parseCpin,
  parseRegistration,
  registrationDomainOf,
  type Call,
  type Registration,
  type SimStatus,
} from './parse.ts';

/**
 * Classify one modem line as a final result, an unsolicited result code (URC), an information
 * response or the echo of the command in flight. Pure; never throws.
 *
 * Every line goes through the URC table, because URCs arrive between a command and its response
 * (facts/emergency.md §2.6: RIOT #20062, FreeRTOS-Cellular #89). Prefixes that are both solicited
 * and unsolicited (+CPIN, +CLCC, +CIREG, +CFUN, +QTONEDET, TTS status) count as information only
 * while the command with that prefix is in flight; registration lines are told apart by shape.
 */

export type FinalResult =
  | { type: 'ok' }
  | { type: 'error' }
  | { type: 'cme-error'; error: ModemError }
  | { type: 'cms-error'; error: ModemError }
  | { type: 'no-carrier' }
  | { type: 'busy' }
  | { type: 'no-answer' }
  | { type: 'no-dialtone' }
  | { type: 'connect'; text: string };

export type CallEndReason = 'no-carrier' | 'busy' | 'no-answer' | 'no-dialtone';

export type ModuleFamily = 'quectel' | 'simcom' | 'sim800' | 'any';

export type BootEvent = 'rdy' | 'call-ready' | 'sms-ready' | 'sms-done' | 'pb-done' | 'usim' | 'cfun';

export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export type Urc =
  | { type: 'ring' }
  | { type: 'clip'; number: string | null; numberType: number | null }
  | { type: 'registration'; registration: Registration }
  | { type: 'new-sms'; storage: string; index: number }
  | { type: 'call-ended'; reason: CallEndReason }
  /** `call` is null for a state this layer does not know (e.g. SIMCom 6 = released). */
  | { type: 'call-state'; call: Call | null }
  | { type: 'dtmf'; key: DtmfKey; module: ModuleFamily }
  /** `reboot` is true only for lines that prove the module restarted (facts §2.1, §2.6). */
  | { type: 'boot'; event: BootEvent; module: ModuleFamily; reboot: boolean }
  | { type: 'sim'; status: SimStatus }
  | { type: 'ims'; registered: boolean }
  | { type: 'voice-call'; phase: 'begin' | 'end' }
  | { type: 'tts-done'; module: ModuleFamily; code: number | null }
  | { type: 'quectel-indication'; text: string }
  | { type: 'power-warning'; text: string }
  /** A known URC prefix whose payload did not parse. */
  | { type: 'unparsed'; line: string };

export type ModemLine =
  | { kind: 'final'; result: FinalResult }
  | { kind: 'urc'; urc: Urc }
  | { kind: 'info'; prefix: string | null; text: string }
  | { kind: 'echo'; text: string };

export interface ClassifyContext {
  /** The command line in flight (with or without its CR), or null when the modem is idle. */
  pending: string | null;
}

const IDLE: ClassifyContext = { pending: null };

const CALL_END: Record<string, CallEndReason> = {
  'NO CARRIER': 'no-carrier',
  BUSY: 'busy',
  'NO ANSWER': 'no-answer',
  'NO DIALTONE': 'no-dialtone',
};

// facts/emergency.md §2.1 boot rows and §2.6: RDY and SIM800 "Call Ready" mean the module
// restarted; SMS/PB DONE, +QUSIM and +CFUN also follow a plain AT+CFUN=0 → 1, so they do not.
const BOOT_LINES: Record<string, { event: BootEvent; module: ModuleFamily; reboot: boolean }> = {
  RDY: { event: 'rdy', module: 'any', reboot: true },
  'Call Ready': { event: 'call-ready', module: 'sim800', reboot: true },
  'SMS Ready': { event: 'sms-ready', module: 'sim800', reboot: false },
  'SMS DONE': { event: 'sms-done', module: 'simcom', reboot: false },
  'PB DONE': { event: 'pb-done', module: 'simcom', reboot: false },
  '+QIND: SMS DONE': { event: 'sms-done', module: 'quectel', reboot: false },
  '+QIND: PB DONE': { event: 'pb-done', module: 'quectel', reboot: false },
};

/** Own entries only: a modem line such as "constructor" must not find Object.prototype's. */
function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const DTMF_KEYS = new Set<string>(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D']);

// TTS playback-finished URCs: Quectel +QTTS/+QWTTS (EC2x manual §12.19, §12.21), SIMCom +CTTS
// (A76XX audio application note); none is in the facts, which leave TTS parameters unconfirmed.
const TTS_DONE: Record<string, ModuleFamily> = { '+QTTS': 'quectel', '+QWTTS': 'quectel', '+CTTS': 'simcom' };

export function classifyLine(line: string, context: ClassifyContext = IDLE): ModemLine {
  const pending = context.pending?.replace(/\r$/, '') ?? null;
  if (pending !== null && line === pending) return { kind: 'echo', text: line };

  const final = finalResult(line, pending);
  if (final !== null) return { kind: 'final', result: final };

  const prefix = responsePrefix(line);
  const solicited = prefix !== null && pending !== null && commandPrefix(pending) === prefix.toUpperCase();
  const urc = solicited ? registrationUrc(line) : unsolicited(line, prefix);
  if (urc !== null) return { kind: 'urc', urc };
  return { kind: 'info', prefix, text: line };
}

/** `AT+CPIN?` → `+CPIN`; `ATD…`, `AT` → null. */
export function commandPrefix(command: string): string | null {
  const match = /^AT([+^$#*][A-Za-z0-9_]+)/i.exec(command);
  return match?.[1]?.toUpperCase() ?? null;
}

function isCallSetup(pending: string | null): boolean {
  return pending !== null && /^AT(D|A$)/i.test(pending);
}

function finalResult(line: string, pending: string | null): FinalResult | null {
  if (line === 'OK') return { type: 'ok' };
  if (line === 'ERROR') return { type: 'error' };
  const cme = afterPrefix(line, '+CME ERROR');
  if (cme !== null) return { type: 'cme-error', error: errorForText('cme', cme) };
  const cms = afterPrefix(line, '+CMS ERROR');
  if (cms !== null) return { type: 'cms-error', error: errorForText('cms', cms) };
  if (line === 'CONNECT' || line.startsWith('CONNECT ')) return { type: 'connect', text: line.slice('CONNECT'.length).trim() };
  // facts §2.2: these end ATD; with no call setup in flight they report a call ending.
  const reason = lookup(CALL_END, line);
  if (reason !== undefined && isCallSetup(pending)) return { type: reason };
  return null;
}

/** A registration URC can arrive while AT+CxREG? is in flight; its shape gives it away. */
function registrationUrc(line: string): Urc | null {
  if (registrationDomainOf(line) === null) return null;
  const parsed = parseRegistration(line);
  return parsed.ok && parsed.value.form === 'urc' ? { type: 'registration', registration: parsed.value } : null;
}

function unsolicited(line: string, prefix: string | null): Urc | null {
  if (line === 'RING') return { type: 'ring' };
  const reason = lookup(CALL_END, line);
  if (reason !== undefined) return { type: 'call-ended', reason };
  const boot = lookup(BOOT_LINES, line);
  if (boot !== undefined) return { type: 'boot', ...boot };
  // facts §2.6: SIM800 reports supply trouble as "UNDER-VOLTAGE WARNNING" / "UNDER-VOLTAGE POWER DOWN".
  if (line.startsWith('UNDER-VOLTAGE')) return { type: 'power-warning', text: line };
  // SIM7600 call progress, seen in a public SIM7600G-H session log ("VOICE CALL: BEGIN", "VOICE CALL: END: 000352").
  if (line === 'VOICE CALL: BEGIN') return { type: 'voice-call', phase: 'begin' };
  if (line.startsWith('VOICE CALL: END')) return { type: 'voice-call', phase: 'end' };
  return prefix === null ? null : prefixedUrc(line, prefix.toUpperCase());
}

function prefixedUrc(line: string, prefix: string): Urc | null {
  switch (prefix) {
    case '+CREG':
    case '+CEREG':
    case '+CGREG': {
      const parsed = parseRegistration(line);
      if (!parsed.ok) return { type: 'unparsed', line };
      // A query-shaped line with nothing asking is a late answer, not news: leave it as information.
      return parsed.value.form === 'urc' ? { type: 'registration', registration: parsed.value } : null;
    }
    case '+CLIP': {
      const parsed = parseClip(line);
      return parsed.ok ? { type: 'clip', ...parsed.value } : { type: 'unparsed', line };
    }
    case '+CMTI': {
      const parsed = parseCmti(line);
      return parsed.ok ? { type: 'new-sms', ...parsed.value } : { type: 'unparsed', line };
    }
    case '+CLCC': {
      const parsed = parseClcc(line);
      return parsed.ok ? { type: 'call-state', call: parsed.value } : { type: 'unparsed', line };
    }
    case '+CPIN': {
      const parsed = parseCpin(line);
      return parsed.ok ? { type: 'sim', status: parsed.value.status } : { type: 'unparsed', line };
    }
    case '+CIREG': {
      const parsed = parseCireg(line, 'urc');
      return parsed.ok ? { type: 'ims', registered: parsed.value.imsRegistered } : { type: 'unparsed', line };
    }
    case '+CFUN':
      // facts §2.1: "+CFUN: 1" is part of the Quectel boot sequence.
      return { type: 'boot', event: 'cfun', module: 'quectel', reboot: false };
    case '+QUSIM':
      return { type: 'boot', event: 'usim', module: 'quectel', reboot: false };
    case '+QIND':
      return { type: 'quectel-indication', text: afterPrefix(line, prefix) ?? '' };
    case '+QTONEDET':
      // Quectel EC2x AT manual §12.13: the URC carries the key's ASCII code, 48 = '0' … 35 = '#'.
      return dtmfUrc(line, prefix, 'quectel', (v) => (/^[0-9]{1,3}$/.test(v) ? String.fromCharCode(Number(v)) : ''));
    case '+RXDTMF': // SIM7600 after AT+DDET=1 (public SIM7600 drivers and ModemManager tests)
    case '+DTMF': // SIM800/SIM900 after AT+DDET=1 (facts §2.2)
      return dtmfUrc(line, prefix, prefix === '+RXDTMF' ? 'simcom' : 'sim800', (v) => v);
    default: {
      const module = lookup(TTS_DONE, prefix);
      if (module === undefined) return null;
      const code = afterPrefix(line, prefix) ?? '';
      return { type: 'tts-done', module, code: /^[0-9]{1,6}$/.test(code) ? Number(code) : null };
    }
  }
}

function dtmfUrc(line: string, prefix: string, module: ModuleFamily, toKey: (value: string) => string): Urc {
  const key = toKey((afterPrefix(line, prefix) ?? '').trim()).toUpperCase();
  return DTMF_KEYS.has(key) ? { type: 'dtmf', key: key as DtmfKey, module } : { type: 'unparsed', line };
}
