import { encodeUcs2Hex, SMS_MAX_UNITS } from './sms.ts';

/**
 * AT command line builders. Every command line ends in CR and nothing else (facts/emergency.md
 * §2.1: a line ended by LF alone is not executed). Builders that take outside input validate it
 * against a closed character set, so no configured number or message can smuggle AT text to the
 * modem; they return a typed error instead of throwing.
 */

const CR = '\r';
// facts/emergency.md §2.3: Ctrl-Z sends the SMS body, ESC abandons it.
export const CTRL_Z = '\x1a';
export const SMS_ABORT = '\x1b';

export type CommandError =
  | { kind: 'invalid-number'; detail: string }
  | { kind: 'empty-text'; detail: string }
  | { kind: 'text-too-long'; detail: string };

export type Built = { ok: true; command: string } | { ok: false; error: CommandError };

export type Charset = 'UCS2' | 'GSM' | 'IRA';
export type ModuleVendor = 'quectel' | 'simcom';

/** Fixed command lines. */
export const AT = {
  attention: `AT${CR}`,
  // facts §2.6: echo off, but the classifier still recognises an echo if the module ignores it.
  echoOff: `ATE0${CR}`,
  // facts §2.1: numeric +CME ERROR codes.
  numericErrors: `AT+CMEE=1${CR}`,
  simStatus: `AT+CPIN?${CR}`,
  csRegistration: `AT+CREG?${CR}`,
  epsRegistration: `AT+CEREG?${CR}`,
  signalQuality: `AT+CSQ${CR}`,
  operator: `AT+COPS?${CR}`,
  listCalls: `AT+CLCC${CR}`,
  // facts §2.2: AT+CHUP ends a voice call (Huawei's ATH only ends data calls); ATH is the fallback.
  hangUp: `AT+CHUP${CR}`,
  hangUpAth: `ATH${CR}`,
  smsTextMode: `AT+CMGF=1${CR}`,
  // facts §2.3: DCS 8 = UCS2.
  smsUcs2Parameters: `AT+CSMP=17,167,0,8${CR}`,
  // facts §2.1: Quectel VoLTE readiness and 3GPP IMS registration.
  quectelIms: `AT+QCFG="ims"${CR}`,
  imsRegistration: `AT+CIREG?${CR}`,
} as const;

/** facts §2.2: DTMF detection by the module — Quectel AT+QTONEDET=1, SIMCom AT+DDET=1. */
export const DTMF_DETECT: Record<ModuleVendor, string> = {
  quectel: `AT+QTONEDET=1${CR}`,
  simcom: `AT+DDET=1${CR}`,
};

/**
 * Routing for module TTS into a call. Quectel EC2x needs nothing: AT+QWTTS speaks into the call
 * itself. SIMCom plays AT+CTTS locally unless AT+CDTAM=1 selects the remote path (A76XX audio
 * application note; SIM7600 TTS libraries send the same).
 */
export const TTS_TO_CALL: Record<ModuleVendor, string | null> = {
  quectel: null,
  simcom: `AT+CDTAM=1${CR}`,
};

export const TTS_STOP: Record<ModuleVendor, string> = {
  quectel: `AT+QWTTS=1,0,0${CR}`, // EC2x manual §12.21 example
  simcom: `AT+CTTS=0${CR}`,
};

// Quectel EC2x manual §12.21: AT+QWTTS <text> is at most 543 bytes; read as the hex string's
// length (the stricter reading), that is 135 UCS2 code units.
const QWTTS_MAX_HEX = 543;

const DIAL_STRING = /^\+?[0-9*#]+$/;
const SMS_NUMBER = /^\+?[0-9]+$/;

/**
 * The AT channel's catch-up check (channel.ts). Its `+CMEE:` line marks a check's answer, and
 * the number written to S8 and read back says which check it answers: every module answers
 * AT+CMEE? alike, so without the number a late answer to one check passes for the next's. S8 is
 * V.250's pause for a comma in a dial string (3GPP TS 27.007 keeps the V.250 call-control
 * S-parameters); `dial` never lets a comma through, so nothing we do depends on it.
 */
export function catchUpCheck(nonce: number): string {
  return `AT+CMEE?;S8=${nonce}S8?${CR}`;
}

export function selectCharset(charset: Charset): string {
  return `AT+CSCS="${charset}"${CR}`;
}

/**
 * `ATD<number>;` — the `;` makes it a voice call (facts §2.2). Digits, `*` and `#`, with an optional
 * leading `+`, at least one digit. The number is dialled exactly as configured (facts §2.2).
 */
export function dial(number: string): Built {
  if (!DIAL_STRING.test(number) || !/[0-9]/.test(number)) {
    return invalidNumber('a dial string is digits, * and #, with an optional leading +');
  }
  return { ok: true, command: `ATD${number};${CR}` };
}

/** `AT+CMGS="<number as UCS2 hex>"` — needs AT+CSCS="UCS2" in force (facts §2.3). */
export function sendSms(number: string): Built {
  if (!SMS_NUMBER.test(number)) return invalidNumber('an SMS destination is digits with an optional leading +');
  return { ok: true, command: `AT+CMGS="${encodeUcs2Hex(number)}"${CR}` };
}

/** The SMS body to write after the `> ` prompt: UCS2 hex and Ctrl-Z. Split with splitSms first. */
export function smsBody(text: string): Built {
  if (text.length === 0) return { ok: false, error: { kind: 'empty-text', detail: 'an SMS needs text' } };
  if (text.length > SMS_MAX_UNITS) {
    return tooLong(`${text.length} UTF-16 units is over the ${SMS_MAX_UNITS}-unit UCS2 SMS limit; split it first`);
  }
  return { ok: true, command: `${encodeUcs2Hex(text)}${CTRL_Z}` };
}

/**
 * Speak text into the active call with the module's TTS, text as UCS2 hex (mode 1 on both).
 * Quectel: `AT+QWTTS=1,1,1,"…"` (uplink and downlink unmuted, EC2x manual §12.21).
 * SIMCom: `AT+CTTS=1,"…"`, after TTS_TO_CALL.simcom. An ERROR answer means "not supported"
 * (facts §2.2): carry on with the call without a message.
 */
export function speak(vendor: ModuleVendor, text: string): Built {
  if (text.length === 0) return { ok: false, error: { kind: 'empty-text', detail: 'nothing to speak' } };
  const hex = encodeUcs2Hex(text);
  if (vendor === 'quectel') {
    if (hex.length > QWTTS_MAX_HEX) return tooLong(`AT+QWTTS text is at most ${QWTTS_MAX_HEX} hex characters`);
    return { ok: true, command: `AT+QWTTS=1,1,1,"${hex}"${CR}` };
  }
  return { ok: true, command: `AT+CTTS=1,"${hex}"${CR}` };
}

function invalidNumber(detail: string): Built {
  return { ok: false, error: { kind: 'invalid-number', detail } };
}

function tooLong(detail: string): Built {
  return { ok: false, error: { kind: 'text-too-long', detail } };
}
