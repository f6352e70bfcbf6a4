import type { AlarmView } from '../../api/contract.ts';
import type { Alarm, DialTarget } from './machine.ts';

export type { AlarmView };

/**
 * What screens see of an alarm: where it stands and who is being called — nothing else. The
 * announcement's seq changes each time, so a screen re-announces a repeat.
 */
export function toView(alarm: Alarm, plan: readonly DialTarget[], announcement?: { what: string; seq: number }): AlarmView {
  const p = alarm.phase;
  const view: AlarmView = {
    id: alarm.id,
    source: alarm.source,
    phase: p.name,
    raisedAt: new Date(alarm.raisedAt).toISOString(),
    canCancel: p.name === 'cancel-window' || p.name === 'calling' || p.name === 'between-calls' || p.name === 'awaiting-help',
  };
  if (announcement) view.announcement = announcement;
  if (p.name === 'cancel-window') view.cancelDeadline = new Date(p.deadline).toISOString();
  if (p.name === 'calling') {
    const target = plan[p.attempt.target];
    if (target) {
      view.calling = { name: target.name, state: p.attempt.state, fallback: target.kind === 'fallback' };
      if (target.relation) view.calling.relation = target.relation;
    }
  }
  if (p.name === 'between-calls' && p.redials !== undefined) view.redial = true;
  if (p.name === 'acknowledged') {
    view.acknowledgedBy = p.by;
    if (p.who) view.acknowledgedName = p.who;
  }
  if (p.name === 'closed') view.outcome = p.outcome;
  return view;
}
