import type { Call } from './parse.ts';
import type { FinalResult } from './results.ts';

/**
 * Progress of our outgoing call, from AT+CLCC polls and call-end URCs, as pure transitions.
 * facts/emergency.md §2.2: polling AT+CLCC is the portable way to see answer (SIM7600 has no
 * MO RING / MO CONNECTED); an MO call goes 2 → 3 → 0 and then ends with NO CARRIER, or its entry
 * disappears; unknown stat values are skipped by parseClcc and so never move the call.
 */

export type CallPhase = 'dialling' | 'alerting' | 'active';
/** `no-dialtone`: the module found no network to place the call on (facts/emergency.md §2.2), the modem's trouble rather than the far end's. */
export type CallEndCause = 'no-carrier' | 'busy' | 'no-answer' | 'no-dialtone' | 'hung-up' | 'reset' | 'error';

export interface ModemCallEvent {
  state: CallPhase | 'ended';
  reason?: CallEndCause;
}

export interface TrackedCall {
  phase: CallPhase;
  /** Has been alerting or active: its disappearance from the list now means it ended. */
  reached: boolean;
  /** Polls in a row that did not list the call while it was still dialling. */
  unlisted: number;
  /** Polls in a row that got no answer. */
  failedPolls: number;
}

export interface Step {
  call: TrackedCall | null;
  events: ModemCallEvent[];
}

// Not from the facts: a module may list the call only a moment after ATD's OK, so a dialling
// call missing from a poll or two is not yet over; three polls (about 3 s) is plenty.
export const UNLISTED_POLLS_BEFORE_END = 3;
// Not from the facts: a call whose modem has not answered three polls in a row cannot be
// followed, so the caller is told it ended rather than left waiting.
export const FAILED_POLLS_BEFORE_END = 3;

const PHASE_OF: Partial<Record<Call['state'], CallPhase>> = { dialling: 'dialling', alerting: 'alerting', active: 'active' };

export function startCall(): TrackedCall {
  return { phase: 'dialling', reached: false, unlisted: 0, failedPolls: 0 };
}

/** Our call in an AT+CLCC answer: the outgoing voice call. */
export function ourCall(calls: readonly Call[]): Call | undefined {
  return calls.find((c) => c.direction === 'outgoing' && c.mode === 'voice');
}

/** One AT+CLCC answer (or a +CLCC URC's list of one). */
export function observeCalls(call: TrackedCall, calls: readonly Call[]): Step {
  const listed = ourCall(calls);
  if (listed === undefined) {
    if (call.reached) return ended('no-carrier');
    const unlisted = call.unlisted + 1;
    return unlisted >= UNLISTED_POLLS_BEFORE_END ? ended('no-carrier') : { call: { ...call, unlisted, failedPolls: 0 }, events: [] };
  }
  // Held, waiting and the like say nothing about our progress: keep the phase we had.
  const phase = PHASE_OF[listed.state] ?? call.phase;
  const next: TrackedCall = { phase, reached: call.reached || phase !== 'dialling', unlisted: 0, failedPolls: 0 };
  return { call: next, events: phase === call.phase ? [] : [{ state: phase }] };
}

export function pollFailed(call: TrackedCall): Step {
  const failedPolls = call.failedPolls + 1;
  return failedPolls >= FAILED_POLLS_BEFORE_END ? ended('error') : { call: { ...call, failedPolls }, events: [] };
}

/** ATD's own final result: OK (or CONNECT) starts the call, the rest end it at once. */
export function dialEnd(final: FinalResult): CallEndCause | null {
  switch (final.type) {
    case 'no-carrier':
    case 'busy':
    case 'no-answer':
    case 'no-dialtone':
      return final.type;
    default:
      return null;
  }
}

export function ended(reason: CallEndCause): Step {
  return { call: null, events: [{ state: 'ended', reason }] };
}
