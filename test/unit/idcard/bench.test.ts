import { describe, expect, it } from 'vitest';
import { idcardCodecWorkload } from '../../../drivers/idcard/testing/bench.ts';

// The benchmark script times this; here we only check that it does the work it claims.
describe('codec benchmark workload', () => {
  it('decodes one card per read', () => {
    expect(idcardCodecWorkload(3)).toBe(3);
  });
});
