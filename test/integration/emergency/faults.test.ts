import { afterEach, describe, expect, it } from 'vitest';
import { alarmTimeline } from '../../../main/services/emergency/records.ts';
import { CONTACTS, createRig, type Rig } from '../../support/emergency-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('alarms when parts fail', () => {
  it('the button box: a press raises the alarm, a second press re-announces the same one', async () => {
    rig = await createRig({ timing: { cancelWindowMs: 10_000 } });
    rig.buttonSim.press();
    const first = await rig.waitForAlarm((a) => a.phase === 'cancel-window');
    expect(first.source).toBe('button');
    await expect.poll(() => rig!.buttonSim.ledMode).toBe('blink');
    const seq = first.announcement!.seq;
    rig.buttonSim.release();
    rig.buttonSim.press();
    const again = await rig.waitForAlarm((a) => (a.announcement?.seq ?? 0) > seq);
    expect(again.id).toBe(first.id);
    expect(await rig.store.get<{ n: number }>('SELECT count(*) AS n FROM alarms')).toEqual({ n: 1 });
  }, 90_000);

  it('the modem resets mid-call (port vanishes and returns): the chain goes on and a new call is placed', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'no-answer', answerAfterMs: 60_000 });
    rig.modemSim.script(CONTACTS[1]!.phone, { behaviour: 'answer', answerAfterMs: 300, pressKey: '1', pressAfterMs: 2500 });
    await rig.service.trigger('screen');
    await rig.waitForAlarm((a) => a.calling?.state === 'ringing');
    await rig.modemSim.unplugAndReplug(rig.devices.simulators.modemPair!);
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged', 45_000);
    expect(acked.acknowledgedName).toBe('李强');
  }, 90_000);

  it('the modem is silent through a hang-up, then answers again: the next contact is rung and can accept', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'no-answer', answerAfterMs: 60_000 });
    rig.modemSim.script(CONTACTS[1]!.phone, { behaviour: 'answer', answerAfterMs: 300, pressKey: '1', pressAfterMs: 2500 });
    const { alarmId } = await rig.service.trigger('screen');
    await rig.waitForAlarm((a) => a.calling?.state === 'ringing');
    // The ring times out while the module answers nothing, so that call's hang-up fails or comes late.
    rig.modemSim.setResponsive(false);
    await rig.waitForAlarm((a) => a.phase === 'between-calls', 30_000);
    rig.modemSim.setResponsive(true);
    // Neither that call's late end nor its hang-up just before the next dial is taken for the new call's.
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged', 45_000);
    expect(acked.acknowledgedName).toBe('李强');
    const kinds = (await alarmTimeline(rig.store, alarmId)).map((e) => e.kind);
    expect(kinds.filter((k) => k.startsWith('call ended'))).toEqual([]);
  }, 90_000);

  it('SIM missing: the dial is refused, staff see why, and the alarm stays open with the duty centre told', async () => {
    rig = await createRig();
    rig.modemSim.setSim('missing');
    await expect.poll(() => rig!.health.snapshot().components.find((c) => c.id === 'modem')?.state, { timeout: 30_000 }).toBe('fault');
    const { alarmId } = await rig.service.trigger('screen');
    await rig.waitForAlarm((a) => a.phase === 'between-calls', 30_000);
    const modem = rig.health.snapshot().components.find((c) => c.id === 'modem')!;
    expect(modem.message.zh).toMatch(/SIM/);
    const outbox = await rig.store.all<{ topic: string }>('SELECT topic FROM outbox');
    expect(outbox.map((o) => o.topic)).toContain('linli/test-kiosk/alarm/raised');
    const timeline = await alarmTimeline(rig.store, alarmId);
    expect(timeline.some((e) => e.kind.startsWith('dial failed'))).toBe(true);
    expect(rig.service.current()?.id).toBe(alarmId);
  }, 90_000);

  it('no SIM as the countdown ends, back a moment later: the first contact is dialled again, not skipped', async () => {
    rig = await createRig({ timing: { redialMs: 2_000 } });
    rig.modemSim.setSim('missing');
    await expect.poll(() => rig!.health.snapshot().components.find((c) => c.id === 'modem')?.state, { timeout: 30_000 }).toBe('fault');
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'answer', answerAfterMs: 300, pressKey: '1', pressAfterMs: 1000 });
    const { alarmId } = await rig.service.trigger('screen');
    const waiting = await rig.waitForAlarm((a) => a.phase === 'between-calls', 30_000);
    // The person is told the call is being tried again, not that someone else is being called.
    expect(waiting.redial).toBe(true);
    rig.modemSim.setSim('ready');
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged', 45_000);
    expect(acked.acknowledgedName).toBe('王芳');
    const kinds = (await alarmTimeline(rig.store, alarmId)).map((e) => e.kind);
    expect(kinds.find((k) => k.startsWith('dial failed'))).toMatch(/; dialling the same number again in 2 s$/);
    expect(kinds.some((k) => k.includes('calling 李强'))).toBe(false);
  }, 90_000);

  it('SMS refused while the SIM is out: staff see why, and it goes again until every contact has it', async () => {
    rig = await createRig({ timing: { smsRetryMs: 300, smsRetryMaxMs: 600 } });
    rig.modemSim.setSim('missing');
    await expect.poll(() => rig!.health.snapshot().components.find((c) => c.id === 'modem')?.state, { timeout: 30_000 }).toBe('fault');
    const { alarmId } = await rig.service.trigger('screen');
    const kinds = async (): Promise<string[]> => (await alarmTimeline(rig!.store, alarmId)).map((e) => e.kind);
    await expect.poll(async () => (await kinds()).filter((k) => /^location SMS to (王芳|李强) failed \(.+\); trying again in \d+ s$/.test(k)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(rig.modemSim.sms).toEqual([]);

    rig.modemSim.setSim('ready');
    await expect.poll(() => rig!.modemSim.sms.map((s) => s.to).sort(), { timeout: 30_000 }).toEqual(CONTACTS.map((c) => c.phone).sort());
    await expect.poll(async () => (await kinds()).filter((k) => k.startsWith('location SMS to') && k.endsWith('sent')).sort(), { timeout: 30_000 }).toEqual([
      'location SMS to 李强 sent',
      'location SMS to 王芳 sent',
    ]);
  }, 90_000);

  it('the duty centre acknowledges: the call is hung up and the person told help is coming', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'no-answer', answerAfterMs: 60_000 });
    const { alarmId } = await rig.service.trigger('screen');
    await rig.waitForAlarm((a) => a.calling?.state === 'ringing');
    await rig.service.acknowledge(alarmId, 'duty-centre');
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged');
    expect(acked.acknowledgedBy).toBe('duty-centre');
    await rig.waitForCommand(/^(AT\+CHUP|ATH)$/);
  }, 90_000);
});
