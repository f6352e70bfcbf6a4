import { dialEnd, ended, observeCalls, ourCall, pollFailed, startCall, type CallEndCause, type ModemCallEvent, type Step, type TrackedCall } from './call-tracker.ts';
import { AtError, type AtChannel, type AtResponse } from './channel.ts';
import { AT } from './commands.ts';
import { errorForCode } from './errors.ts';
import * as op from './operations.ts';
import type { Call } from './parse.ts';

/**
 * Follows our one outgoing call: places it, polls AT+CLCC while it is up, and applies the call
 * ends that URCs, hang-ups and resets report. The transitions themselves are in call-tracker.ts.
 */

export interface CallSupervisorDeps {
  emit(event: ModemCallEvent): void;
  /** Runs `fn` after `ms` on the device's clock; the device cancels it on stop. */
  later(fn: () => void, ms: number): void;
  pollMs: number;
}

export class CallSupervisor {
  readonly #deps: CallSupervisorDeps;
  #call: { id: number; track: TrackedCall } | null = null;
  #ids = 0;
  /** Set while ATD is out: a call end reported before its OK still belongs to this call. */
  #dialling: { endedBy: CallEndCause | null } | null = null;

  constructor(deps: CallSupervisorDeps) {
    this.#deps = deps;
  }

  get idle(): boolean {
    return this.#call === null && this.#dialling === null;
  }

  /** `command` is a validated ATD line. Rejects only when the module refuses or does not answer. */
  async dial(channel: AtChannel, command: string): Promise<void> {
    // facts/emergency.md §2.2: SIM7600/EC20 refuse a second ATD with +CME ERROR: 3; say so here
    // rather than confuse the call being followed.
    if (!this.idle) throw new AtError('cme', 'ATD', errorForCode('cme', 3), 'ATD: a call is already in progress');
    const pending: { endedBy: CallEndCause | null } = { endedBy: null };
    this.#dialling = pending;
    let response: AtResponse;
    try {
      response = await channel.send(command);
    } catch (error) {
      // The module may be dialling anyway; a stray call would refuse the next ATD.
      if (error instanceof AtError && error.kind === 'timeout') await op.tolerant(channel, AT.hangUp).catch(() => undefined);
      throw error;
    } finally {
      this.#dialling = null;
    }
    this.#deps.emit({ state: 'dialling' });
    const endedBy = dialEnd(response.final) ?? pending.endedBy;
    if (endedBy !== null) return this.#deps.emit({ state: 'ended', reason: endedBy });
    this.#call = { id: ++this.#ids, track: startCall() };
    this.#schedulePoll(channel);
  }

  /** NO CARRIER / BUSY / NO ANSWER, our hang-up, or a module reset. */
  end(reason: CallEndCause): void {
    if (this.#call !== null) this.#apply(ended(reason));
    else if (this.#dialling !== null) this.#dialling.endedBy ??= reason;
  }

  /** A +CLCC URC (modules that report state changes unasked, facts/emergency.md §2.2). */
  observe(call: Call): void {
    if (this.#call !== null && ourCall([call]) !== undefined) this.#apply(observeCalls(this.#call.track, [call]));
  }

  /** Forgets the call without a word: the device is stopping. */
  forget(): void {
    this.#call = null;
  }

  #schedulePoll(channel: AtChannel): void {
    const id = this.#call?.id;
    this.#deps.later(() => void this.#poll(channel, id), this.#deps.pollMs);
  }

  async #poll(channel: AtChannel, id: number | undefined): Promise<void> {
    if (this.#call?.id !== id) return;
    let step: (track: TrackedCall) => Step;
    try {
      const calls = await op.listCalls(channel);
      step = (track) => observeCalls(track, calls);
    } catch {
      step = pollFailed;
    }
    const call = this.#call;
    if (call === null || call.id !== id) return;
    this.#apply(step(call.track));
    if (this.#call !== null) this.#schedulePoll(channel);
  }

  #apply(step: Step): void {
    if (this.#call === null) return;
    if (step.call === null) this.#call = null;
    else this.#call.track = step.call;
    for (const event of step.events) this.#deps.emit(event);
  }
}
