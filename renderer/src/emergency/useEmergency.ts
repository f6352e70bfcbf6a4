import { useEffect, useState } from 'react';
import type { AlarmView, CommandResult } from '../../../main/api/contract.ts';
import { followCore } from '../api/follow-core.ts';
import { useApp } from '../app/context.ts';

export type Readiness = CommandResult<'emergency.status'>['readiness'];

/** The open alarm (kept current by push events) and whether an alarm can get out at all. */
export function useEmergency(): { alarm: AlarmView | null; readiness: Readiness | null } {
  const { client } = useApp();
  const [alarm, setAlarm] = useState<AlarmView | null>(null);
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  useEffect(
    () =>
      followCore(client, {
        ask: () => client.command('emergency.status'),
        answer: (s, overtaken) => {
          if (!overtaken) setAlarm(s.alarm);
          setReadiness(s.readiness);
        },
        events: (changed, askAgain) => [
          client.on('emergency.changed', ({ alarm: next }) => {
            changed();
            setAlarm(next);
          }),
          client.on('health.changed', askAgain),
        ],
      }),
    [client],
  );
  return { alarm, readiness };
}
