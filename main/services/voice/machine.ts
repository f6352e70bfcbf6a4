/**
 * The spoken conversation, as a pure state machine: what a heard phrase, the 说话 button, the
 * end of someone's speech or a deadline does, given where the conversation is. The runner
 * (./service.ts) feeds it and carries out the effects.
 *
 * Why it is shaped this way (facts/voice.md §5): commands count only inside a listening window
 * opened by the wake phrase or the button, so a chat in the hall cannot navigate the kiosk; the
 * help phrase counts always, because someone who has fallen may only call out; consequential
 * commands are asked back and answered by voice or touch; a window closes when the person has
 * spoken and stopped, or after its 8–10 s, never while they are still talking.
 */
import type { VoiceIntent } from '../../content/schema.ts';

export type PhraseRole =
  | { readonly role: 'wake' }
  | { readonly role: 'help' }
  | { readonly role: 'cancel' }
  | { readonly role: 'yes' }
  | { readonly role: 'no' }
  | { readonly role: 'command'; readonly intent: VoiceIntent; readonly confirm: boolean };

export type VoiceState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'listening';
      readonly trigger: 'wake' | 'button';
      readonly deadline: number;
      /** The person has started speaking since the window opened. */
      readonly spoke: boolean;
    }
  | { readonly kind: 'confirming'; readonly intent: VoiceIntent; readonly deadline: number };

export type VoiceInput =
  | { readonly type: 'heard'; readonly phraseId: string; readonly phrase: PhraseRole; readonly alarmCancellable: boolean }
  | { readonly type: 'talk' }
  | { readonly type: 'speech-started' }
  | { readonly type: 'speech-ended' }
  /** The kiosk's own voice stopped: a question it asked has now been heard to the end. */
  | { readonly type: 'kiosk-quiet' }
  | { readonly type: 'answer'; readonly yes: boolean }
  | { readonly type: 'close' }
  | { readonly type: 'tick' };

export type VoiceEffect =
  /** Show and say what was understood ("我听到了：办事指南"). */
  | { readonly kind: 'understood'; readonly phraseId: string }
  | { readonly kind: 'emergency' }
  | { readonly kind: 'cancel-alarm' }
  | { readonly kind: 'ask'; readonly intent: VoiceIntent }
  | { readonly kind: 'act'; readonly intent: VoiceIntent }
  /** The "我在听" cue: a tone and the listening panel. */
  | { readonly kind: 'listening' }
  /** The person spoke but no command matched: say so and give examples. */
  | { readonly kind: 'not-understood' }
  | { readonly kind: 'closed' };

export interface Transition {
  readonly state: VoiceState;
  readonly effects: readonly VoiceEffect[];
}

export interface VoiceTiming {
  readonly listenMs: number;
  /**
   * How long a window stays open after the person stopped speaking, for a command they said just
   * before to be reported: an engine reports a phrase a while after it ends, and that can come
   * after the silence that ends their speech.
   */
  readonly matchGraceMs: number;
}

/**
 * Asked back whatever the phrase file says: a staff call or a ticket on a misheard word sends
 * someone walking or takes a number, so a site adding a phrasing for one cannot skip the question.
 */
const ALWAYS_CONFIRMED: ReadonlySet<VoiceIntent> = new Set<VoiceIntent>(['queue', 'call-staff']);

export const IDLE: VoiceState = { kind: 'idle' };

const stay = (state: VoiceState): Transition => ({ state, effects: [] });

function openWindow(trigger: 'wake' | 'button', now: number, timing: VoiceTiming): Transition {
  return { state: { kind: 'listening', trigger, deadline: now + timing.listenMs, spoke: false }, effects: [{ kind: 'listening' }] };
}

export function transition(state: VoiceState, input: VoiceInput, now: number, timing: VoiceTiming): Transition {
  if (input.type === 'heard') {
    const { phrase, phraseId } = input;
    // Help and cancel mean the same wherever the conversation is.
    if (phrase.role === 'help') return { state: IDLE, effects: [{ kind: 'understood', phraseId }, { kind: 'emergency' }] };
    if (phrase.role === 'cancel') {
      return input.alarmCancellable ? { state, effects: [{ kind: 'understood', phraseId }, { kind: 'cancel-alarm' }] } : stay(state);
    }
  }
  switch (state.kind) {
    case 'idle':
      if (input.type === 'talk') return openWindow('button', now, timing);
      if (input.type === 'heard' && input.phrase.role === 'wake') return openWindow('wake', now, timing);
      return stay(state);
    case 'listening':
      switch (input.type) {
        case 'talk':
          return openWindow('button', now, timing);
        case 'heard': {
          const { phrase, phraseId } = input;
          if (phrase.role === 'wake') return openWindow('wake', now, timing);
          if (phrase.role !== 'command') return stay(state);
          if (phrase.confirm || ALWAYS_CONFIRMED.has(phrase.intent)) {
            return {
              state: { kind: 'confirming', intent: phrase.intent, deadline: now + timing.listenMs },
              effects: [{ kind: 'understood', phraseId }, { kind: 'ask', intent: phrase.intent }],
            };
          }
          return { state: IDLE, effects: [{ kind: 'understood', phraseId }, { kind: 'act', intent: phrase.intent }] };
        }
        case 'speech-started':
          return state.spoke ? stay(state) : stay({ ...state, spoke: true });
        case 'speech-ended':
          // The tail of the wake phrase itself ends before the person has said anything new.
          return state.spoke ? stay({ ...state, deadline: Math.min(state.deadline, now + timing.matchGraceMs) }) : stay(state);
        case 'close':
          return { state: IDLE, effects: [{ kind: 'closed' }] };
        case 'tick':
          return now >= state.deadline ? { state: IDLE, effects: [{ kind: state.spoke ? 'not-understood' : 'closed' }] } : stay(state);
        default:
          return stay(state);
      }
    case 'confirming':
      switch (input.type) {
        case 'talk':
          return openWindow('button', now, timing);
        case 'heard':
          if (input.phrase.role === 'yes') return { state: IDLE, effects: [{ kind: 'understood', phraseId: input.phraseId }, { kind: 'act', intent: state.intent }] };
          if (input.phrase.role === 'no') return { state: IDLE, effects: [{ kind: 'understood', phraseId: input.phraseId }, { kind: 'closed' }] };
          return stay(state);
        case 'answer':
          return { state: IDLE, effects: [input.yes ? { kind: 'act', intent: state.intent } : { kind: 'closed' }] };
        case 'kiosk-quiet':
          // Yes and no are not heard while the kiosk speaks, so the time to answer starts when the question ends.
          return stay({ ...state, deadline: Math.max(state.deadline, now + timing.listenMs) });
        case 'close':
          return { state: IDLE, effects: [{ kind: 'closed' }] };
        case 'tick':
          return now >= state.deadline ? { state: IDLE, effects: [{ kind: 'closed' }] } : stay(state);
        default:
          return stay(state);
      }
  }
}

/** When the runner must next tick the machine, if ever. */
export function nextDeadline(state: VoiceState): number | null {
  return state.kind === 'idle' ? null : state.deadline;
}

/**
 * Whether hearing a phrase of this role can change anything in this state, so an engine need
 * not listen for the others: help and cancel always, the wake phrase outside a question,
 * commands inside a window, yes and no to a question.
 */
export function phraseMatters(role: PhraseRole['role'], state: VoiceState['kind']): boolean {
  switch (role) {
    case 'help':
    case 'cancel':
      return true;
    case 'wake':
      return state !== 'confirming';
    case 'command':
      return state === 'listening';
    case 'yes':
    case 'no':
      return state === 'confirming';
  }
}
