import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AT,
  CTRL_Z,
  dial,
  DTMF_DETECT,
  selectCharset,
  sendSms,
  SMS_ABORT,
  smsBody,
  speak,
  TTS_STOP,
  TTS_TO_CALL,
} from '../../../drivers/modem/commands.ts';
import { decodeUcs2Hex } from '../../../drivers/modem/sms.ts';

describe('fixed command lines', () => {
  it.each([
    [AT.attention, 'AT\r'],
    [AT.echoOff, 'ATE0\r'],
    [AT.numericErrors, 'AT+CMEE=1\r'],
    [AT.simStatus, 'AT+CPIN?\r'],
    [AT.csRegistration, 'AT+CREG?\r'],
    [AT.epsRegistration, 'AT+CEREG?\r'],
    [AT.signalQuality, 'AT+CSQ\r'],
    [AT.operator, 'AT+COPS?\r'],
    [AT.listCalls, 'AT+CLCC\r'],
    [AT.hangUp, 'AT+CHUP\r'],
    [AT.hangUpAth, 'ATH\r'],
    [AT.smsTextMode, 'AT+CMGF=1\r'],
    [AT.smsUcs2Parameters, 'AT+CSMP=17,167,0,8\r'],
    [AT.quectelIms, 'AT+QCFG="ims"\r'],
    [AT.imsRegistration, 'AT+CIREG?\r'],
    [DTMF_DETECT.quectel, 'AT+QTONEDET=1\r'],
    [DTMF_DETECT.simcom, 'AT+DDET=1\r'],
    [TTS_TO_CALL.simcom, 'AT+CDTAM=1\r'],
    [TTS_STOP.quectel, 'AT+QWTTS=1,0,0\r'],
    [TTS_STOP.simcom, 'AT+CTTS=0\r'],
    [selectCharset('UCS2'), 'AT+CSCS="UCS2"\r'],
    [selectCharset('GSM'), 'AT+CSCS="GSM"\r'],
    [selectCharset('IRA'), 'AT+CSCS="IRA"\r'],
  ])('%j', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('ends every fixed line in CR and nothing else', () => {
    for (const line of [...Object.values(AT), ...Object.values(DTMF_DETECT), ...Object.values(TTS_STOP)]) {
      expect(line).toMatch(/^AT[^\r\n]*\r$/);
    }
    expect(TTS_TO_CALL.quectel).toBeNull();
  });
});

describe('dial', () => {
  it.each(['10086', '+8613800138000', '112', '*99#', '0105551234#'])('builds ATD%s;', (number) => {
    expect(dial(number)).toEqual({ ok: true, command: `ATD${number};\r` });
  });

  it.each([
    '',
    '+',
    '*#',
    '++86',
    '86+1',
    '138 0013 8000',
    '138-0013-8000',
    '10086;',
    '10086\r',
    '10086\rAT+CFUN=0',
    '10086;\rATH',
    '10086,',
    'ABCD',
    '１００８６',
    '10086\n',
  ])('rejects %j', (number) => {
    expect(dial(number)).toMatchObject({ ok: false, error: { kind: 'invalid-number' } });
  });

  it('never produces a command with ; or CR anywhere but the end, or any character outside the allowed set', () => {
    const hostile = fc.string({ unit: fc.constantFrom('0', '1', '9', '+', '*', '#', ';', '\r', '\n', 'A', 'T', 'D', ' ', ',', '"', '\x1a', '\x1b', '０') });
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: 'binary' }), fc.string()), (number) => {
        const built = dial(number);
        if (!built.ok) return;
        const { command } = built;
        expect(command).toMatch(/^ATD\+?[0-9*#]+;\r$/);
        expect(command.indexOf(';')).toBe(command.length - 2);
        expect(command.indexOf('\r')).toBe(command.length - 1);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('SMS commands', () => {
  it('puts the destination number in UCS2 hex (facts: "+370" → 002B003300370030)', () => {
    expect(sendSms('+370')).toEqual({ ok: true, command: 'AT+CMGS="002B003300370030"\r' });
    expect(sendSms('10086')).toEqual({ ok: true, command: 'AT+CMGS="00310030003000380036"\r' });
  });

  it.each(['', '+', '*99#', '10086"', '100 86', '10086\r'])('rejects destination %j', (number) => {
    expect(sendSms(number)).toMatchObject({ ok: false, error: { kind: 'invalid-number' } });
  });

  it('encodes the body as UCS2 hex terminated by Ctrl-Z', () => {
    expect(smsBody('你好吗')).toEqual({ ok: true, command: `4F60597D5417${CTRL_Z}` });
    expect(CTRL_Z).toBe('\x1a');
    expect(SMS_ABORT).toBe('\x1b');
  });

  it('refuses an empty body or one over 70 units', () => {
    expect(smsBody('')).toMatchObject({ ok: false, error: { kind: 'empty-text' } });
    expect(smsBody('邻'.repeat(70)).ok).toBe(true);
    expect(smsBody('邻'.repeat(71))).toMatchObject({ ok: false, error: { kind: 'text-too-long' } });
  });

  it('only ever writes hex digits before the single Ctrl-Z, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 70 }), (text) => {
        const built = smsBody(text);
        if (!built.ok) return;
        expect(built.command).toMatch(/^[0-9A-F]*\x1a$/);
        expect(decodeUcs2Hex(built.command.slice(0, -1))).toEqual({ ok: true, value: text });
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('module TTS', () => {
  it('speaks UCS2 text into the call on Quectel (AT+QWTTS) and SIMCom (AT+CTTS)', () => {
    expect(speak('quectel', '欢迎')).toEqual({ ok: true, command: 'AT+QWTTS=1,1,1,"6B228FCE"\r' });
    expect(speak('simcom', '欢迎')).toEqual({ ok: true, command: 'AT+CTTS=1,"6B228FCE"\r' });
  });

  it('refuses empty text, and text over the Quectel limit', () => {
    expect(speak('simcom', '')).toMatchObject({ ok: false, error: { kind: 'empty-text' } });
    expect(speak('quectel', '救'.repeat(135)).ok).toBe(true);
    expect(speak('quectel', '救'.repeat(136))).toMatchObject({ ok: false, error: { kind: 'text-too-long' } });
  });

  it('cannot be made to carry quotes, CR or other AT text', () => {
    fc.assert(
      fc.property(fc.constantFrom('quectel', 'simcom' as const), fc.string({ unit: 'binary', maxLength: 140 }), (vendor, text) => {
        const built = speak(vendor, text);
        if (!built.ok) return;
        expect(built.command).toMatch(/^AT\+(QWTTS=1,1,1|CTTS=1),"[0-9A-F]+"\r$/);
      }),
      { numRuns: 2_000 },
    );
  });
});
