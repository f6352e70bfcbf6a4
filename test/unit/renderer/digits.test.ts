import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../../renderer/src/app/digits.ts';

describe('phone numbers read aloud in groups', () => {
  it('leaves short service numbers whole', () => {
    expect(groupDigits('120')).toBe('120');
    expect(groupDigits('12345')).toBe('12345');
  });

  it('keeps the grouping the content wrote', () => {
    expect(groupDigits('010-6400 1001')).toBe('010 6400 1001');
  });

  it('groups a mobile number 3-4-4 as it is typed', () => {
    expect(groupDigits('138123')).toBe('138 123');
    expect(groupDigits('13812345678')).toBe('138 1234 5678');
  });

  it('groups anything else in fours', () => {
    expect(groupDigits('01064001001')).toBe('0106 4001 001');
  });
});
