import { useEffect, useState } from 'react';
import type { KioskClient } from '../api/client.ts';

const OFFLINE_NOTICE_DELAY_MS = 1500;

/** Whether the core is reachable; a link that drops for a moment (a restart) is not worth alarming anyone about. */
export function useConnected(client: KioskClient): boolean {
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.onConnection((up) => {
      clearTimeout(timer);
      if (up) setConnected(true);
      else timer = setTimeout(() => setConnected(false), OFFLINE_NOTICE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [client]);
  return connected;
}
