import { describe, expect, it } from 'vitest';
import { BASE_PER_MINUTE, espeakPace, pauseMs, perMinute } from '../../../main/services/speech/pace.ts';

describe('speech pace', () => {
  it('speaks about 130 字 a minute at the default setting: slower than everyday speech (facts/voice.md §5)', () => {
    expect(perMinute('zh', 1)).toBe(130);
    expect(perMinute('zh', 1)).toBeGreaterThanOrEqual(120);
    expect(perMinute('zh', 1)).toBeLessThanOrEqual(150);
    expect(perMinute('zh', 0.75)).toBe(98);
    expect(perMinute('zh', 1.25)).toBe(163);
    expect(BASE_PER_MINUTE.en).toBe(130);
  });

  it('maps 字 a minute onto espeak-ng -s through its measured curve, faster always meaning a higher -s', () => {
    // Measured: -s 110 gave 129 字 a minute.
    expect(espeakPace('zh', 130).speed).toBeGreaterThanOrEqual(108);
    expect(espeakPace('zh', 130).speed).toBeLessThanOrEqual(113);
    let previous = 0;
    for (let pace = 98; pace <= 400; pace += 7) {
      const { speed, gap } = espeakPace('zh', pace);
      expect(gap).toBe(0);
      expect(speed).toBeGreaterThanOrEqual(previous);
      previous = speed;
    }
    // Cantonese is read faster at the same -s, so it needs a lower one.
    expect(espeakPace('zh-Hant', 130).speed).toBeLessThan(espeakPace('zh', 130).speed);
  });

  it('goes below espeak-ng\'s slowest speed by widening the gap between syllables', () => {
    const slow = espeakPace('zh', 65);
    expect(slow.speed).toBe(80);
    expect(slow.gap).toBeGreaterThan(0);
    expect(espeakPace('zh', 60).gap).toBeGreaterThan(slow.gap);
  });

  it('counts English in words a minute, which is what -s means', () => {
    expect(espeakPace('en', 130)).toEqual({ speed: 130, gap: 0 });
    expect(espeakPace('en', 65)).toEqual({ speed: 80, gap: 0 });
  });

  it('breathes longer between phrases when speaking slowly', () => {
    expect(pauseMs('long', 'zh', 65)).toBe(2 * pauseMs('long', 'zh', 130));
    expect(pauseMs('short', 'zh', 130)).toBeLessThan(pauseMs('long', 'zh', 130));
    expect(pauseMs('none', 'zh', 130)).toBe(0);
  });
});
