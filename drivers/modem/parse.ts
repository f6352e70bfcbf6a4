import { fail, fieldsOf, intField, type Field, type Parsed } from './fields.ts';
import { decodeNumberField, decodeTextField } from './sms.ts';

/**
 * Parsers for the information responses that readiness checks and call logic read. Each takes
 * one line and returns a typed value or a typed error; none throws.
 */

export type { Parsed, ParseError } from './fields.ts';

// ---- +CPIN ---------------------------------------------------------------------------------

export type SimStatus =
  | 'ready'
  | 'sim-pin'
  | 'sim-puk'
  | 'ph-sim-pin'
  | 'sim-pin2'
  | 'sim-puk2'
  | 'not-inserted'
  | 'not-ready'
  | 'other';

// facts/emergency.md §2.1: READY, and the NOT INSERTED / NOT READY URCs; the PIN states are TS 27.007 +CPIN codes.
const SIM_STATUS: Record<string, SimStatus> = {
  READY: 'ready',
  'SIM PIN': 'sim-pin',
  'SIM PUK': 'sim-puk',
  'PH-SIM PIN': 'ph-sim-pin',
  'SIM PIN2': 'sim-pin2',
  'SIM PUK2': 'sim-puk2',
  'NOT INSERTED': 'not-inserted',
  'NOT READY': 'not-ready',
};

export function parseCpin(line: string): Parsed<{ status: SimStatus; text: string }> {
  const fields = fieldsOf(line, '+CPIN');
  if (!fields.ok) return fields;
  const text = fields.value.map((f) => f.text).join(',');
  if (text.length === 0) return fail('malformed', line, 'empty +CPIN status');
  return { ok: true, value: { status: SIM_STATUS[text.toUpperCase()] ?? 'other', text } };
}

// ---- +CREG / +CEREG / +CGREG -----------------------------------------------------------------

export type RegistrationDomain = 'cs' | 'eps' | 'gprs';
export type RegistrationState = 'not-searching' | 'home' | 'searching' | 'denied' | 'unknown' | 'roaming' | 'other';

export interface Registration {
  domain: RegistrationDomain;
  /** `query` answers AT+CxREG? (`n,stat[,…]`); `urc` is the unsolicited form (`stat[,…]`). */
  form: 'query' | 'urc';
  n: number | null;
  stat: number;
  state: RegistrationState;
  /** facts/emergency.md §2.1: only stat 1 (home) and 5 (roaming) count as registered. */
  registered: boolean;
  area: string | null;
  cell: string | null;
  accessTechnology: number | null;
}

export const REGISTRATION_PREFIX: Record<RegistrationDomain, string> = { cs: '+CREG', eps: '+CEREG', gprs: '+CGREG' };

// facts/emergency.md §2.1: 1 home, 5 roaming, 2 searching; 0/3/4 are the rest of TS 27.007's base set.
const REG_STATE: Record<number, RegistrationState> = {
  0: 'not-searching',
  1: 'home',
  2: 'searching',
  3: 'denied',
  4: 'unknown',
  5: 'roaming',
};

export function registrationDomainOf(line: string): RegistrationDomain | null {
  for (const [domain, prefix] of Object.entries(REGISTRATION_PREFIX)) {
    if (line.startsWith(`${prefix}:`)) return domain as RegistrationDomain;
  }
  return null;
}

/**
 * Both forms share a prefix, so the shape decides: the query form's second field is a bare
 * integer (stat), while the URC form's second field, if any, is a quoted area code or empty.
 */
export function parseRegistration(line: string): Parsed<Registration> {
  const domain = registrationDomainOf(line);
  if (domain === null) return fail('wrong-prefix', line, 'not a +CREG/+CEREG/+CGREG response');
  const fields = fieldsOf(line, REGISTRATION_PREFIX[domain]);
  if (!fields.ok) return fields;
  const f = fields.value;
  const second = intField(f[1]);
  const form = second !== null ? 'query' : 'urc';
  const n = form === 'query' ? intField(f[0]) : null;
  const stat = form === 'query' ? second : intField(f[0]);
  if (stat === null || (form === 'query' && n === null)) return fail('malformed', line, 'stat is not an integer');
  const rest = f.slice(form === 'query' ? 2 : 1);
  return {
    ok: true,
    value: {
      domain,
      form,
      n,
      stat,
      state: REG_STATE[stat] ?? 'other',
      registered: stat === 1 || stat === 5,
      area: nonEmpty(rest[0]),
      cell: nonEmpty(rest[1]),
      accessTechnology: intField(rest[2]),
    },
  };
}

// ---- +CSQ ------------------------------------------------------------------------------------

export interface SignalQuality {
  rssi: number;
  ber: number | null;
  /** Null when the module does not know (99) or reports a scale we do not map. */
  dbm: number | null;
  bars: 0 | 1 | 2 | 3 | 4;
}

// facts/emergency.md §2.1: rssi 0 (≤ −113 dBm) … 31 (≥ −51 dBm), 2 dB steps; 99 = not known.
const RSSI_MAX = 31;
const DBM_AT_ZERO = -113;
// Not from the facts: the usual SIMCom/Quectel guidance bands marginal 2–9, ok 10–14, good 15–19,
// excellent 20–31, used only for the staff screen's bar figure.
const BAR_FLOORS = [2, 10, 15, 20] as const;

export function parseCsq(line: string): Parsed<SignalQuality> {
  const fields = fieldsOf(line, '+CSQ');
  if (!fields.ok) return fields;
  const rssi = intField(fields.value[0]);
  const ber = intField(fields.value[1]);
  if (rssi === null || ber === null) return fail('malformed', line, 'expected +CSQ: <rssi>,<ber>');
  const known = rssi <= RSSI_MAX;
  const bars = known ? (BAR_FLOORS.filter((floor) => rssi >= floor).length as SignalQuality['bars']) : 0;
  return {
    ok: true,
    value: { rssi, ber: ber === 99 ? null : ber, dbm: known ? DBM_AT_ZERO + 2 * rssi : null, bars },
  };
}

// ---- +CLCC -----------------------------------------------------------------------------------

export type CallState = 'active' | 'held' | 'dialling' | 'alerting' | 'incoming' | 'waiting';
export type CallMode = 'voice' | 'data' | 'fax' | 'other';

export interface Call {
  index: number;
  direction: 'outgoing' | 'incoming';
  state: CallState;
  mode: CallMode;
  multiparty: boolean;
  number: string | null;
  numberType: number | null;
}

// facts/emergency.md §2.2: stat 0 active, 1 held, 2 dialing, 3 alerting, 4 incoming, 5 waiting.
const CALL_STATE: Record<number, CallState> = {
  0: 'active',
  1: 'held',
  2: 'dialling',
  3: 'alerting',
  4: 'incoming',
  5: 'waiting',
};
const CALL_MODE: Record<number, CallMode> = { 0: 'voice', 1: 'data', 2: 'fax' };

/**
 * One `+CLCC:` line. A well-formed line whose stat this layer does not know (SIMCom's 6 =
 * released, facts §2.2) parses to `null`: skip it, do not fail the poll.
 */
export function parseClcc(line: string): Parsed<Call | null> {
  const fields = fieldsOf(line, '+CLCC');
  if (!fields.ok) return fields;
  const [idx, dir, stat, mode, mpty, number, type] = fields.value;
  const index = intField(idx);
  const direction = intField(dir);
  const statCode = intField(stat);
  const modeCode = intField(mode);
  const multiparty = intField(mpty);
  if (index === null || statCode === null || modeCode === null || (direction !== 0 && direction !== 1) || (multiparty !== 0 && multiparty !== 1)) {
    return fail('malformed', line, 'expected +CLCC: <idx>,<dir>,<stat>,<mode>,<mpty>[,<number>,<type>]');
  }
  const state = CALL_STATE[statCode];
  if (state === undefined) return { ok: true, value: null };
  const raw = nonEmpty(number);
  return {
    ok: true,
    value: {
      index,
      direction: direction === 0 ? 'outgoing' : 'incoming',
      state,
      mode: CALL_MODE[modeCode] ?? 'other',
      multiparty: multiparty === 1,
      number: raw === null ? null : decodeNumberField(raw),
      numberType: intField(type),
    },
  };
}

// ---- +CLIP / +CMTI (URC payloads) ---------------------------------------------------------------

export function parseClip(line: string): Parsed<{ number: string | null; numberType: number | null }> {
  const fields = fieldsOf(line, '+CLIP');
  if (!fields.ok) return fields;
  const raw = nonEmpty(fields.value[0]);
  return { ok: true, value: { number: raw === null ? null : decodeNumberField(raw), numberType: intField(fields.value[1]) } };
}

export function parseCmti(line: string): Parsed<{ storage: string; index: number }> {
  const fields = fieldsOf(line, '+CMTI');
  if (!fields.ok) return fields;
  const storage = fields.value[0]?.text;
  const index = intField(fields.value[1]);
  if (storage === undefined || index === null) return fail('malformed', line, 'expected +CMTI: <mem>,<index>');
  return { ok: true, value: { storage: decodeTextField(storage), index } };
}

// ---- +QCFG: "ims" ----------------------------------------------------------------------------

export type ImsSetting = 'follow-mbn' | 'on' | 'off' | 'other';

export interface QuectelIms {
  setting: ImsSetting;
  imsRegistered: boolean;
  /** facts/emergency.md §2.1: a 4G-only voice call needs both values = 1 (`+QCFG: "ims",1,1`). */
  volteReady: boolean;
}

// facts/emergency.md §2.1: <setting> 0 follow the MBN file, 1 IMS on, 2 IMS off.
const IMS_SETTING: Record<number, ImsSetting> = { 0: 'follow-mbn', 1: 'on', 2: 'off' };

export function parseQcfgIms(line: string): Parsed<QuectelIms> {
  const fields = fieldsOf(line, '+QCFG');
  if (!fields.ok) return fields;
  const [name, setting, state] = fields.value;
  if (name?.text.toLowerCase() !== 'ims') return fail('wrong-prefix', line, 'not a +QCFG: "ims" response');
  const settingCode = intField(setting);
  const stateCode = intField(state);
  if (settingCode === null || stateCode === null) return fail('malformed', line, 'expected +QCFG: "ims",<setting>,<state>');
  return {
    ok: true,
    value: { setting: IMS_SETTING[settingCode] ?? 'other', imsRegistered: stateCode === 1, volteReady: settingCode === 1 && stateCode === 1 },
  };
}

// ---- +CIREG ----------------------------------------------------------------------------------

/**
 * facts/emergency.md §2.1: `+CIREG: <n>,<reg_info>[,<ext_info>]` answers AT+CIREG?; the URC
 * drops <n>. Both forms can be two integers, so the caller says which it expects.
 */
export function parseCireg(line: string, form: 'query' | 'urc'): Parsed<{ imsRegistered: boolean; extInfo: number | null }> {
  const fields = fieldsOf(line, '+CIREG');
  if (!fields.ok) return fields;
  const offset = form === 'query' ? 1 : 0;
  const regInfo = intField(fields.value[offset]);
  if (regInfo === null || (form === 'query' && intField(fields.value[0]) === null)) {
    return fail('malformed', line, form === 'query' ? 'expected +CIREG: <n>,<reg_info>' : 'expected +CIREG: <reg_info>');
  }
  return { ok: true, value: { imsRegistered: regInfo === 1, extInfo: intField(fields.value[offset + 1]) } };
}

// ---- +COPS -----------------------------------------------------------------------------------

export interface Operator {
  mode: number;
  format: number | null;
  /** UCS2-decoded when it arrives as UCS2 hex under AT+CSCS="UCS2". */
  name: string | null;
  accessTechnology: number | null;
}

export function parseCops(line: string): Parsed<Operator> {
  const fields = fieldsOf(line, '+COPS');
  if (!fields.ok) return fields;
  const [mode, format, oper, act] = fields.value;
  const modeCode = intField(mode);
  if (modeCode === null) return fail('malformed', line, 'expected +COPS: <mode>[,<format>,<oper>[,<AcT>]]');
  const name = nonEmpty(oper);
  return {
    ok: true,
    value: { mode: modeCode, format: intField(format), name: name === null ? null : decodeTextField(name), accessTechnology: intField(act) },
  };
}

function nonEmpty(field: Field | undefined): string | null {
  return field === undefined || field.text.length === 0 ? null : field.text;
}
