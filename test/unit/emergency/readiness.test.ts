import { describe, expect, it } from 'vitest';
import type { ComponentHealth } from '../../../main/api/contract.ts';
import { emergencyReadiness } from '../../../main/services/emergency/readiness.ts';

const c = (id: string, state: ComponentHealth['state']): ComponentHealth => ({ id, state, message: { zh: '', en: '' }, since: '' });

describe('emergency readiness', () => {
  it('is ready with a working button, a working modem and someone to call', () => {
    expect(emergencyReadiness({ components: [c('button', 'ok'), c('modem', 'ok')], numbersToCall: 2, fleetEnabled: false, location: '一楼' }).ready).toBe(true);
  });

  it('modem down and no fleet link: not ready, and says who to ask instead', () => {
    const r = emergencyReadiness({ components: [c('button', 'ok'), c('modem', 'fault')], numbersToCall: 2, fleetEnabled: false, location: '一楼大厅' });
    expect(r.ready).toBe(false);
    expect(r.problems.map((p) => p.zh)).toContain('紧急电话暂时打不出去。');
    expect(r.askInstead.zh).toContain('一楼大厅');
    expect(r.askInstead.zh).toContain('120');
  });

  it('modem down but the fleet link up: still ready (the duty centre gets it)', () => {
    expect(emergencyReadiness({ components: [c('button', 'ok'), c('modem', 'fault'), c('fleet', 'ok')], numbersToCall: 2, fleetEnabled: true, location: '' }).ready).toBe(true);
  });

  it('a fleet link that is configured but not connected does not count as a route', () => {
    expect(emergencyReadiness({ components: [c('button', 'ok'), c('modem', 'fault'), c('fleet', 'degraded')], numbersToCall: 2, fleetEnabled: true, location: '' }).ready).toBe(false);
  });

  it('a faulty button is never ready, whatever else works', () => {
    expect(emergencyReadiness({ components: [c('button', 'fault'), c('modem', 'ok'), c('fleet', 'ok')], numbersToCall: 2, fleetEnabled: true, location: '' }).ready).toBe(false);
  });

  it('no numbers to call and no fleet: not ready', () => {
    const r = emergencyReadiness({ components: [c('button', 'ok'), c('modem', 'ok')], numbersToCall: 0, fleetEnabled: false, location: '' });
    expect(r.ready).toBe(false);
    expect(r.problems.map((p) => p.zh)).toContain('还没有设置紧急联系人。');
  });
});
