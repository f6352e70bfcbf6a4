import { createSignal } from '../app/signal.ts';

/** What a 取号 or 呼叫工作人员 just did, asked for by touch or by voice; shown until dismissed. */
export type AssistOutcome = { kind: 'ticket'; number: number } | { kind: 'staff-called' };

export const assistOutcome = createSignal<AssistOutcome | null>(null);
