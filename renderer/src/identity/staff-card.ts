import { createSignal } from '../app/signal.ts';

/**
 * The staff session opened by a staff member's ID card on the reader, for the staff panel to use
 * in place of a PIN sign-in. Taken once: whoever uses it clears it.
 */
const staffCard = createSignal<string | null>(null);

export const offerStaffCardToken = (value: string): void => staffCard.set(value);
export const clearStaffCardToken = (): void => staffCard.set(null);
export const useStaffCardToken = staffCard.use;
