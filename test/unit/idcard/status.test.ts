import { describe, expect, it } from 'vitest';
import { describeSw3, isCardLevelFailure, isReaderLevelFailure, isSuccess } from '../../../drivers/idcard/index.ts';

// facts/idcard.md §2.2, every code the table lists except FF.
const EXPECTED_KIND: Record<number, string> = {
  0x90: 'ok',
  0x9f: 'ok',
  0x91: 'no-content',
  0x80: 'no-card',
  0x81: 'no-card',
  0x31: 'card',
  0x32: 'card',
  0x33: 'card',
  0x40: 'card',
  0x41: 'card',
  0x47: 'card',
  0x10: 'reader',
  0x11: 'reader',
  0x21: 'reader',
  0x23: 'reader',
  0x24: 'reader',
  0x60: 'reader',
  0x66: 'reader',
};

describe('SW3 status', () => {
  const table = Object.entries(EXPECTED_KIND).map(([c, k]) => [Number(c).toString(16).toUpperCase(), Number(c), k] as const);
  it.each(table)('SW3 %s is %s', (_hex, code, kind) => {
    const status = describeSw3(code);
    expect(status.kind).toBe(kind);
    expect(status.message.zh).not.toBe('');
    expect(status.message.en).not.toBe('');
  });

  it('classifies card-level and reader-level failures as facts §7.2 describes', () => {
    for (const code of [0x31, 0x32, 0x33, 0x40, 0x41]) expect(isCardLevelFailure(code)).toBe(true);
    for (const code of [0x60, 0x66, 0x10, 0x11, 0x21]) expect(isReaderLevelFailure(code)).toBe(true);
    for (const code of [0x80, 0x81, 0x90, 0x91]) {
      expect(isCardLevelFailure(code) || isReaderLevelFailure(code)).toBe(false);
    }
    expect(isSuccess(0x90) && isSuccess(0x9f)).toBe(true);
  });

  it('asks the person to place the card again for card-level failures', () => {
    expect(describeSw3(0x41).message.zh).toContain('身份证');
    expect(describeSw3(0x41).message.zh).toContain('再平放');
    expect(describeSw3(0x60).message.zh).toContain('工作人员');
  });

  it('reports unknown codes, and the host-library FF, as unknown with their hex', () => {
    expect(describeSw3(0x55)).toMatchObject({ kind: 'unknown', code: 0x55, hex: '55' });
    expect(describeSw3(0xff)).toMatchObject({ kind: 'unknown', code: 0xff, hex: 'FF' });
    expect(describeSw3(0x0a).hex).toBe('0A');
  });

  it('gives every byte a typed status; card and reader never overlap', () => {
    for (let code = 0; code < 256; code++) {
      const status = describeSw3(code);
      expect(status.hex).toMatch(/^[0-9A-F]{2}$/);
      expect(status.kind === 'unknown').toBe(!(code in EXPECTED_KIND));
      expect(isCardLevelFailure(code) && isReaderLevelFailure(code)).toBe(false);
    }
  });
});
