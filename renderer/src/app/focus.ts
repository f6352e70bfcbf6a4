import { useEffect, type RefObject } from 'react';

/**
 * A layer that covers the screen takes the focus when it opens (so a screen reader starts there,
 * and nothing behind it keeps the focus), and hands it back to where it was when it closes.
 */
export function useTakeFocus(target: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const before = document.activeElement;
    target.current?.focus({ preventScroll: true });
    return () => {
      // After the commit, once every layer closing with this one has lifted its `inert`; and
      // only if nothing else (a layer opening meanwhile) has taken the focus.
      queueMicrotask(() => {
        const now = document.activeElement;
        if (before instanceof HTMLElement && before.isConnected && (now === null || now === document.body)) before.focus({ preventScroll: true });
      });
    };
  }, [target]);
}
