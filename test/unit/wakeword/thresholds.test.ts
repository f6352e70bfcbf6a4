import { describe, expect, it } from 'vitest';
import { noiseAllowance, quietThreshold } from '../../../drivers/wakeword/thresholds.ts';

describe('thresholds', () => {
  it('rise with sensitivity and stay within 0–1 sensitivity', () => {
    expect(quietThreshold(1)).toBeGreaterThan(quietThreshold(0.5));
    expect(quietThreshold(0.5)).toBeGreaterThan(quietThreshold(0));
    expect(quietThreshold(7)).toBe(quietThreshold(1));
    expect(quietThreshold(-1)).toBe(quietThreshold(0));
  });

  it('excuse nothing in a quiet room and more as the room gets louder, up to a cap', () => {
    expect(noiseAllowance(80)).toBe(0);
    expect(noiseAllowance(Infinity)).toBe(0);
    expect(noiseAllowance(30)).toBeGreaterThan(0);
    expect(noiseAllowance(20)).toBeGreaterThan(noiseAllowance(30));
    expect(noiseAllowance(5)).toBe(noiseAllowance(15));
    expect(noiseAllowance(-10)).toBe(noiseAllowance(15));
  });
});
