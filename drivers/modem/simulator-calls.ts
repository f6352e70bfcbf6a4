/**
 * The far end of a simulated voice call: how the called number behaves, played out on timers.
 * facts/emergency.md §2.2: an MO call shows in AT+CLCC as 2 (dialling) → 3 (alerting) → 0
 * (active), and ends with NO CARRIER, BUSY or NO ANSWER.
 */

export type CallBehaviour =
  /** Answers after `answerAfterMs`, then presses `pressKey` (if any) `pressAfterMs` later. */
  | 'answer'
  /** Answers (a mailbox picks up) and never presses a key. */
  | 'voicemail'
  /** The line is busy: BUSY after `answerAfterMs`, without ever ringing. */
  | 'busy'
  /** Rings until the network gives up: NO ANSWER after `answerAfterMs`. */
  | 'no-answer'
  /** Switched off or out of coverage: NO CARRIER after `answerAfterMs`, without ever ringing. */
  | 'unreachable';

export interface CallScript {
  behaviour: CallBehaviour;
  /** From ATD to the far end's decisive act (answer, busy, give up, unreachable). */
  answerAfterMs?: number;
  /** Keys the callee presses once answered, one after another. */
  pressKey?: string;
  /** From answering to the first key press. */
  pressAfterMs?: number;
  /** From answering to the callee hanging up (NO CARRIER); never if unset. */
  hangUpAfterMs?: number;
}

/** AT+CLCC <stat> (3GPP TS 27.007 §7.18, facts/emergency.md §2.2). */
export type CallStat = 0 | 2 | 3;

// Simulator pacing, not from the facts: quick enough for `--simulate` demos, slow enough that
// a 1 s AT+CLCC poll sees each phase.
const DEFAULT_ANSWER_AFTER_MS: Record<CallBehaviour, number> = {
  answer: 2_000,
  voicemail: 2_000,
  busy: 500,
  'no-answer': 10_000,
  unreachable: 800,
};
const DEFAULT_PRESS_AFTER_MS = 1_000;
const KEY_GAP_MS = 200;

export interface CallHooks {
  /** The callee pressed a key; the module reports it only if detection is on. */
  key(key: string): void;
  /** The call went active. */
  answered(): void;
  /** The far end or the network ended the call; `reason` is the line the module prints. */
  ended(reason: 'NO CARRIER' | 'BUSY' | 'NO ANSWER', wasActive: boolean): void;
}

export class SimulatedCall {
  readonly number: string;
  #stat: CallStat = 2;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #hooks: CallHooks;

  constructor(number: string, script: CallScript, alertAfterMs: number, hooks: CallHooks) {
    this.number = number;
    this.#hooks = hooks;
    const decisive = script.answerAfterMs ?? DEFAULT_ANSWER_AFTER_MS[script.behaviour];
    switch (script.behaviour) {
      case 'busy':
        this.#after(decisive, () => this.#end('BUSY'));
        break;
      case 'unreachable':
        this.#after(decisive, () => this.#end('NO CARRIER'));
        break;
      case 'no-answer':
        this.#after(Math.min(alertAfterMs, decisive), () => (this.#stat = 3));
        this.#after(decisive, () => this.#end('NO ANSWER'));
        break;
      case 'answer':
      case 'voicemail':
        this.#after(Math.min(alertAfterMs, decisive), () => (this.#stat = 3));
        this.#after(decisive, () => this.#answer(script));
        break;
    }
  }

  get stat(): CallStat {
    return this.#stat;
  }

  /** The kiosk hung up (AT+CHUP / ATH), or the module reset: nothing more happens. */
  drop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #answer(script: CallScript): void {
    this.#stat = 0;
    this.#hooks.answered();
    if (script.behaviour === 'answer' && script.pressKey) {
      const first = script.pressAfterMs ?? DEFAULT_PRESS_AFTER_MS;
      [...script.pressKey].forEach((key, i) => this.#after(first + i * KEY_GAP_MS, () => this.#hooks.key(key)));
    }
    if (script.hangUpAfterMs !== undefined) this.#after(script.hangUpAfterMs, () => this.#end('NO CARRIER'));
  }

  #end(reason: 'NO CARRIER' | 'BUSY' | 'NO ANSWER'): void {
    const wasActive = this.#stat === 0;
    this.drop();
    this.#hooks.ended(reason, wasActive);
  }

  #after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }
}
