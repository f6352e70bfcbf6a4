import { describe, expect, it } from 'vitest';
import { SIMULATOR_DECK } from '../../../drivers/idcard/index.ts';
import { cardWireTimeMs } from '../../../scripts/bench/identity.ts';

describe('the greeting benchmark allowance', () => {
  it('is the bytes from the find reply to the last reply of the read, at 10 bits a byte and 115200 baud', () => {
    // find reply 15; select 10 + 19; 30 01 10 + 1295; 30 03 10 + 11 (91, no appended address).
    expect(cardWireTimeMs(SIMULATOR_DECK.resident)).toBeCloseTo((1370 * 10 * 1000) / 115_200, 6);
    // An appended address makes the 30 03 reply carry 70 more bytes.
    expect(cardWireTimeMs(SIMULATOR_DECK.movedHouse) - cardWireTimeMs(SIMULATOR_DECK.resident)).toBeCloseTo((70 * 10 * 1000) / 115_200, 6);
  });
});
