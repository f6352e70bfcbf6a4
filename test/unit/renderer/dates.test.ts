import { describe, expect, it } from 'vitest';
import { timeOrDay } from '../../../renderer/src/app/dates.ts';

describe('when a staff list says something happened', () => {
  const today = new Date(2026, 10, 23, 15, 0);

  it('gives the time alone for today', () => {
    expect(timeOrDay(new Date(2026, 10, 23, 9, 5), 'zh', today)).toBe('09:05');
  });

  it('gives the day as well for an earlier day, so an old call does not look like a new one', () => {
    expect(timeOrDay(new Date(2026, 10, 16, 9, 5), 'zh', today)).toBe('11月16日 09:05');
    expect(timeOrDay(new Date(2026, 10, 16, 9, 5), 'en', today)).toMatch(/16 November.*09:05/);
  });
});
