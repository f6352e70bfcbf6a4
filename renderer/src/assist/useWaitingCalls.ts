import { useEffect, useState } from 'react';
import type { KioskClient } from '../api/client.ts';

/**
 * How many 呼叫工作人员 calls are not yet handled: asked for whenever the link comes up (a call
 * made while it was down counts too), then followed by the core's `assist.requests`. An answer
 * to the asking that an event has overtaken is older than the event, so it is dropped.
 */
export function useWaitingCalls(client: KioskClient): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    let events = 0;
    const refresh = (): void => {
      const asked = events;
      void client.command('assist.waiting').then(
        (r) => live && asked === events && setCount(r.count),
        () => undefined,
      );
    };
    const offs = [
      client.on('assist.requests', (r) => {
        events++;
        setCount(r.open.length);
      }),
      client.onConnection((up) => up && refresh()),
    ];
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [client]);
  return count;
}
