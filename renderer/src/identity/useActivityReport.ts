import { useEffect } from 'react';
import { useApp } from '../app/context.ts';

// Well inside any idle time, and few enough messages that a busy finger costs nothing.
const EVERY_MS = 2_000;

/**
 * While a resident session is open, tells the core the screen is being touched: at once for the
 * first touch, then at most every 2 s, the last touch of a burst always reported.
 */
export function useActivityReport(enabled: boolean): void {
  const { client } = useApp();
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const send = (): void => {
      last = Date.now();
      trailing = undefined;
      void client.command('identity.activity').catch(() => undefined);
    };
    const touched = (): void => {
      const wait = last + EVERY_MS - Date.now();
      if (wait <= 0) send();
      else trailing ??= setTimeout(send, wait);
    };
    window.addEventListener('pointerdown', touched, true);
    window.addEventListener('keydown', touched, true);
    return () => {
      clearTimeout(trailing);
      window.removeEventListener('pointerdown', touched, true);
      window.removeEventListener('keydown', touched, true);
    };
  }, [client, enabled]);
}
