import { afterEach, describe, expect, it } from 'vitest';
import type { ModemCallEvent } from '../../../drivers/modem/call-tracker.ts';
import type { ModemDevice } from '../../../drivers/modem/device.ts';
import type { CallScript } from '../../../drivers/modem/simulator.ts';
import { closeAllRigs, healthWhere, nextEvent, rig, type Rig } from './support.ts';

afterEach(closeAllRigs);

async function ready(model: 'ec20' | 'sim7600', simOptions: Partial<Parameters<typeof rig>[0]> = {}): Promise<Rig> {
  const r = await rig({ model, ...simOptions });
  await r.device.start();
  await healthWhere(r.device, (h) => h.state === 'ok');
  return r;
}

function recordCalls(device: ModemDevice): ModemCallEvent[] {
  const events: ModemCallEvent[] = [];
  device.on('call', (e) => events.push(e));
  return events;
}

/** Dials a scripted number and waits for the call to end by itself. */
async function callUntilEnded(r: Rig, script: CallScript): Promise<{ events: ModemCallEvent[]; keys: string[] }> {
  r.sim.script('13800138000', script);
  const events = recordCalls(r.device);
  const keys: string[] = [];
  r.device.on('dtmf', ({ key }) => keys.push(key));
  const ended = nextEvent(r.device, 'call', (e) => e.state === 'ended');
  await r.device.dial('13800138000');
  await ended;
  return { events, keys };
}

describe('voice calls over a pty', () => {
  it.each(['ec20', 'sim7600'] as const)('%s: dial → alerting → active → remote key → dtmf → hang up → ended', async (model) => {
    const r = await ready(model);
    r.sim.script('13800138000', { behaviour: 'answer', answerAfterMs: 500, pressKey: '5', pressAfterMs: 150 });
    const events = recordCalls(r.device);
    const key = nextEvent(r.device, 'dtmf');
    const active = nextEvent(r.device, 'call', (e) => e.state === 'active');
    await r.device.dial('13800138000');
    expect(r.sim.commands).toContain('ATD13800138000;');
    expect(await key).toEqual([{ key: '5' }]);
    await active;
    expect(events).toEqual([{ state: 'dialling' }, { state: 'alerting' }, { state: 'active' }]);
    expect(await r.device.listCalls()).toMatchObject([{ direction: 'outgoing', state: 'active', number: '13800138000' }]);
    await r.device.hangup();
    expect(events.at(-1)).toEqual({ state: 'ended', reason: 'hung-up' });
    expect(r.sim.commands).toContain('AT+CHUP');
    await expect(r.device.listCalls()).resolves.toEqual([]);
  });

  it('voicemail answers but never presses a key', async () => {
    const r = await ready('ec20');
    const { events, keys } = await callUntilEnded(r, { behaviour: 'voicemail', answerAfterMs: 500, hangUpAfterMs: 300 });
    expect(events).toEqual([{ state: 'dialling' }, { state: 'alerting' }, { state: 'active' }, { state: 'ended', reason: 'no-carrier' }]);
    expect(keys).toEqual([]);
  });

  it('busy', async () => {
    const r = await ready('sim7600');
    const { events } = await callUntilEnded(r, { behaviour: 'busy', answerAfterMs: 200 });
    expect(events).toEqual([{ state: 'dialling' }, { state: 'ended', reason: 'busy' }]);
  });

  it('no answer', async () => {
    const r = await ready('ec20');
    const { events } = await callUntilEnded(r, { behaviour: 'no-answer', answerAfterMs: 500 });
    expect(events).toEqual([{ state: 'dialling' }, { state: 'alerting' }, { state: 'ended', reason: 'no-answer' }]);
  });

  it('unreachable', async () => {
    const r = await ready('sim7600');
    const { events } = await callUntilEnded(r, { behaviour: 'unreachable', answerAfterMs: 300 });
    expect(events).toEqual([{ state: 'dialling' }, { state: 'ended', reason: 'no-carrier' }]);
  });

  it('refuses a malformed number without sending it, and a second call while one is up', async () => {
    const r = await ready('ec20');
    await expect(r.device.dial('110;ATH')).rejects.toMatchObject({ kind: 'invalid' });
    expect(r.sim.commands.some((c) => c.startsWith('ATD'))).toBe(false);
    r.sim.script('10086', { behaviour: 'no-answer', answerAfterMs: 5_000 });
    await r.device.dial('10086');
    await expect(r.device.dial('10010')).rejects.toMatchObject({ kind: 'cme', code: 3 });
    await r.device.hangup();
  });

  it('after the module was busy through two timeouts, dials only once it has caught up, and gets its own answer', async () => {
    const r = await ready('sim7600');
    r.sim.setSim('missing');
    r.sim.setBusy(true);
    await expect(r.device.listCalls()).rejects.toMatchObject({ kind: 'timeout', command: 'AT+CLCC' });
    await expect(r.device.listCalls()).rejects.toMatchObject({ kind: 'not-sent', message: 'AT+CLCC: not sent: the modem is not answering' });
    const checkSent = new Promise<void>((resolve) => {
      const off = r.sim.on('command', (line) => {
        if (!line.startsWith('AT+CMEE?;')) return;
        off();
        resolve();
      });
    });
    const dialled = r.device.dial('112');
    await checkSent;
    // It catches up: the first AT+CLCC, then the two checks, each answered alike but for its number.
    r.sim.setBusy(false);
    await expect(dialled).rejects.toMatchObject({ kind: 'cme', code: 10, command: 'ATD' });
    await expect(r.device.listCalls()).resolves.toEqual([]);
    expect(r.sim.commands.filter((c) => c === 'ATD112;')).toHaveLength(1);
  });

  it('logs a call listener that throws, and still tells the listeners after it', async () => {
    const r = await ready('sim7600');
    r.device.on('call', () => {
      throw new Error('listener bug');
    });
    const { events } = await callUntilEnded(r, { behaviour: 'busy', answerAfterMs: 200 });
    expect(events).toEqual([{ state: 'dialling' }, { state: 'ended', reason: 'busy' }]);
    expect(r.logs.filter((l) => l.msg === 'a modem listener threw')).toHaveLength(2);
  });

  it('sends the SMS while the call rings, and keeps following the call afterwards', async () => {
    const r = await ready('ec20');
    r.sim.script('10086', { behaviour: 'answer', answerAfterMs: 600, pressKey: '1', pressAfterMs: 100 });
    const events = recordCalls(r.device);
    const alerting = nextEvent(r.device, 'call', (e) => e.state === 'alerting');
    await r.device.dial('10086');
    await alerting;
    const key = nextEvent(r.device, 'dtmf');
    const active = nextEvent(r.device, 'call', (e) => e.state === 'active');
    await expect(r.device.sendSms('10086', '紧急呼叫：幸福里社区服务大厅')).resolves.toEqual({ parts: 1 });
    await Promise.all([key, active]);
    expect(events.map((e) => e.state)).toEqual(['dialling', 'alerting', 'active']);
    expect(r.sim.sms).toEqual([{ to: '10086', text: '紧急呼叫：幸福里社区服务大厅' }]);
    expect(r.sim.commands.indexOf('ATD10086;')).toBeLessThan(r.sim.commands.findIndex((c) => c.startsWith('AT+CMGS')));
    await r.device.hangup();
  });

  it.each(['ec20', 'sim7600'] as const)('%s: speaks into an active call with module TTS', async (model) => {
    const r = await ready(model);
    r.sim.script('10086', { behaviour: 'voicemail', answerAfterMs: 500 });
    const active = nextEvent(r.device, 'call', (e) => e.state === 'active');
    await r.device.dial('10086');
    await active;
    await expect(r.device.speakIntoCall('这里是邻里紧急呼叫，请按1确认')).resolves.toBe('ok');
    expect(r.sim.spoken).toEqual(['这里是邻里紧急呼叫，请按1确认']);
    await r.device.hangup();
  });

  it('reports TTS and DTMF detection the module rejects as unsupported', async () => {
    const noTts = await ready('sim7600', { tts: false });
    await expect(noTts.device.speakIntoCall('你好')).resolves.toBe('unsupported');
    // An EC20 driven as a SIM7600 answers ERROR to AT+DDET.
    const mismatched = await rig({ model: 'ec20' }, { model: 'sim7600' });
    await mismatched.device.start();
    await expect(mismatched.device.enableDtmfDetection()).resolves.toBe('unsupported');
    await expect(noTts.device.enableDtmfDetection()).resolves.toBe('ok');
  });

  it('reports an incoming call', async () => {
    const r = await ready('ec20');
    const ring = nextEvent(r.device, 'ring');
    r.sim.ring('13900139000');
    await expect(ring).resolves.toEqual([]);
  });
});

describe('SMS in Chinese over a pty', () => {
  const text = '紧急求助：幸福里社区服务大厅一号自助机的王阿姨按下了紧急按钮，请尽快赶到现场。'.repeat(4).slice(0, 150);

  it('splits 150 characters into 3 numbered UCS2 parts and restores the GSM character set', async () => {
    const r = await ready('sim7600');
    expect(text).toHaveLength(150);
    const start = r.sim.commands.length;
    await expect(r.device.sendSms('+8613800138000', text)).resolves.toEqual({ parts: 3 });
    expect(r.sim.sms.map((s) => s.to)).toEqual(['+8613800138000', '+8613800138000', '+8613800138000']);
    const texts = r.sim.sms.map((s) => s.text);
    expect(texts.map((t) => t.slice(0, 5))).toEqual(['(1/3)', '(2/3)', '(3/3)']);
    expect(texts.every((t) => t.length <= 70)).toBe(true);
    expect(texts.map((t) => t.slice(5)).join('')).toBe(text);
    expect(r.sim.charset).toBe('GSM');
    const sent = r.sim.commands.slice(start);
    expect(sent[0]).toBe('AT+CMGF=1');
    expect(sent[1]).toBe('AT+CSCS="UCS2"');
    expect(sent.filter((c) => c.startsWith('AT+CMGS='))).toHaveLength(3);
    expect(sent.at(-1)).toBe('AT+CSCS="GSM"');
  });

  it('rejects with the +CMS error and still restores GSM when the module refuses', async () => {
    const r = await ready('ec20');
    r.sim.setSim('missing');
    await expect(r.device.sendSms('10086', '测试')).rejects.toMatchObject({ kind: 'cms', code: 310 });
    expect(r.sim.charset).toBe('GSM');
    await expect(r.device.sendSms('10086;', '测试')).rejects.toMatchObject({ kind: 'invalid' });
  });
});
