import { useCallback, useRef, useState } from 'react';

/**
 * One request at a time from a button: taps while the last one is still on its way are ignored,
 * so a double tap (or an unsteady hand) takes one ticket or tries one PIN. The ref, not the
 * state, decides: a second tap can land before React has rendered the first one's `busy`.
 */
export function useSingleFlight(): { busy: boolean; run(work: () => Promise<unknown>): void } {
  const flying = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback((work: () => Promise<unknown>) => {
    if (flying.current) return;
    flying.current = true;
    setBusy(true);
    const landed = (): void => {
      flying.current = false;
      setBusy(false);
    };
    work().then(landed, landed);
  }, []);
  return { busy, run };
}
