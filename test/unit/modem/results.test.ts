import { describe, expect, it } from 'vitest';
import { errorForCode, errorForText } from '../../../drivers/modem/errors.ts';
import { ModemLineSplitter } from '../../../drivers/modem/lines.ts';
import { classifyLine, commandPrefix, type ClassifyContext, type ModemLine } from '../../../drivers/modem/results.ts';

const idle: ClassifyContext = { pending: null };
const during = (pending: string): ClassifyContext => ({ pending });

describe('final results', () => {
  it.each([
    ['OK', { type: 'ok' }],
    ['ERROR', { type: 'error' }],
    ['CONNECT', { type: 'connect', text: '' }],
    ['CONNECT 115200', { type: 'connect', text: '115200' }],
  ])('%s', (line, result) => {
    expect(classifyLine(line, idle)).toEqual({ kind: 'final', result });
  });

  it.each([
    ['+CME ERROR: 10', 10, 'sim-not-inserted', 'SIM not inserted'],
    ['+CME ERROR: 14', 14, 'sim-busy', 'SIM busy'],
    ['+CME ERROR: 30', 30, 'no-network-service', 'No network service'],
    ['+CME ERROR: 3', 3, 'operation-not-allowed', 'Operation not allowed'],
    ['+CME ERROR: 100', 100, 'unknown', 'Unknown'],
    ['+CME ERROR: SIM not inserted', 10, 'sim-not-inserted', 'SIM not inserted'],
    ['+CME ERROR: sim busy', 14, 'sim-busy', 'SIM busy'],
    ['+CME ERROR: 9999', 9999, 'unknown(9999)', 'Unknown modem error 9999'],
  ])('%s', (line, code, meaning, message) => {
    expect(classifyLine(line, idle)).toEqual({ kind: 'final', result: { type: 'cme-error', error: { family: 'cme', code, meaning, message } } });
  });

  it.each([
    ['+CMS ERROR: 314', 314, 'sim-busy'],
    ['+CMS ERROR: 330', 330, 'smsc-address-unknown'],
    ['+CMS ERROR: 500', 500, 'unknown-error'],
    ['+CMS ERROR: Invalid text mode parameter', 305, 'invalid-text-parameter'],
    ['+CMS ERROR: (U)SIM busy', 314, 'sim-busy'],
    ['+CMS ERROR: network time-out', 332, 'network-timeout'],
    ['+CMS ERROR: 42', 42, 'unknown(42)'],
  ])('%s', (line, code, meaning) => {
    expect(classifyLine(line, idle)).toMatchObject({ kind: 'final', result: { type: 'cms-error', error: { family: 'cms', code, meaning } } });
  });

  it('keeps unrecognised verbose error text', () => {
    expect(errorForText('cme', 'Modem exploded')).toEqual({ family: 'cme', code: null, meaning: 'unrecognised-text', message: 'Modem exploded' });
    expect(errorForCode('cms', 1)).toMatchObject({ meaning: 'unknown(1)' });
  });

  it.each([
    ['NO CARRIER', 'no-carrier'],
    ['BUSY', 'busy'],
    ['NO ANSWER', 'no-answer'],
    ['NO DIALTONE', 'no-dialtone'],
  ] as const)('%s ends a dial, and is a call-ended URC otherwise', (line, reason) => {
    expect(classifyLine(line, during('ATD10086;\r'))).toEqual({ kind: 'final', result: { type: reason } });
    expect(classifyLine(line, during('ATA'))).toEqual({ kind: 'final', result: { type: reason } });
    expect(classifyLine(line, idle)).toEqual({ kind: 'urc', urc: { type: 'call-ended', reason } });
    expect(classifyLine(line, during('AT+CLCC'))).toEqual({ kind: 'urc', urc: { type: 'call-ended', reason } });
  });
});

describe('URCs', () => {
  const urc = (line: string, context = idle) => classifyLine(line, context);

  it('RING, +CLIP and +CMTI', () => {
    expect(urc('RING')).toEqual({ kind: 'urc', urc: { type: 'ring' } });
    expect(urc('+CLIP: "13800138000",129,"",0,"",0')).toEqual({ kind: 'urc', urc: { type: 'clip', number: '13800138000', numberType: 129 } });
    expect(urc('+CLIP: "00310030003000380036",129')).toMatchObject({ urc: { type: 'clip', number: '10086' } });
    expect(urc('+CMTI: "SM",3')).toEqual({ kind: 'urc', urc: { type: 'new-sms', storage: 'SM', index: 3 } });
    expect(urc('+CMTI: "ME"')).toEqual({ kind: 'urc', urc: { type: 'unparsed', line: '+CMTI: "ME"' } });
  });

  it('unsolicited registration in URC form, even while AT+CREG? is in flight', () => {
    expect(urc('+CREG: 1')).toMatchObject({ kind: 'urc', urc: { type: 'registration', registration: { domain: 'cs', form: 'urc', stat: 1, registered: true } } });
    expect(urc('+CEREG: 5,"1A2B","01C3D4E5",7')).toMatchObject({ urc: { registration: { domain: 'eps', stat: 5, area: '1A2B', accessTechnology: 7 } } });
    expect(urc('+CREG: 2', during('AT+CREG?'))).toMatchObject({ kind: 'urc', urc: { type: 'registration' } });
    expect(urc('+CREG: 0,1', during('AT+CREG?'))).toEqual({ kind: 'info', prefix: '+CREG', text: '+CREG: 0,1' });
    // A query-shaped line with nothing asking is a late answer, not news.
    expect(urc('+CEREG: 0,1')).toEqual({ kind: 'info', prefix: '+CEREG', text: '+CEREG: 0,1' });
  });

  it.each([
    ['+QTONEDET: 49', '1'],
    ['+QTONEDET: 35', '#'],
    ['+QTONEDET: 42', '*'],
    ['+QTONEDET: 65', 'A'],
  ])('Quectel DTMF %s → %s', (line, key) => {
    expect(urc(line)).toEqual({ kind: 'urc', urc: { type: 'dtmf', key, module: 'quectel' } });
  });

  it('SIMCom and SIM800 DTMF, and malformed DTMF reports', () => {
    expect(urc('+RXDTMF: 1')).toEqual({ kind: 'urc', urc: { type: 'dtmf', key: '1', module: 'simcom' } });
    expect(urc('+DTMF: #')).toEqual({ kind: 'urc', urc: { type: 'dtmf', key: '#', module: 'sim800' } });
    expect(urc('+QTONEDET: 300')).toMatchObject({ urc: { type: 'unparsed' } });
    expect(urc('+RXDTMF: 12')).toMatchObject({ urc: { type: 'unparsed' } });
    expect(urc('+QTONEDET: 1', during('AT+QTONEDET?'))).toEqual({ kind: 'info', prefix: '+QTONEDET', text: '+QTONEDET: 1' });
  });

  it('boot messages: only RDY (and SIM800 Call Ready) mean a reboot', () => {
    expect(urc('RDY')).toEqual({ kind: 'urc', urc: { type: 'boot', event: 'rdy', module: 'any', reboot: true } });
    expect(urc('Call Ready')).toMatchObject({ urc: { event: 'call-ready', reboot: true } });
    expect(urc('SMS Ready')).toMatchObject({ urc: { event: 'sms-ready', reboot: false } });
    expect(urc('SMS DONE')).toEqual({ kind: 'urc', urc: { type: 'boot', event: 'sms-done', module: 'simcom', reboot: false } });
    expect(urc('PB DONE')).toMatchObject({ urc: { event: 'pb-done', module: 'simcom', reboot: false } });
    expect(urc('+QIND: SMS DONE')).toMatchObject({ urc: { event: 'sms-done', module: 'quectel', reboot: false } });
    expect(urc('+QIND: PB DONE')).toMatchObject({ urc: { event: 'pb-done', module: 'quectel', reboot: false } });
    expect(urc('+QUSIM: 1')).toMatchObject({ urc: { event: 'usim', reboot: false } });
    expect(urc('+CFUN: 1')).toMatchObject({ urc: { event: 'cfun', reboot: false } });
    expect(urc('+CFUN: 1', during('AT+CFUN?'))).toEqual({ kind: 'info', prefix: '+CFUN', text: '+CFUN: 1' });
    expect(urc('+QIND: "csq",20,99')).toEqual({ kind: 'urc', urc: { type: 'quectel-indication', text: '"csq",20,99' } });
  });

  it('unsolicited +CPIN is a SIM status change; solicited it is information', () => {
    expect(urc('+CPIN: READY')).toEqual({ kind: 'urc', urc: { type: 'sim', status: 'ready' } });
    expect(urc('+CPIN: NOT INSERTED')).toEqual({ kind: 'urc', urc: { type: 'sim', status: 'not-inserted' } });
    expect(urc('+CPIN: NOT READY')).toEqual({ kind: 'urc', urc: { type: 'sim', status: 'not-ready' } });
    expect(urc('+CPIN: READY', during('AT+CPIN?\r'))).toEqual({ kind: 'info', prefix: '+CPIN', text: '+CPIN: READY' });
  });

  it('+CLCC, +CIREG, call progress, TTS completion and power warnings', () => {
    expect(urc('+CLCC: 1,0,3,0,0,"10086",129')).toMatchObject({ urc: { type: 'call-state', call: { state: 'alerting', number: '10086' } } });
    expect(urc('+CLCC: 1,0,6,0,0,"10086",129')).toEqual({ kind: 'urc', urc: { type: 'call-state', call: null } });
    expect(urc('+CLCC: 1,0,0,0,0', during('AT+CLCC'))).toMatchObject({ kind: 'info', prefix: '+CLCC' });
    expect(urc('+CIREG: 1')).toEqual({ kind: 'urc', urc: { type: 'ims', registered: true } });
    expect(urc('+CIREG: 0,1', during('AT+CIREG?'))).toMatchObject({ kind: 'info' });
    expect(urc('VOICE CALL: BEGIN')).toEqual({ kind: 'urc', urc: { type: 'voice-call', phase: 'begin' } });
    expect(urc('VOICE CALL: END: 000352')).toEqual({ kind: 'urc', urc: { type: 'voice-call', phase: 'end' } });
    expect(urc('+QWTTS: 0')).toEqual({ kind: 'urc', urc: { type: 'tts-done', module: 'quectel', code: 0 } });
    expect(urc('+QWTTS: 4111')).toEqual({ kind: 'urc', urc: { type: 'tts-done', module: 'quectel', code: 4111 } });
    expect(urc('+CTTS: 0')).toEqual({ kind: 'urc', urc: { type: 'tts-done', module: 'simcom', code: 0 } });
    expect(urc('UNDER-VOLTAGE WARNNING')).toEqual({ kind: 'urc', urc: { type: 'power-warning', text: 'UNDER-VOLTAGE WARNNING' } });
  });
});

describe('information responses and echo', () => {
  it('classifies responses by prefix, bare text with a null prefix', () => {
    expect(classifyLine('+CSQ: 17,99', during('AT+CSQ'))).toEqual({ kind: 'info', prefix: '+CSQ', text: '+CSQ: 17,99' });
    expect(classifyLine('+QCFG: "ims",1,1', during('AT+QCFG="ims"'))).toEqual({ kind: 'info', prefix: '+QCFG', text: '+QCFG: "ims",1,1' });
    expect(classifyLine('+CMGS: 12', during('AT+CMGS="0031"'))).toMatchObject({ kind: 'info', prefix: '+CMGS' });
    expect(classifyLine('861234567890123', during('AT+CGSN'))).toEqual({ kind: 'info', prefix: null, text: '861234567890123' });
  });

  it('recognises the echo of the command in flight', () => {
    expect(classifyLine('AT+CSQ', during('AT+CSQ\r'))).toEqual({ kind: 'echo', text: 'AT+CSQ' });
    expect(classifyLine('AT+CSQ', idle)).toEqual({ kind: 'info', prefix: null, text: 'AT+CSQ' });
  });

  it('extracts the response prefix of a command', () => {
    expect(commandPrefix('AT+CPIN?')).toBe('+CPIN');
    expect(commandPrefix('at+creg?')).toBe('+CREG');
    expect(commandPrefix('AT+QCFG="ims"')).toBe('+QCFG');
    expect(commandPrefix('ATD10086;')).toBeNull();
    expect(commandPrefix('AT')).toBeNull();
  });
});

describe('URCs interleaved with command responses', () => {
  /** Run a raw stream through splitter and classifier, with a command in flight until its final result. */
  function transcript(command: string, stream: string): ModemLine[] {
    const splitter = new ModemLineSplitter();
    let pending: string | null = command;
    const out: ModemLine[] = [];
    for (const token of splitter.push(stream)) {
      if (token.kind !== 'line') continue;
      const classified = classifyLine(token.text, { pending });
      if (classified.kind === 'final') pending = null;
      out.push(classified);
    }
    return out;
  }

  it('a +CREG URC before the solicited +CREG answer (FreeRTOS-Cellular #89)', () => {
    const lines = transcript('AT+CREG?\r', '\r\n+CREG: 2\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n');
    expect(lines.map((l) => l.kind)).toEqual(['urc', 'info', 'final']);
  });

  it('RING, +CMTI and a boot line in the middle of +CSQ, with echo on', () => {
    const lines = transcript('AT+CSQ\r', 'AT+CSQ\r\r\nRING\r\n\r\n+CSQ: 18,99\r\n+CMTI: "SM",1\r\nSMS DONE\r\n\r\nOK\r\n\r\nNO CARRIER\r\n');
    expect(lines.map((l) => (l.kind === 'urc' ? l.urc.type : l.kind))).toEqual(['echo', 'ring', 'info', 'new-sms', 'boot', 'final', 'call-ended']);
  });

  it('NO CARRIER after an ATD OK is the call ending, not a result of the next command', () => {
    const dial = transcript('ATD10086;\r', '\r\nOK\r\n');
    expect(dial).toEqual([{ kind: 'final', result: { type: 'ok' } }]);
    const poll = transcript('AT+CLCC\r', '\r\n+CLCC: 1,0,3,0,0,"10086",129\r\n\r\nNO CARRIER\r\n\r\nOK\r\n');
    expect(poll.map((l) => (l.kind === 'urc' ? l.urc.type : l.kind))).toEqual(['info', 'call-ended', 'final']);
  });

  it('DTMF arriving while the call is polled', () => {
    const lines = transcript('AT+CLCC\r', '\r\n+CLCC: 1,0,0,0,0,"10086",129\r\n\r\n+QTONEDET: 49\r\n\r\nOK\r\n');
    expect(lines[1]).toEqual({ kind: 'urc', urc: { type: 'dtmf', key: '1', module: 'quectel' } });
  });

  it('a +CPIN URC and a reboot during AT+CSQ', () => {
    const lines = transcript('AT+CSQ\r', '\r\n+CPIN: NOT INSERTED\r\n\r\nRDY\r\n\r\n+CME ERROR: 10\r\n');
    expect(lines).toEqual([
      { kind: 'urc', urc: { type: 'sim', status: 'not-inserted' } },
      { kind: 'urc', urc: { type: 'boot', event: 'rdy', module: 'any', reboot: true } },
      { kind: 'final', result: { type: 'cme-error', error: { family: 'cme', code: 10, meaning: 'sim-not-inserted', message: 'SIM not inserted' } } },
    ]);
  });
});
