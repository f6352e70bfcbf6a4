import type { Page } from '@playwright/test';

/** The thresholds the kiosk is built to (shared/facts/a11y.md §0; issue 3). */
export const LIMITS = { minFont: 24, minBodyFont: 28, minTarget: 88, minGap: 16, bodyLineHeight: 1.5, lineHeight: 1.3 };

export interface Findings {
  texts: number;
  targets: number;
  small: string[];
  tight: string[];
  tiny: string[];
  crowded: string[];
  overflowing: string[];
}

/**
 * Measures the page as it stands: every visible text (size, line height), every tap target (size,
 * distance to its neighbours), and anything that sticks out of the window or its parent.
 * Runs in the page, in one go.
 */
export function measure(page: Page): Promise<Findings> {
  return page.evaluate((design) => {
    // The limits are CSS px of the 1080p panel the sizes were chosen for; a screen with another
    // resolution draws everything in proportion (tokens.ts, DESIGN_SHORT_SIDE), and so is held to the same proportion.
    const unit = Math.min(2, Math.max(0.7, Math.min(innerWidth, innerHeight) / 1080));
    const limits = { ...design, minFont: design.minFont * unit, minBodyFont: design.minBodyFont * unit, minTarget: design.minTarget * unit, minGap: design.minGap * unit };
    const out = { texts: 0, targets: 0, small: [] as string[], tight: [] as string[], tiny: [] as string[], crowded: [] as string[], overflowing: [] as string[] };
    const label = (el: Element): string => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 16)}"`;
    const shown = (el: Element): boolean => {
      const style = getComputedStyle(el);
      return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    const inert = (el: Element): boolean => el.closest('[inert]') !== null;
    const scrollers = (el: Element): Element[] => {
      const list: Element[] = [];
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowY;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') list.push(p);
      }
      return list;
    };
    // The body's own size, as drawn: --font-body is a calc() that only resolves where it is used.
    const bodySize = parseFloat(getComputedStyle(document.body).fontSize);

    // Text: size and line height.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || !shown(parent)) continue;
      const style = getComputedStyle(parent);
      const size = parseFloat(style.fontSize);
      out.texts++;
      const lh = style.lineHeight === 'normal' ? NaN : parseFloat(style.lineHeight) / size;
      const paragraph = parent.closest('p, li') !== null && size < bodySize * 1.2;
      const floor = paragraph ? limits.minBodyFont : limits.minFont;
      if (size < floor) out.small.push(`${size}px (need ${floor}): ${text.slice(0, 20)}`);
      const need = paragraph ? limits.bodyLineHeight : limits.lineHeight;
      // Pictures drawn with emoji (aria-hidden) are sized, not read line by line.
      const decorative = parent.closest('[aria-hidden="true"]') !== null;
      if (!decorative && !(lh >= need - 0.01)) out.tight.push(`${style.lineHeight}/${size}px (need ${need}): ${text.slice(0, 20)}`);
    }

    // Targets: size, and the gap to every other target that can be seen at the same time.
    const targets = [...document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [role="link"]')].filter(
      (el) => shown(el) && !inert(el),
    );
    const visible: { el: Element; r: { l: number; t: number; r: number; b: number } }[] = [];
    for (const el of targets) {
      out.targets++;
      const box = el.getBoundingClientRect();
      if (Math.min(box.width, box.height) < limits.minTarget - 0.5) out.tiny.push(`${Math.round(box.width)}×${Math.round(box.height)}: ${label(el)}`);
      let r = { l: box.left, t: box.top, r: box.right, b: box.bottom };
      for (const s of [...scrollers(el), document.documentElement]) {
        const c = s === document.documentElement ? { left: 0, top: 0, right: innerWidth, bottom: innerHeight } : s.getBoundingClientRect();
        r = { l: Math.max(r.l, c.left), t: Math.max(r.t, c.top), r: Math.min(r.r, c.right), b: Math.min(r.b, c.bottom) };
      }
      if (r.r - r.l > 1 && r.b - r.t > 1) visible.push({ el, r });
    }
    for (let i = 0; i < visible.length; i++) {
      for (let j = i + 1; j < visible.length; j++) {
        const a = visible[i]!;
        const b = visible[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const dx = Math.max(0, Math.max(a.r.l, b.r.l) - Math.min(a.r.r, b.r.r));
        const dy = Math.max(0, Math.max(a.r.t, b.r.t) - Math.min(a.r.b, b.r.b));
        if (Math.max(dx, dy) < limits.minGap - 0.5) out.crowded.push(`${Math.round(Math.max(dx, dy))}px: ${label(a.el)} / ${label(b.el)}`);
      }
    }

    // Overflow: nothing wider than the window or its box; nothing below the window outside a scroller.
    if (document.documentElement.scrollWidth > innerWidth + 1) out.overflowing.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el) || el.closest('svg')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'inline' || style.display === 'contents') continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) out.overflowing.push(`${el.scrollWidth}>${el.clientWidth} wide: ${label(el)}`);
      if (style.overflowY === 'hidden' && el.scrollHeight > el.clientHeight + 1) out.overflowing.push(`cut off at the bottom: ${label(el)}`);
      const box = el.getBoundingClientRect();
      const parent = el.parentElement;
      if (parent && parent !== document.body && getComputedStyle(parent).display !== 'contents') {
        const p = parent.getBoundingClientRect();
        if (box.left < p.left - 1 || box.right > p.right + 1) out.overflowing.push(`sticks out of its parent sideways: ${label(el)}`);
      }
      if (scrollers(el).length === 0 || scrollers(el).every((s) => s === document.documentElement || s === document.body || s.id === 'root')) {
        if (box.bottom > innerHeight + 1 || box.right > innerWidth + 1) out.overflowing.push(`outside the window: ${label(el)}`);
      }
    }
    return out;
  }, LIMITS);
}
