/**
 * Reading aloud keeps the words being said in view: when the phrase is not wholly inside the
 * visible part of the content area, the area scrolls (it alone: never the whole page) so the
 * phrase sits in its top third, with the lines before it still showing for context.
 */

/** A scrolling area's position and sizes, in CSS pixels. */
export interface ScrollView {
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}

/** A phrase's top and bottom edges, measured from the top of the area's visible part. */
export interface Span {
  top: number;
  bottom: number;
}

/** How far down the visible area a phrase brought into view starts. */
export const FOLLOW_AT = 1 / 3;

/**
 * Where the area should scroll to so the phrase shows in full, or null when it already does (or
 * the area cannot move any closer). A phrase too tall to start at the top third ends at the
 * bottom instead; one taller than the whole area starts at the top, so its beginning is seen.
 */
export function followScrollTop(view: ScrollView, span: Span): number | null {
  const { scrollTop, clientHeight, scrollHeight } = view;
  if (span.top >= 0 && span.bottom <= clientHeight) return null;
  const height = span.bottom - span.top;
  const offset = Math.min(clientHeight * FOLLOW_AT, Math.max(0, clientHeight - height));
  const room = Math.max(0, scrollHeight - clientHeight);
  const target = Math.round(Math.min(room, Math.max(0, scrollTop + span.top - offset)));
  return Math.abs(target - scrollTop) < 1 ? null : target;
}

/** Scrolls `area` so `phrase` (an element inside it) is seen: smoothly, unless motion is unwelcome. */
export function followPhrase(area: HTMLElement, phrase: HTMLElement): void {
  const origin = area.getBoundingClientRect().top + area.clientTop;
  const box = phrase.getBoundingClientRect();
  const top = followScrollTop(
    { scrollTop: area.scrollTop, clientHeight: area.clientHeight, scrollHeight: area.scrollHeight },
    { top: box.top - origin, bottom: box.bottom - origin },
  );
  if (top === null) return;
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  area.scrollTo({ top, behavior: still ? 'instant' : 'smooth' });
}
