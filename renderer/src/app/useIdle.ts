import { useCallback, useEffect, useRef, useState } from 'react';

export interface IdleOptions {
  /** Off on the attract screen: nobody is there to be timed out. */
  enabled: boolean;
  warnAfterSeconds: number;
  countdownSeconds: number;
  onWarn(): void;
  onExpire(): void;
}

export interface Idle {
  /** The "more time?" question is showing. */
  warning: boolean;
  secondsLeft: number;
  /** The person answered: the session goes on, with the full time again. */
  stillHere(): void;
}

const TICK_MS = 250;
const ACTIVITY_EVENT = 'linli:activity';

/** Someone is using the kiosk without touching it (talking to it): the idle clock starts again. */
export function reportActivity(): void {
  window.dispatchEvent(new Event(ACTIVITY_EVENT));
}

/**
 * Idle care: any touch or key restarts the clock; after warnAfterSeconds without one the screen
 * asks whether the person needs more time, and countdownSeconds later the session ends. A touch
 * anywhere while asking counts as "yes" — nobody should have to find the right button in time.
 */
export function useIdle({ enabled, warnAfterSeconds, countdownSeconds, onWarn, onExpire }: IdleOptions): Idle {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const handlers = useRef({ onWarn, onExpire });
  handlers.current = { onWarn, onExpire };
  const restart = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!enabled) {
      setDeadline(null);
      return;
    }
    let warnTimer: ReturnType<typeof setTimeout> | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;
    let lifting = false;
    const arm = (): void => {
      lifting = false;
      clearTimeout(warnTimer);
      clearInterval(tick);
      tick = undefined;
      setDeadline(null);
      warnTimer = setTimeout(warn, warnAfterSeconds * 1000);
    };
    const warn = (): void => {
      const end = Date.now() + countdownSeconds * 1000;
      setNow(Date.now());
      setDeadline(end);
      handlers.current.onWarn();
      tick = setInterval(() => {
        const at = Date.now();
        setNow(at);
        if (at < end) return;
        clearInterval(tick);
        tick = undefined;
        setDeadline(null);
        handlers.current.onExpire();
      }, TICK_MS);
    };
    // While asking, a touch stops the countdown at once but the question stays until the finger
    // lifts: gone any sooner, the tap would land on whatever lay beneath it.
    const touched = (): void => {
      if (tick === undefined) return arm();
      clearInterval(tick);
      tick = undefined;
      lifting = true;
      // Unless the tap itself answered (the "yes" button re-arms at once).
      window.addEventListener('pointerup', () => setTimeout(() => lifting && arm(), 0), { capture: true, once: true });
    };
    restart.current = arm;
    window.addEventListener('pointerdown', touched, true);
    window.addEventListener('keydown', arm, true);
    window.addEventListener(ACTIVITY_EVENT, arm);
    arm();
    return () => {
      clearTimeout(warnTimer);
      clearInterval(tick);
      window.removeEventListener('pointerdown', touched, true);
      window.removeEventListener('keydown', arm, true);
      window.removeEventListener(ACTIVITY_EVENT, arm);
    };
  }, [enabled, warnAfterSeconds, countdownSeconds]);

  const stillHere = useCallback(() => restart.current(), []);
  const secondsLeft = deadline === null ? countdownSeconds : Math.max(0, Math.ceil((deadline - now) / 1000));
  return { warning: deadline !== null, secondsLeft, stillHere };
}
