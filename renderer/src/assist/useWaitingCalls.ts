import { useEffect, useState } from 'react';
import type { KioskClient } from '../api/client.ts';

/**
 * How many 呼叫工作人员 calls are waiting: asked for whenever the link comes up (a call made while
 * it was down counts too), then followed by the core's `assist.requests`.
 */
export function useWaitingCalls(client: KioskClient): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const refresh = (): void =>
      void client.command('assist.waiting').then(
        (r) => live && setCount(r.count),
        () => undefined,
      );
    const offs = [client.on('assist.requests', (r) => setCount(r.open.length)), client.onConnection((up) => up && refresh())];
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [client]);
  return count;
}
