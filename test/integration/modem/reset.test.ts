import { afterEach, describe, expect, it } from 'vitest';
import type { ModemCallEvent } from '../../../drivers/modem/call-tracker.ts';
import { closeAllRigs, healthWhere, nextEvent, rig, type Rig } from './support.ts';

afterEach(closeAllRigs);

async function inActiveCall(model: 'ec20' | 'sim7600'): Promise<{ r: Rig; events: ModemCallEvent[]; resets: string[] }> {
  // The production reopen interval, so the 2 s bound below is the one the kiosk really meets.
  const r = await rig({ model }, { reopenMs: 500 });
  await r.device.start();
  await healthWhere(r.device, (h) => h.state === 'ok');
  const events: ModemCallEvent[] = [];
  const resets: string[] = [];
  r.device.on('call', (e) => events.push(e));
  r.device.on('reset', ({ cause }) => resets.push(cause));
  r.sim.script('10086', { behaviour: 'voicemail', answerAfterMs: 500 });
  const active = nextEvent(r.device, 'call', (e) => e.state === 'active');
  await r.device.dial('10086');
  await active;
  return { r, events, resets };
}

describe('modem resets', () => {
  it('port vanishes mid-call and returns: call ended (reset), reset event, re-initialised within 2 s, new dial works', async () => {
    const { r, events, resets } = await inActiveCall('ec20');
    const ended = nextEvent(r.device, 'call', (e) => e.state === 'ended');
    const reset = nextEvent(r.device, 'reset');
    await r.sim.unplug(r.pair);
    expect(await ended).toEqual([{ state: 'ended', reason: 'reset' }]);
    expect(await reset).toEqual([{ cause: 'port-lost' }]);
    expect(await healthWhere(r.device, (h) => !h.connected)).toMatchObject({ state: 'fault', message: { en: 'Modem not connected: emergency calls cannot be made' } });

    const commandsBefore = r.sim.commands.length;
    const replugAt = performance.now();
    await r.sim.replug(r.pair);
    await healthWhere(r.device, (h) => h.state === 'ok' && h.connected, 2_000);
    expect(performance.now() - replugAt).toBeLessThan(2_000);
    const after = r.sim.commands.slice(commandsBefore);
    expect(after).toEqual(expect.arrayContaining(['AT', 'ATE0', 'AT+CMEE=1', 'AT+CSCS="GSM"', 'AT+QTONEDET=1', 'AT+CPIN?']));
    expect(resets).toEqual(['port-lost']);

    r.sim.script('10086', { behaviour: 'answer', answerAfterMs: 500, pressKey: '1', pressAfterMs: 100 });
    const key = nextEvent(r.device, 'dtmf');
    const active = nextEvent(r.device, 'call', (e) => e.state === 'active');
    await r.device.dial('10086');
    expect(await key).toEqual([{ key: '1' }]);
    await active;
    expect(events.map((e) => e.state)).toEqual(['dialling', 'alerting', 'active', 'ended', 'dialling', 'alerting', 'active']);
    await r.device.hangup();
  });

  it('a module that reboots in place (RDY) mid-call ends the call with reset and is re-initialised', async () => {
    const { r, events } = await inActiveCall('sim7600');
    const ended = nextEvent(r.device, 'call', (e) => e.state === 'ended');
    const reset = nextEvent(r.device, 'reset');
    const commandsBefore = r.sim.commands.length;
    r.sim.resetMidCall();
    expect(await reset).toEqual([{ cause: 'boot' }]);
    expect(await ended).toEqual([{ state: 'ended', reason: 'reset' }]);
    await expect.poll(() => r.sim.commands.slice(commandsBefore)).toEqual(expect.arrayContaining(['ATE0', 'AT+CMEE=1', 'AT+DDET=1']));
    await healthWhere(r.device, (h) => h.state === 'ok');
    expect(events.map((e) => e.state)).toEqual(['dialling', 'alerting', 'active', 'ended']);
  });

  it('an idle module that is unplugged and plugged back in is reported reset and ready again', async () => {
    const r = await rig({ model: 'sim7600' }, { reopenMs: 500 });
    await r.device.start();
    await healthWhere(r.device, (h) => h.state === 'ok');
    const reset = nextEvent(r.device, 'reset');
    await r.sim.unplugAndReplug(r.pair);
    expect(await reset).toEqual([{ cause: 'port-lost' }]);
    await healthWhere(r.device, (h) => h.state === 'ok' && h.connected, 2_000);
    await expect(r.device.listCalls()).resolves.toEqual([]);
  });

  it('a lone SMS DONE or PB DONE is not a reboot', async () => {
    const { r, events, resets } = await inActiveCall('ec20');
    r.sim.inject('\r\n+QIND: SMS DONE\r\n\r\nSMS DONE\r\n\r\n+QIND: PB DONE\r\n');
    // The answer comes after the injected lines on the same line, so they have been handled.
    await expect(r.device.listCalls()).resolves.toMatchObject([{ state: 'active' }]);
    expect(resets).toEqual([]);
    expect(events.map((e) => e.state)).toEqual(['dialling', 'alerting', 'active']);
    await r.device.hangup();
  });
});
