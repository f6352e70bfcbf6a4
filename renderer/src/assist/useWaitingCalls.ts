import { useEffect, useState } from 'react';
import type { KioskClient } from '../api/client.ts';
import { followCore } from '../api/follow-core.ts';

/**
 * How many 呼叫工作人员 calls are not yet handled: asked for whenever the link comes up (a call
 * made while it was down counts too), then followed by the core's `assist.requests`.
 */
export function useWaitingCalls(client: KioskClient): number {
  const [count, setCount] = useState(0);
  useEffect(
    () =>
      followCore(client, {
        ask: () => client.command('assist.waiting'),
        answer: (r, overtaken) => !overtaken && setCount(r.count),
        events: (changed) => [
          client.on('assist.requests', (r) => {
            changed();
            setCount(r.open.length);
          }),
        ],
      }),
    [client],
  );
  return count;
}
