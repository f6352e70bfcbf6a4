import { describe, expect, it } from 'vitest';
import { followScrollTop } from '../../../renderer/src/speech/follow.ts';

// A 600 px high content area over 3000 px of guide, scrolled 300 px down.
const view = { scrollTop: 300, clientHeight: 600, scrollHeight: 3000 };

describe('following the phrase being read aloud', () => {
  it('leaves the area alone while the phrase shows in full', () => {
    expect(followScrollTop(view, { top: 0, bottom: 40 })).toBeNull();
    expect(followScrollTop(view, { top: 560, bottom: 600 })).toBeNull();
  });

  it('brings a phrase below the visible part up to the top third', () => {
    expect(followScrollTop(view, { top: 900, bottom: 940 })).toBe(300 + 900 - 200);
  });

  it('does so too for a phrase only partly in view, at either edge', () => {
    expect(followScrollTop(view, { top: 580, bottom: 620 })).toBe(300 + 580 - 200);
    expect(followScrollTop(view, { top: -20, bottom: 20 })).toBe(300 - 20 - 200);
  });

  it('brings a phrase above the visible part (the person looked ahead) back down to the top third', () => {
    expect(followScrollTop({ ...view, scrollTop: 1500 }, { top: -700, bottom: -660 })).toBe(1500 - 700 - 200);
  });

  it('shows a phrase too tall for the top third whole, ending at the bottom', () => {
    expect(followScrollTop(view, { top: 700, bottom: 1200 })).toBe(300 + 700 - 100);
  });

  it('starts a phrase taller than the area at the top, so its beginning is seen', () => {
    expect(followScrollTop(view, { top: 700, bottom: 1500 })).toBe(300 + 700);
  });

  it('stops at the ends of the guide', () => {
    expect(followScrollTop(view, { top: 2600, bottom: 2640 })).toBe(2400);
    expect(followScrollTop({ ...view, scrollTop: 2400 }, { top: 600.4, bottom: 640 })).toBeNull();
    expect(followScrollTop(view, { top: -290, bottom: -250 })).toBe(0);
  });
});
