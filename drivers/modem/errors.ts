/**
 * +CME ERROR / +CMS ERROR codes with a typed meaning and a plain message for staff screens.
 * Numeric (AT+CMEE=1) and verbose (AT+CMEE=2) forms map to the same meaning.
 */

// facts/emergency.md §2.1 names 3, 4, 10, 11, 13, 14, 30 and 100 (3GPP TS 27.007 §9.2); the rest of
// this general-error table is TS 27.007 §9.2.1 as reproduced in open modem stacks (Legato atProxy,
// ofono), kept to the codes that readiness, calling and SMS can meet.
const CME = {
  0: ['phone-failure', 'Phone failure'],
  1: ['no-connection-to-phone', 'No connection to phone'],
  2: ['phone-adaptor-link-reserved', 'Phone-adaptor link reserved'],
  3: ['operation-not-allowed', 'Operation not allowed'],
  4: ['operation-not-supported', 'Operation not supported'],
  5: ['ph-sim-pin-required', 'PH-SIM PIN required'],
  10: ['sim-not-inserted', 'SIM not inserted'],
  11: ['sim-pin-required', 'SIM PIN required'],
  12: ['sim-puk-required', 'SIM PUK required'],
  13: ['sim-failure', 'SIM failure'],
  14: ['sim-busy', 'SIM busy'],
  15: ['sim-wrong', 'SIM wrong'],
  16: ['incorrect-password', 'Incorrect password'],
  17: ['sim-pin2-required', 'SIM PIN2 required'],
  18: ['sim-puk2-required', 'SIM PUK2 required'],
  20: ['memory-full', 'Memory full'],
  21: ['invalid-index', 'Invalid index'],
  22: ['not-found', 'Not found'],
  23: ['memory-failure', 'Memory failure'],
  24: ['text-too-long', 'Text string too long'],
  25: ['invalid-text-characters', 'Invalid characters in text string'],
  26: ['dial-string-too-long', 'Dial string too long'],
  27: ['invalid-dial-characters', 'Invalid characters in dial string'],
  30: ['no-network-service', 'No network service'],
  31: ['network-timeout', 'Network timeout'],
  32: ['emergency-calls-only', 'Network not allowed - emergency calls only'],
  100: ['unknown', 'Unknown'],
} as const;

// 3GPP TS 27.005 §3.2.5 message service failure codes (not in the facts; same sources as above).
const CMS = {
  300: ['me-failure', 'ME failure'],
  301: ['sms-service-reserved', 'SMS service of ME reserved'],
  302: ['operation-not-allowed', 'Operation not allowed'],
  303: ['operation-not-supported', 'Operation not supported'],
  304: ['invalid-pdu-parameter', 'Invalid PDU mode parameter'],
  305: ['invalid-text-parameter', 'Invalid text mode parameter'],
  310: ['sim-not-inserted', 'SIM not inserted'],
  311: ['sim-pin-required', 'SIM PIN required'],
  312: ['ph-sim-pin-required', 'PH-SIM PIN required'],
  313: ['sim-failure', 'SIM failure'],
  314: ['sim-busy', 'SIM busy'],
  315: ['sim-wrong', 'SIM wrong'],
  316: ['sim-puk-required', 'SIM PUK required'],
  317: ['sim-pin2-required', 'SIM PIN2 required'],
  318: ['sim-puk2-required', 'SIM PUK2 required'],
  320: ['memory-failure', 'Memory failure'],
  321: ['invalid-memory-index', 'Invalid memory index'],
  322: ['memory-full', 'Memory full'],
  330: ['smsc-address-unknown', 'SMSC address unknown'],
  331: ['no-network-service', 'No network service'],
  332: ['network-timeout', 'Network timeout'],
  340: ['no-cnma-ack-expected', 'No +CNMA acknowledgement expected'],
  500: ['unknown-error', 'Unknown error'],
} as const;

type Entry = readonly [string, string];
type MeaningOf<T> = T[keyof T] extends readonly [infer M, string] ? M : never;

export type ErrorFamily = 'cme' | 'cms';
export type CmeMeaning = MeaningOf<typeof CME>;
export type CmsMeaning = MeaningOf<typeof CMS>;
export type ModemErrorMeaning = CmeMeaning | CmsMeaning | `unknown(${number})` | 'unrecognised-text';

export interface ModemError {
  family: ErrorFamily;
  /** Null when the module answered in verbose text we do not recognise. */
  code: number | null;
  meaning: ModemErrorMeaning;
  message: string;
}

const TABLES: Record<ErrorFamily, Record<number, Entry>> = { cme: CME, cms: CMS };

/** Verbose forms differ in case, "(U)SIM" vs "SIM" and "time-out" vs "timeout" between vendors. */
const normalise = (text: string): string => text.toLowerCase().replace(/\(u\)/g, '').replace(/[^a-z0-9+]/g, '');

const BY_TEXT: Record<ErrorFamily, Map<string, number>> = {
  cme: new Map(Object.entries(CME).map(([code, [, message]]) => [normalise(message), Number(code)])),
  cms: new Map(Object.entries(CMS).map(([code, [, message]]) => [normalise(message), Number(code)])),
};

export function errorForCode(family: ErrorFamily, code: number): ModemError {
  const entry = TABLES[family][code];
  if (entry === undefined) return { family, code, meaning: `unknown(${code})`, message: `Unknown modem error ${code}` };
  return { family, code, meaning: entry[0] as CmeMeaning | CmsMeaning, message: entry[1] };
}

/** The text after `+CME ERROR:` / `+CMS ERROR:`, numeric or verbose. */
export function errorForText(family: ErrorFamily, text: string): ModemError {
  const trimmed = text.trim();
  if (/^[0-9]{1,6}$/.test(trimmed)) return errorForCode(family, Number(trimmed));
  const code = BY_TEXT[family].get(normalise(trimmed));
  if (code !== undefined) return errorForCode(family, code);
  return { family, code: null, meaning: 'unrecognised-text', message: trimmed };
}
