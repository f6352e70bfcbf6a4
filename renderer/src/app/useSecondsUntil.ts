import { useEffect, useState } from 'react';

/** Whole seconds left until `iso` at `now`, never below 0. */
export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/** Whole seconds left until `iso`, ticking each second; undefined without a time. */
export function useSecondsUntil(iso: string | undefined): number | undefined {
  const [tick, setTick] = useState({ iso, now: Date.now() });
  useEffect(() => {
    if (!iso) return;
    const timer = setInterval(() => setTick({ iso, now: Date.now() }), 250);
    return () => clearInterval(timer);
  }, [iso]);
  if (!iso) return undefined;
  // The last tick was for another deadline (or none, as long ago as the first render): its time is stale.
  return secondsUntil(iso, tick.iso === iso ? tick.now : Date.now());
}
