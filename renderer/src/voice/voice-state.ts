import type { VoiceStateView, VoiceStatus } from '../../../main/api/voice.ts';
import { createSignal } from '../app/signal.ts';

/** What the core says about voice, shared by the 说话 button, the listening panel and staff screens. */
export const voiceStatus = createSignal<VoiceStatus | null>(null);
export const voiceView = createSignal<VoiceStateView | null>(null);
