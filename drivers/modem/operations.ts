import { AtError, type AtChannel, type AtRequest, type AtResponse } from './channel.ts';
import { AT, DTMF_DETECT, selectCharset, sendSms as smsCommand, smsBody, speak, TTS_TO_CALL, type ModuleVendor } from './commands.ts';
import { parseCireg, parseClcc, parseCpin, parseCsq, parseQcfgIms, parseRegistration, type Call, type Registration } from './parse.ts';
import { combineRegistration, simFromError, simFromStatus, type ModemModel, type ModemReadings, type VolteState } from './readiness.ts';
import { splitSms } from './sms.ts';

/**
 * The command sequences behind each device operation, over an AT channel. They keep no state:
 * the device decides when to run them and what the answers mean for its health and calls.
 */

const TOLERATED: readonly AtError['kind'][] = ['error', 'cme', 'cms'];

/** Sends a command; an ERROR / +CME / +CMS answer comes back as a value, other failures throw. */
export async function tolerant(channel: AtChannel, request: AtRequest | string): Promise<AtResponse | AtError> {
  try {
    return await channel.send(request);
  } catch (error) {
    if (error instanceof AtError && TOLERATED.includes(error.kind)) return error;
    throw error;
  }
}

export function isAnswer(error: unknown): boolean {
  return error instanceof AtError && TOLERATED.includes(error.kind);
}

/** The module did not answer: the command timed out, or was held back because its check did. */
export function isSilence(error: unknown): boolean {
  return error instanceof AtError && (error.kind === 'timeout' || error.kind === 'not-sent');
}

export function vendorOf(model: ModemModel | undefined): ModuleVendor | null {
  return model === 'ec20' ? 'quectel' : model === 'sim7600' ? 'simcom' : null;
}

/** AT+CGMM prints e.g. "SIMCOM_SIM7600E-H" or "EC20F"; anything else stays unknown. */
export async function detectModel(channel: AtChannel): Promise<ModemModel | undefined> {
  const answer = await tolerant(channel, { line: 'AT+CGMM\r', collect: 'unprefixed' });
  const text = answer instanceof AtError ? '' : answer.lines.join(' ');
  if (/SIM7[0-9]{3}|SIMCOM/i.test(text)) return 'sim7600';
  if (/\bE[CG][0-9]{2}|QUECTEL/i.test(text)) return 'ec20';
  return undefined;
}

/** facts/emergency.md §2.2: AT+QTONEDET=1 / AT+DDET=1; an ERROR means "not supported". */
export async function enableDtmf(channel: AtChannel, vendor: ModuleVendor | null): Promise<'ok' | 'unsupported'> {
  for (const candidate of vendor === null ? (['quectel', 'simcom'] as const) : [vendor]) {
    if (!((await tolerant(channel, DTMF_DETECT[candidate])) instanceof AtError)) return 'ok';
  }
  return 'unsupported';
}

export async function listCalls(channel: AtChannel): Promise<Call[]> {
  const answer = await channel.send(AT.listCalls);
  return answer.lines.flatMap((line) => {
    const parsed = parseClcc(line);
    return parsed.ok && parsed.value !== null ? [parsed.value] : [];
  });
}

/** facts/emergency.md §2.2: AT+CHUP ends a voice call; ATH is the fallback. */
export async function hangUp(channel: AtChannel): Promise<void> {
  if (!((await tolerant(channel, AT.hangUp)) instanceof AtError)) return;
  const ath = await tolerant(channel, AT.hangUpAth);
  if (ath instanceof AtError) throw ath;
}

export type Readiness = Pick<ModemReadings, 'sim' | 'registration' | 'signal' | 'volte'>;

/** AT+CPIN?, AT+CREG?, AT+CEREG?, AT+CSQ and the VoLTE query (facts/emergency.md §2.1). */
export async function readReadiness(channel: AtChannel, model: ModemModel | undefined): Promise<Readiness> {
  const pin = await tolerant(channel, AT.simStatus);
  const pinLine = pin instanceof AtError ? null : parseCpin(pin.lines[0] ?? '');
  const sim = pin instanceof AtError ? simFromError(pin) : pinLine?.ok ? simFromStatus(pinLine.value.status) : 'unknown';
  const cs = await registration(channel, AT.csRegistration);
  const eps = await registration(channel, AT.epsRegistration);
  const csq = await tolerant(channel, AT.signalQuality);
  const quality = csq instanceof AtError ? null : parseCsq(csq.lines[0] ?? '');
  const volte = await readVolte(channel, model);
  return {
    sim,
    registration: combineRegistration(cs, eps),
    ...(quality?.ok && quality.value.dbm !== null ? { signal: { dbm: quality.value.dbm, bars: quality.value.bars } } : {}),
    volte,
  };
}

async function registration(channel: AtChannel, line: string): Promise<Registration | null> {
  const answer = await tolerant(channel, line);
  if (answer instanceof AtError) return null;
  const parsed = parseRegistration(answer.lines[0] ?? '');
  return parsed.ok ? parsed.value : null;
}

/** facts/emergency.md §2.1: Quectel needs +QCFG: "ims",1,1; elsewhere AT+CIREG?, ERROR = unknown. */
async function readVolte(channel: AtChannel, model: ModemModel | undefined): Promise<VolteState> {
  if (model === 'ec20') {
    const answer = await tolerant(channel, AT.quectelIms);
    const parsed = answer instanceof AtError ? null : parseQcfgIms(answer.lines[0] ?? '');
    return parsed?.ok ? (parsed.value.volteReady ? 'ready' : 'not-ready') : 'unknown';
  }
  const answer = await tolerant(channel, AT.imsRegistration);
  const parsed = answer instanceof AtError ? null : parseCireg(answer.lines[0] ?? '', 'query');
  return parsed?.ok ? (parsed.value.imsRegistered ? 'ready' : 'not-ready') : 'unknown';
}

/**
 * facts/emergency.md §2.3: text mode, UCS2, DCS 8; each part through AT+CMGS, its `> ` prompt
 * and Ctrl-Z. UCS2 applies to every string in and out, so it is held only around the SMS, with
 * the channel to ourselves, and GSM is restored whatever happens.
 */
export async function sendSms(channel: AtChannel, number: string, text: string): Promise<{ parts: number }> {
  const command = smsCommand(number);
  if (!command.ok) throw new AtError('invalid', 'AT+CMGS', null, command.error.detail);
  const bodies = splitSms(text).map((part) => {
    const body = smsBody(part);
    if (!body.ok) throw new AtError('invalid', 'AT+CMGS', null, body.error.detail);
    return body.command;
  });
  await channel.exclusive(async (send) => {
    try {
      await send(AT.smsTextMode);
      await send(selectCharset('UCS2'));
      await send(AT.smsUcs2Parameters);
      for (const body of bodies) await send({ line: command.command, body });
    } finally {
      // A failed restore is not this SMS's failure; supervision re-asserts GSM on its next round.
      await send(selectCharset('GSM')).catch(() => undefined);
    }
  });
  return { parts: bodies.length };
}

/** Module TTS into the call (facts/emergency.md §2.2); an ERROR means "not supported". */
export async function speakIntoCall(channel: AtChannel, vendor: ModuleVendor | null, text: string): Promise<'ok' | 'unsupported'> {
  if (vendor === null) return 'unsupported';
  const built = speak(vendor, text);
  if (!built.ok) throw new AtError('invalid', vendor === 'quectel' ? 'AT+QWTTS' : 'AT+CTTS', null, built.error.detail);
  const route = TTS_TO_CALL[vendor];
  if (route !== null && (await tolerant(channel, route)) instanceof AtError) return 'unsupported';
  return (await tolerant(channel, built.command)) instanceof AtError ? 'unsupported' : 'ok';
}
