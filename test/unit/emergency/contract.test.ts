import { describe, expect, it } from 'vitest';
import { commands } from '../../../main/api/contract.ts';

describe('emergency.trigger over the API', () => {
  it('takes the screen as its only source: a spoken alarm, cancellable by voice, comes only from the voice service', () => {
    const payload = commands['emergency.trigger'].payload;
    expect(payload.safeParse({ source: 'screen' }).success).toBe(true);
    for (const source of ['voice', 'button', 'staff']) expect(payload.safeParse({ source }).success).toBe(false);
  });
});
