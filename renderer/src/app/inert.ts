import { useEffect } from 'react';

/** How many covers each element is under: layers come and go in any order. */
const covers = new WeakMap<Element, number>();

/**
 * While `active`, what `selector` matches takes no taps, no focus and is hidden from screen
 * readers (`inert`) — the screen behind a dialog or a full-screen layer.
 */
export function useInertWhile(active: boolean, selector: string): void {
  useEffect(() => {
    if (!active) return;
    const covered = [...document.querySelectorAll(selector)];
    for (const el of covered) {
      covers.set(el, (covers.get(el) ?? 0) + 1);
      el.setAttribute('inert', '');
    }
    return () => {
      for (const el of covered) {
        const left = (covers.get(el) ?? 1) - 1;
        covers.set(el, left);
        if (left === 0) el.removeAttribute('inert');
      }
    };
  }, [active, selector]);
}
