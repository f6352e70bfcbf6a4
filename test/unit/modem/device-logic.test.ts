import { describe, expect, it } from 'vitest';
import { dialEnd, observeCalls, pollFailed, startCall, type TrackedCall } from '../../../drivers/modem/call-tracker.ts';
import { AtError, refusedForTheNumber } from '../../../drivers/modem/channel.ts';
import { errorForCode } from '../../../drivers/modem/errors.ts';
import { parseRegistration, type Call } from '../../../drivers/modem/parse.ts';
import { assessHealth, combineRegistration, simFromError, type ModemReadings } from '../../../drivers/modem/readiness.ts';

const call = (state: Call['state'], direction: Call['direction'] = 'outgoing'): Call => ({
  index: 1,
  direction,
  state,
  mode: 'voice',
  multiparty: false,
  number: '10086',
  numberType: 129,
});

function run(track: TrackedCall | null, ...polls: Call[][]) {
  const events: unknown[] = [];
  for (const calls of polls) {
    if (track === null) break;
    const step = observeCalls(track, calls);
    events.push(...step.events);
    track = step.call;
  }
  return { track, events };
}

describe('call tracking', () => {
  it('follows dialling → alerting → active → gone, announcing each change once', () => {
    const { track, events } = run(startCall(), [call('dialling')], [call('alerting')], [call('alerting')], [call('active')], []);
    expect(events).toEqual([{ state: 'alerting' }, { state: 'active' }, { state: 'ended', reason: 'no-carrier' }]);
    expect(track).toBeNull();
  });

  it('gives a dialling call a few polls to appear before calling it over', () => {
    const { track, events } = run(startCall(), [], []);
    expect(events).toEqual([]);
    expect(track?.unlisted).toBe(2);
    expect(run(track, []).events).toEqual([{ state: 'ended', reason: 'no-carrier' }]);
    expect(run(startCall(), [], [call('dialling')], [], []).events).toEqual([]);
  });

  it('ignores incoming calls, held states and stat values it does not know', () => {
    const { track, events } = run(startCall(), [call('alerting')], [call('held')], [call('incoming', 'incoming'), call('alerting')]);
    expect(events).toEqual([{ state: 'alerting' }]);
    expect(track?.phase).toBe('alerting');
    // An incoming call alone does not make our call "listed".
    expect(run(track, [call('incoming', 'incoming')]).events).toEqual([{ state: 'ended', reason: 'no-carrier' }]);
  });

  it('ends with reason error after three unanswered polls in a row', () => {
    let track: TrackedCall | null = startCall();
    track = pollFailed(track).call;
    track = observeCalls(track!, [call('dialling')]).call;
    track = pollFailed(pollFailed(track!).call!).call;
    expect(track).not.toBeNull();
    expect(pollFailed(track!)).toEqual({ call: null, events: [{ state: 'ended', reason: 'error' }] });
  });

  it("reads ATD's own final result", () => {
    expect(dialEnd({ type: 'ok' })).toBeNull();
    expect(dialEnd({ type: 'busy' })).toBe('busy');
    expect(dialEnd({ type: 'no-answer' })).toBe('no-answer');
    expect(dialEnd({ type: 'no-dialtone' })).toBe('no-dialtone');
  });
});

describe('readiness', () => {
  const ready: ModemReadings = { connected: true, responding: true, checked: true, sim: 'ready', registration: 'home', volte: 'ready', signal: { dbm: -73, bars: 4 } };
  const assess = (r: Partial<ModemReadings>, withinGrace = false) => assessHealth({ ...ready, ...r }, { withinGrace, protocolErrors: 2, model: 'ec20' });

  it('is ok when the SIM is ready and the module registered', () => {
    expect(assess({})).toMatchObject({ state: 'ok', protocolErrors: 2, model: 'ec20', signal: { dbm: -73, bars: 4 } });
  });

  it('says plainly that no SIM means no emergency calls, not that the modem is dead', () => {
    const h = assess({ sim: 'missing', registration: 'none' }, true);
    expect(h.state).toBe('fault');
    expect(h.message).toEqual({ zh: '未插SIM卡，无法拨打紧急电话', en: 'No SIM card: emergency calls cannot be made' });
  });

  it('treats SIM busy and searching as start-up inside the grace period and as faults after it', () => {
    expect(assess({ sim: 'busy' }, true).state).toBe('degraded');
    expect(assess({ sim: 'busy' }, false).state).toBe('fault');
    expect(assess({ registration: 'searching' }, true)).toMatchObject({ state: 'degraded', message: { en: 'Searching for the mobile network' } });
    expect(assess({ registration: 'searching' }, false)).toMatchObject({ state: 'fault', message: { en: 'No mobile network: emergency calls cannot be made' } });
    expect(assess({ registration: 'denied' }, true).state).toBe('fault');
  });

  it('puts connection and response above everything else', () => {
    expect(assess({ connected: false }).message.en).toBe('Modem not connected: emergency calls cannot be made');
    expect(assess({ responding: false }).message.en).toBe('Modem not responding: emergency calls cannot be made');
    expect(assess({ responding: false }, true)).toMatchObject({ state: 'degraded', message: { en: 'Modem starting up' } });
    expect(assess({ checked: false }, true)).toMatchObject({ state: 'degraded', message: { en: 'Modem starting up' } });
  });

  it('degrades for VoLTE not ready or a very weak signal, not for VoLTE unknown', () => {
    expect(assess({ volte: 'not-ready' }).state).toBe('degraded');
    expect(assess({ signal: { dbm: -111, bars: 0 } }).state).toBe('degraded');
    expect(assess({ volte: 'unknown' }).state).toBe('ok');
  });

  it('maps CPIN errors: 10 no SIM, 14 busy, 11 PIN; anything else unknown', () => {
    expect(simFromError(new AtError('cme', 'AT+CPIN?', errorForCode('cme', 10)))).toBe('missing');
    expect(simFromError(new AtError('cme', 'AT+CPIN?', errorForCode('cme', 14)))).toBe('busy');
    expect(simFromError(new AtError('cme', 'AT+CPIN?', errorForCode('cme', 11)))).toBe('pin');
    expect(simFromError(new AtError('cme', 'AT+CPIN?', errorForCode('cme', 13)))).toBe('unknown');
    expect(simFromError(new AtError('error', 'AT+CPIN?'))).toBe('unknown');
  });

  it('takes the better of CS and EPS registration', () => {
    const reg = (line: string) => {
      const parsed = parseRegistration(line);
      if (!parsed.ok) throw new Error(line);
      return parsed.value;
    };
    expect(combineRegistration(reg('+CREG: 0,0'), reg('+CEREG: 0,1'))).toBe('home');
    expect(combineRegistration(reg('+CREG: 0,3'), reg('+CEREG: 0,2'))).toBe('searching');
    expect(combineRegistration(reg('+CREG: 0,5'), null)).toBe('roaming');
    expect(combineRegistration(null, null)).toBe('unknown');
  });
});

describe('whose fault a refused dial is', () => {
  it('a dial string the modem cannot use is the number\'s; no network, no SIM, silence or a closed port is the modem\'s', () => {
    expect(refusedForTheNumber(new AtError('invalid', 'ATD', null, 'bad number'))).toBe(true);
    expect(refusedForTheNumber(new AtError('cme', 'ATD', errorForCode('cme', 26)))).toBe(true);
    expect(refusedForTheNumber(new AtError('cme', 'ATD', errorForCode('cme', 27)))).toBe(true);
    expect(refusedForTheNumber(new AtError('cme', 'ATD', errorForCode('cme', 30)))).toBe(false);
    expect(refusedForTheNumber(new AtError('cme', 'ATD', errorForCode('cme', 10)))).toBe(false);
    expect(refusedForTheNumber(new AtError('timeout', 'ATD'))).toBe(false);
    expect(refusedForTheNumber(new AtError('closed', 'ATD'))).toBe(false);
    expect(refusedForTheNumber(new Error('anything else'))).toBe(false);
  });
});
