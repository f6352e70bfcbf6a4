import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createModemDevice } from '../../../drivers/modem/device.ts';
import { startModemSimulator } from '../../../drivers/modem/simulator.ts';
import { createPtyPair } from '../../../drivers/serial/pty.ts';
import { closeAllRigs, FAST, healthWhere, rig } from './support.ts';

afterEach(closeAllRigs);

/** `expected` appears in `commands` in this order (other commands may come between). */
function inOrder(commands: readonly string[], expected: string[]): boolean {
  let at = 0;
  for (const command of commands) if (command === expected[at]) at++;
  return at === expected.length;
}

const quiet = { info: () => undefined, warn: () => undefined };

describe('modem initialisation over a pty', () => {
  it.each([
    ['ec20', 'AT+QTONEDET=1', 'AT+DDET=1', 'ready'],
    ['sim7600', 'AT+DDET=1', 'AT+QTONEDET=1', 'unknown'],
  ] as const)('initialises a %s and reports it ready', async (model, dtmf, otherDtmf, volte) => {
    const { device, sim } = await rig({ model });
    await device.start();
    const health = await healthWhere(device, (h) => h.state === 'ok');
    expect(health).toMatchObject({
      connected: true,
      model,
      sim: 'ready',
      registration: 'home',
      signal: { dbm: -73, bars: 4 },
      volte,
      message: { zh: '通话模块正常', en: 'Modem ready' },
    });
    expect(inOrder(sim.commands, ['AT', 'ATE0', 'AT+CMEE=1', 'AT+CSCS="GSM"', dtmf, 'AT+CPIN?', 'AT+CREG?', 'AT+CEREG?', 'AT+CSQ'])).toBe(true);
    expect(sim.commands).not.toContain(otherDtmf);
    expect(sim.commands).toContain(model === 'ec20' ? 'AT+QCFG="ims"' : 'AT+CIREG?');
    expect(sim.charset).toBe('GSM');
  });

  it('degrades when VoLTE is not registered on a Quectel module, or the signal is very weak', async () => {
    const noVolte = await rig({ model: 'ec20', volte: false });
    await noVolte.device.start();
    expect(await healthWhere(noVolte.device, (h) => h.volte !== 'unknown')).toMatchObject({
      state: 'degraded',
      volte: 'not-ready',
      message: { en: 'VoLTE not ready: emergency calls may fail' },
    });
    const weak = await rig({ model: 'sim7600', rssi: 1 });
    await weak.device.start();
    expect(await healthWhere(weak.device, (h) => h.signal !== undefined)).toMatchObject({
      state: 'degraded',
      signal: { dbm: -111, bars: 0 },
      message: { en: 'Very weak mobile signal: emergency calls may fail' },
    });
  });

  it('recognises the module when the model is "auto"', async () => {
    const { device, sim } = await rig({ model: 'sim7600' }, { model: 'auto' });
    await device.start();
    expect((await healthWhere(device, (h) => h.state === 'ok')).model).toBe('sim7600');
    expect(sim.commands).toContain('AT+CGMM');
    expect(sim.commands).toContain('AT+DDET=1');
    expect(sim.commands).not.toContain('AT+QTONEDET=1');
  });

  it('reports a missing SIM as a plain fault, not a dead modem, and refuses to dial', async () => {
    const { device } = await rig({ model: 'ec20', sim: 'missing' });
    await device.start();
    const health = await healthWhere(device, (h) => h.state === 'fault');
    expect(health).toMatchObject({
      state: 'fault',
      connected: true,
      message: { zh: '未插SIM卡，无法拨打紧急电话', en: 'No SIM card: emergency calls cannot be made' },
    });
    await expect(device.dial('10086')).rejects.toMatchObject({ kind: 'cme', code: 10 });
  });

  it('a SIM lost without a word from the module is found by the refused dial, not at the next round', async () => {
    const { device, sim } = await rig({ model: 'sim7600' }, { pollSeconds: 600 });
    await device.start();
    await healthWhere(device, (h) => h.state === 'ok');
    sim.setSim('missing', { report: false });
    await expect(device.dial('10086')).rejects.toMatchObject({ kind: 'cme', code: 10 });
    expect(await healthWhere(device, (h) => h.state === 'fault', 5_000)).toMatchObject({ sim: 'missing' });
  });

  it('rides out SIM busy just after boot without a fault', async () => {
    const { device, healths, sim } = await rig({ model: 'sim7600', simBusyMs: 600 }, { graceSeconds: 10 });
    await device.start();
    await healthWhere(device, (h) => h.state === 'ok', 5_000);
    expect(healths.some((h) => h.sim === 'busy' && h.state === 'degraded')).toBe(true);
    expect(healths.filter((h) => h.state === 'fault')).toEqual([]);
    expect(sim.commands.filter((c) => c === 'AT+CPIN?').length).toBeGreaterThan(1);
  });

  it('waits for a slow-booting module as "starting up", not as a fault', async () => {
    const { device, healths } = await rig({ model: 'ec20', bootDelayMs: 1_200 }, { graceSeconds: 10 });
    await device.start();
    expect(device.health()).toMatchObject({ state: 'degraded', message: { en: 'Modem starting up' } });
    await healthWhere(device, (h) => h.state === 'ok', 5_000);
    expect(healths.filter((h) => h.state === 'fault')).toEqual([]);
  });

  it('is degraded while searching for the network and ok once registered', async () => {
    const { device, sim, healths } = await rig({ model: 'ec20', registration: 'searching' }, { graceSeconds: 10, pollSeconds: 0.2 });
    await device.start();
    expect(await healthWhere(device, (h) => h.registration === 'searching')).toMatchObject({
      state: 'degraded',
      message: { en: 'Searching for the mobile network' },
    });
    sim.setRegistration('home');
    expect(await healthWhere(device, (h) => h.state === 'ok')).toMatchObject({ registration: 'home', volte: 'ready' });
    expect(healths.filter((h) => h.state === 'fault')).toEqual([]);
  });

  it('calls searching a fault once the grace period is over', async () => {
    const { device } = await rig({ model: 'ec20', registration: 'searching' }, { graceSeconds: 0.3, pollSeconds: 0.2 });
    await device.start();
    expect(await healthWhere(device, (h) => h.state === 'fault' && h.registration === 'searching')).toMatchObject({
      message: { en: 'No mobile network: emergency calls cannot be made' },
    });
  });

  it('fails commands with timeout when the module stops answering, reports a fault, and recovers', async () => {
    const { device, sim } = await rig({ model: 'ec20' }, { pollSeconds: 0.2, graceSeconds: 0.5 });
    await device.start();
    await healthWhere(device, (h) => h.state === 'ok');
    sim.setResponsive(false);
    await expect(device.listCalls()).rejects.toMatchObject({ kind: 'timeout', command: 'AT+CLCC' });
    expect(await healthWhere(device, (h) => h.state === 'fault')).toMatchObject({
      connected: true,
      message: { en: 'Modem not responding: emergency calls cannot be made' },
    });
    sim.setResponsive(true);
    await healthWhere(device, (h) => h.state === 'ok');
    await expect(device.listCalls()).resolves.toEqual([]);
  });

  it('starts without rejecting when the module never answers at all: starting up, then a fault', async () => {
    const { device, sim } = await rig({ model: 'sim7600' }, { graceSeconds: 1.2 });
    sim.setResponsive(false);
    await device.start();
    expect(device.health()).toMatchObject({ state: 'degraded', connected: true, message: { en: 'Modem starting up' } });
    expect(await healthWhere(device, (h) => h.state === 'fault')).toMatchObject({ message: { en: 'Modem not responding: emergency calls cannot be made' } });
    expect(sim.commands.length).toBeGreaterThan(1);
    await expect(device.dial('10086')).rejects.toMatchObject({ kind: 'not-sent', message: 'ATD: not sent: the modem is not answering' });
  });

  it('counts and ignores garbage and partial lines', async () => {
    const { device, sim } = await rig({ model: 'ec20' });
    await device.start();
    await healthWhere(device, (h) => h.state === 'ok');
    const before = device.health().protocolErrors;
    sim.inject('\r\n\x00\x13garbage\r\n+CSQ: oops\r\n');
    sim.inject(`${'z'.repeat(5_000)}\r\n`);
    sim.inject('\r\nRI');
    // A round trip after the noise: the port delivers in order, so it has all been read.
    await expect(device.listCalls()).resolves.toEqual([]);
    expect(device.health()).toMatchObject({ state: 'ok' });
    expect(device.health().protocolErrors - before).toBe(4);
  });

  it('never rejects start() for a missing port, and opens it once it appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-modem-'));
    const device = createModemDevice({ path: join(dir, 'late-kiosk'), model: 'ec20', ...FAST }, { log: quiet });
    try {
      await device.start();
      expect(device.health()).toMatchObject({ state: 'fault', connected: false, message: { en: 'Modem not connected: emergency calls cannot be made' } });
      const pair = await createPtyPair('late', dir);
      const sim = await startModemSimulator({ path: pair.devicePath, model: 'ec20' });
      try {
        await healthWhere(device, (h) => h.state === 'ok');
      } finally {
        await device.stop();
        await sim.stop();
        await pair.close();
      }
    } finally {
      await device.stop();
    }
  });
});
