import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** Each step keeps the last line of the page before in view, so the reader finds their place. */
const PAGE_FRACTION = 0.85;

interface Position {
  page: number;
  pages: number;
  atTop: boolean;
  atEnd: boolean;
}

const measure = (el: HTMLElement): Position => {
  const step = el.clientHeight * PAGE_FRACTION;
  const room = el.scrollHeight - el.clientHeight;
  const pages = room > 1 ? Math.ceil(room / step) + 1 : 1;
  const atEnd = el.scrollTop >= room - 1;
  return { pages, page: atEnd ? pages : Math.min(pages, Math.floor(el.scrollTop / step + 0.5) + 1), atTop: el.scrollTop <= 1, atEnd };
};

const ScrollArea = createContext<RefObject<HTMLElement | null> | null>(null);

/**
 * The content area (the element that scrolls) around the caller; null outside a Pager. What the
 * kiosk is reading aloud uses it to keep the phrase being said in view (speech/follow.ts).
 */
export function useScrollArea(): RefObject<HTMLElement | null> | null {
  return useContext(ScrollArea);
}

/**
 * The screen's content area. A page that does not fit gets big "往上看 / 往下看" buttons and says
 * which page this is: nobody has to know that a touchscreen can be swiped. While a page is read
 * aloud, the area follows the phrase being said, and the page count with it; a press of 往上看 /
 * 往下看 meanwhile is honoured until the next phrase, which is followed again.
 */
export function Pager({ label, wide, children }: { label: string; wide: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const area = useRef<HTMLElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<Position>({ page: 1, pages: 1, atTop: true, atEnd: true });

  const update = useCallback(() => {
    if (area.current) setPos(measure(area.current));
  }, []);
  useEffect(() => {
    const el = area.current;
    if (!el || !inner.current) return;
    const observer = new ResizeObserver(update);
    observer.observe(el);
    observer.observe(inner.current);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, [update]);

  const go = (direction: 1 | -1): void => {
    const el = area.current;
    if (el) el.scrollBy({ top: direction * el.clientHeight * PAGE_FRACTION, behavior: 'instant' });
  };

  return (
    <>
      {/* Focusable so a keyboard can scroll it too; its label is the screen's title. */}
      <main className="content" ref={area} tabIndex={0} aria-label={label} data-testid="content">
        <div className={wide ? 'content-inner content-wide' : 'content-inner'} ref={inner}>
          <ScrollArea.Provider value={area}>{children}</ScrollArea.Provider>
        </div>
      </main>
      {pos.pages > 1 && (
        <nav className="pager" aria-label={t('frame.page', { page: pos.page, pages: pos.pages })}>
          <button type="button" className="btn pager-button" disabled={pos.atTop} onClick={() => go(-1)}>
            <span aria-hidden="true">▲</span> {t('frame.scrollUp')}
          </button>
          <p className="pager-position" aria-live="polite">
            {t('frame.page', { page: pos.page, pages: pos.pages })}
          </p>
          <button type="button" className="btn pager-button" disabled={pos.atEnd} onClick={() => go(1)}>
            <span aria-hidden="true">▼</span> {t('frame.scrollDown')}
          </button>
        </nav>
      )}
    </>
  );
}
