import { useEffect, useState } from 'react';
import type { AlarmView, CommandResult } from '../../../main/api/contract.ts';
import { useApp } from '../app/context.ts';

export type Readiness = CommandResult<'emergency.status'>['readiness'];

/** The open alarm (kept current by push events) and whether an alarm can get out at all. */
export function useEmergency(): { alarm: AlarmView | null; readiness: Readiness | null } {
  const { client } = useApp();
  const [alarm, setAlarm] = useState<AlarmView | null>(null);
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = (): void => {
      client.command('emergency.status').then(
        (s) => {
          if (!live) return;
          setAlarm(s.alarm);
          setReadiness(s.readiness);
        },
        () => undefined,
      );
    };
    refresh();
    const offAlarm = client.on('emergency.changed', ({ alarm: next }) => setAlarm(next));
    const offHealth = client.on('health.changed', refresh);
    const offLink = client.onConnection((up) => up && refresh());
    return () => {
      live = false;
      offAlarm();
      offHealth();
      offLink();
    };
  }, [client]);
  return { alarm, readiness };
}
