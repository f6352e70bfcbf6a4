import { createSignal } from '../app/signal.ts';

/**
 * The staff panel: closed, open at the PIN pad, or open for someone signed in. Only a signed-in
 * panel stays over a new alarm or holds off the idle reset: a PIN pad may have been opened by
 * mistake, or left behind.
 */
export type StaffPanelState = 'closed' | 'pin' | 'signed-in';

const panel = createSignal<StaffPanelState>('closed');

/** The staff entries and a staff card: the PIN pad, unless the panel is open already. */
export const openStaffPanel = (): void => {
  if (panel.get() === 'closed') panel.set('pin');
};
export const closeStaffPanel = (): void => panel.set('closed');
/** A new alarm or the idle warning: a PIN pad nobody has signed in at gives way; a signed-in panel stays. */
export const closeStaffPinPad = (): void => {
  if (panel.get() === 'pin') panel.set('closed');
};
/** Told by the open panel as staff sign in and out. */
export const setStaffSignedIn = (signedIn: boolean): void => {
  if (panel.get() !== 'closed') panel.set(signedIn ? 'signed-in' : 'pin');
};
export const useStaffPanel = panel.use;
