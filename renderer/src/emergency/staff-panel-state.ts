import { createSignal } from '../app/signal.ts';

/** Whether the staff panel is open: set by the discreet entries, read by the emergency layer. */
const panel = createSignal(false);

export const openStaffPanel = (): void => panel.set(true);
export const closeStaffPanel = (): void => panel.set(false);
export const useStaffPanelOpen = panel.use;
