import type { Notice } from '../../../main/content/schema.ts';

/** A picture for each kind of notice; its word is notices.kind.<kind> in the UI strings. */
export const noticeIcons: Record<Notice['kind'], string> = {
  health: '🩺',
  activity: '🎵',
  service: '✂️',
  safety: '⚠️',
  life: '🏠',
};
