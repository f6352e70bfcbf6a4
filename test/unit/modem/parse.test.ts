import { describe, expect, it } from 'vitest';
import {
  parseCireg,
  parseClcc,
  parseCops,
  parseCpin,
  parseCsq,
  parseQcfgIms,
  parseRegistration,
} from '../../../drivers/modem/parse.ts';

describe('parseCpin', () => {
  it.each([
    ['+CPIN: READY', 'ready'],
    ['+CPIN: SIM PIN', 'sim-pin'],
    ['+CPIN: SIM PUK', 'sim-puk'],
    ['+CPIN: PH-SIM PIN', 'ph-sim-pin'],
    ['+CPIN: NOT INSERTED', 'not-inserted'],
    ['+CPIN: NOT READY', 'not-ready'],
    ['+CPIN:READY', 'ready'],
    ['+CPIN: SOMETHING NEW', 'other'],
  ])('%s → %s', (line, status) => {
    expect(parseCpin(line)).toMatchObject({ ok: true, value: { status } });
  });

  it('returns typed errors', () => {
    expect(parseCpin('+CSQ: 1,2')).toMatchObject({ ok: false, error: { kind: 'wrong-prefix' } });
    expect(parseCpin('+CPIN: ')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});

describe('parseRegistration', () => {
  it('reads the query form n,stat[,lac,ci[,AcT]]', () => {
    expect(parseRegistration('+CEREG: 0,1')).toEqual({
      ok: true,
      value: { domain: 'eps', form: 'query', n: 0, stat: 1, state: 'home', registered: true, area: null, cell: null, accessTechnology: null },
    });
    expect(parseRegistration('+CREG: 2,5,"1A2B","0000C3D4",7')).toMatchObject({
      ok: true,
      value: { domain: 'cs', form: 'query', n: 2, stat: 5, state: 'roaming', registered: true, area: '1A2B', cell: '0000C3D4', accessTechnology: 7 },
    });
    expect(parseRegistration('+CGREG: 0,2')).toMatchObject({ value: { domain: 'gprs', state: 'searching', registered: false } });
  });

  it('reads the URC form stat[,lac,ci[,AcT]]', () => {
    expect(parseRegistration('+CREG: 1')).toMatchObject({ ok: true, value: { form: 'urc', n: null, stat: 1, registered: true } });
    expect(parseRegistration('+CEREG: 1,"1A2B","01C3D4E5",7')).toMatchObject({ value: { form: 'urc', stat: 1, area: '1A2B', cell: '01C3D4E5', accessTechnology: 7 } });
    expect(parseRegistration('+CEREG: 3,,,7')).toMatchObject({ value: { form: 'urc', stat: 3, state: 'denied', area: null, accessTechnology: 7 } });
  });

  it.each([
    [0, 'not-searching', false],
    [2, 'searching', false],
    [3, 'denied', false],
    [4, 'unknown', false],
    [8, 'other', false],
  ] as const)('stat %d → %s, registered %s', (stat, state, registered) => {
    expect(parseRegistration(`+CEREG: 0,${stat}`)).toMatchObject({ value: { stat, state, registered } });
  });

  it('returns typed errors', () => {
    expect(parseRegistration('+CSQ: 1,2')).toMatchObject({ ok: false, error: { kind: 'wrong-prefix' } });
    expect(parseRegistration('+CREG: x')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseRegistration('+CREG: "1A2B')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});

describe('parseCsq', () => {
  it.each([
    ['+CSQ: 0,0', -113, 0, 0],
    ['+CSQ: 1,99', -111, 0, null],
    ['+CSQ: 2,99', -109, 1, null],
    ['+CSQ: 9,99', -95, 1, null],
    ['+CSQ: 10,99', -93, 2, null],
    ['+CSQ: 15,3', -83, 3, 3],
    ['+CSQ: 20,99', -73, 4, null],
    ['+CSQ: 31,99', -51, 4, null],
  ])('%s → %d dBm, %d bars', (line, dbm, bars, ber) => {
    expect(parseCsq(line)).toMatchObject({ ok: true, value: { dbm, bars, ber } });
  });

  it('reports 99 and unmapped scales as unknown with no bars', () => {
    expect(parseCsq('+CSQ: 99,99')).toEqual({ ok: true, value: { rssi: 99, ber: null, dbm: null, bars: 0 } });
    expect(parseCsq('+CSQ: 150,99')).toMatchObject({ ok: true, value: { dbm: null, bars: 0 } });
  });

  it('returns typed errors', () => {
    expect(parseCsq('+CSQ: 17')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseCsq('+CSQ: -1,99')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseCsq('OK')).toMatchObject({ ok: false, error: { kind: 'wrong-prefix' } });
  });
});

describe('parseClcc', () => {
  it.each([
    [0, 'active'],
    [1, 'held'],
    [2, 'dialling'],
    [3, 'alerting'],
    [4, 'incoming'],
    [5, 'waiting'],
  ] as const)('stat %d → %s', (stat, state) => {
    expect(parseClcc(`+CLCC: 1,0,${stat},0,0,"10086",129`)).toMatchObject({ ok: true, value: { state } });
  });

  it('reads every field', () => {
    expect(parseClcc('+CLCC: 2,1,4,0,1,"+8613800138000",145,"Mum"')).toEqual({
      ok: true,
      value: { index: 2, direction: 'incoming', state: 'incoming', mode: 'voice', multiparty: true, number: '+8613800138000', numberType: 145 },
    });
    expect(parseClcc('+CLCC: 1,0,2,0,0')).toMatchObject({ ok: true, value: { number: null, numberType: null } });
    expect(parseClcc('+CLCC: 1,0,2,0,0,"",129')).toMatchObject({ ok: true, value: { number: null } });
    expect(parseClcc('+CLCC: 1,0,2,9,0,"1",129')).toMatchObject({ ok: true, value: { mode: 'other' } });
  });

  it('ignores an unknown state instead of failing', () => {
    expect(parseClcc('+CLCC: 1,0,6,0,0,"10086",129')).toEqual({ ok: true, value: null });
    expect(parseClcc('+CLCC: 1,0,42,0,0')).toEqual({ ok: true, value: null });
  });

  it('decodes a UCS2 number', () => {
    expect(parseClcc('+CLCC: 1,0,3,0,0,"00310033003800300030003100330038003000300030",129')).toMatchObject({
      value: { number: '13800138000' },
    });
  });

  it('returns typed errors', () => {
    expect(parseClcc('+CLCC: 1,0,3')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseClcc('+CLCC: 1,2,3,0,0')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseClcc('+CLCC: 1,0,3,0,0,"10086')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});

describe('parseQcfgIms', () => {
  it.each([
    ['+QCFG: "ims",1,1', 'on', true, true],
    ['+QCFG: "ims",1,0', 'on', false, false],
    ['+QCFG: "ims",0,1', 'follow-mbn', true, false],
    ['+QCFG: "ims",2,0', 'off', false, false],
    ['+QCFG: "IMS",1,1', 'on', true, true],
  ])('%s', (line, setting, imsRegistered, volteReady) => {
    expect(parseQcfgIms(line)).toEqual({ ok: true, value: { setting, imsRegistered, volteReady } });
  });

  it('returns typed errors', () => {
    expect(parseQcfgIms('+QCFG: "nwscanmode",0')).toMatchObject({ ok: false, error: { kind: 'wrong-prefix' } });
    expect(parseQcfgIms('+QCFG: "ims",1')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});

describe('parseCireg', () => {
  it('reads the query and URC forms', () => {
    expect(parseCireg('+CIREG: 0,1', 'query')).toEqual({ ok: true, value: { imsRegistered: true, extInfo: null } });
    expect(parseCireg('+CIREG: 2,0,5', 'query')).toEqual({ ok: true, value: { imsRegistered: false, extInfo: 5 } });
    expect(parseCireg('+CIREG: 1,1', 'urc')).toEqual({ ok: true, value: { imsRegistered: true, extInfo: 1 } });
  });

  it('returns typed errors', () => {
    expect(parseCireg('+CIREG: 1', 'query')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(parseCireg('+CREG: 1', 'urc')).toMatchObject({ ok: false, error: { kind: 'wrong-prefix' } });
  });
});

describe('parseCops', () => {
  it('reads operator names in plain, numeric and UCS2 forms', () => {
    expect(parseCops('+COPS: 0,0,"CHINA MOBILE",7')).toEqual({ ok: true, value: { mode: 0, format: 0, name: 'CHINA MOBILE', accessTechnology: 7 } });
    expect(parseCops('+COPS: 0,2,"46000",7')).toMatchObject({ value: { format: 2, name: '46000' } });
    expect(parseCops('+COPS: 0,0,"4E2D56FD79FB52A8",7')).toMatchObject({ value: { name: '中国移动' } });
    expect(parseCops('+COPS: 0')).toEqual({ ok: true, value: { mode: 0, format: null, name: null, accessTechnology: null } });
  });

  it('returns typed errors', () => {
    expect(parseCops('+COPS: ,0')).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});
