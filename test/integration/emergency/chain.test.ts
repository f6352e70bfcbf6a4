import { afterEach, describe, expect, it } from 'vitest';
import { CONTACTS, FALLBACK, createRig, type Rig } from '../../support/emergency-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const dials = (r: Rig): string[] => r.modemSim.commands.filter((c) => c.startsWith('ATD')).map((c) => c.slice(3, -1));
const hangups = (r: Rig): number => r.modemSim.commands.filter((c) => c === 'AT+CHUP' || c === 'ATH').length;

describe('the call chain over the real modem driver and simulator', () => {
  it('answered and confirmed by a key: acknowledged by that contact, SMS to every contact, light steady', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'answer', answerAfterMs: 400, pressKey: '1', pressAfterMs: 2500 });
    const { alarmId, created } = await rig.service.trigger('screen');
    expect(created).toBe(true);
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged');
    expect(acked).toMatchObject({ id: alarmId, acknowledgedBy: 'contact', acknowledgedName: '王芳' });
    expect(dials(rig)).toEqual([CONTACTS[0]!.phone]);
    expect(rig.modemSim.spoken.join('')).toContain('请按1确认');
    await expect.poll(() => rig!.modemSim.sms.map((s) => s.to).sort(), { timeout: 30_000 }).toEqual(CONTACTS.map((c) => c.phone).sort());
    expect(rig.modemSim.sms[0]!.text).toContain('幸福里社区服务中心');
    await expect.poll(() => rig!.buttonSim.ledMode).toBe('on');
    expect(rig.modemSim.charset).toBe('GSM');
  }, 90_000);

  it('voicemail (answers, no key) → hung up, next contact', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'voicemail', answerAfterMs: 300 });
    rig.modemSim.script(CONTACTS[1]!.phone, { behaviour: 'answer', answerAfterMs: 300, pressKey: '1', pressAfterMs: 2500 });
    await rig.service.trigger('screen');
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged', 45_000);
    expect(acked.acknowledgedName).toBe('李强');
    expect(dials(rig)).toEqual([CONTACTS[0]!.phone, CONTACTS[1]!.phone]);
    expect(hangups(rig)).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it('busy → next contact', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'busy', answerAfterMs: 200 });
    rig.modemSim.script(CONTACTS[1]!.phone, { behaviour: 'answer', answerAfterMs: 300, pressKey: '1', pressAfterMs: 2500 });
    await rig.service.trigger('screen');
    await rig.waitForAlarm((a) => a.phase === 'acknowledged', 45_000);
    expect(dials(rig)).toEqual([CONTACTS[0]!.phone, CONTACTS[1]!.phone]);
  }, 90_000);

  it('nobody answers → every contact, then the fallback number', async () => {
    rig = await createRig({ timing: { ringMs: 1_500 } });
    for (const c of CONTACTS) rig.modemSim.script(c.phone, { behaviour: 'no-answer', answerAfterMs: 60_000 });
    rig.modemSim.script(FALLBACK.phone, { behaviour: 'answer', answerAfterMs: 300, pressKey: '1', pressAfterMs: 2500 });
    await rig.service.trigger('screen');
    const acked = await rig.waitForAlarm((a) => a.phase === 'acknowledged', 45_000);
    expect(acked.acknowledgedName).toBe('值班中心');
    expect(dials(rig)).toEqual([CONTACTS[0]!.phone, CONTACTS[1]!.phone, FALLBACK.phone]);
  }, 90_000);

  it('cancel in the window: closed as cancelled, never dialled, the record kept', async () => {
    rig = await createRig({ timing: { cancelWindowMs: 5_000 } });
    const { alarmId } = await rig.service.trigger('button');
    expect(await rig.service.cancel(alarmId, 'person')).toBe(true);
    expect(rig.service.current()).toBeNull();
    expect(dials(rig)).toEqual([]);
    const row = await rig.store.get<{ phase: string; outcome: string }>('SELECT phase, outcome FROM alarms WHERE id = ?', [alarmId]);
    expect(row).toEqual({ phase: 'closed', outcome: 'cancelled' });
    const outbox = await rig.store.all<{ topic: string }>('SELECT topic FROM outbox ORDER BY id');
    expect(outbox.map((o) => o.topic)).toEqual(['linli/test-kiosk/alarm/raised', 'linli/test-kiosk/alarm/closed']);
  }, 90_000);

  it('cancel while ringing: the call is hung up', async () => {
    rig = await createRig();
    rig.modemSim.script(CONTACTS[0]!.phone, { behaviour: 'no-answer', answerAfterMs: 60_000 });
    const { alarmId } = await rig.service.trigger('screen');
    await rig.waitForAlarm((a) => a.calling?.state === 'ringing');
    await rig.service.cancel(alarmId, 'person');
    await rig.waitForCommand(/^(AT\+CHUP|ATH)$/);
    expect(rig.service.current()).toBeNull();
  }, 90_000);
});
