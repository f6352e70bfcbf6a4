import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDLE, nextDeadline, phraseMatters, transition, type PhraseRole, type VoiceInput, type VoiceState } from '../../../main/services/voice/machine.ts';

const T = { listenMs: 9000, matchGraceMs: 700 };
const heard = (phrase: PhraseRole, alarmCancellable = false): VoiceInput => ({ type: 'heard', phraseId: `p-${phrase.role}`, phrase, alarmCancellable });
const wake = heard({ role: 'wake' });
const help = heard({ role: 'help' });
const guides = heard({ role: 'command', intent: 'guides', confirm: false });
const staff = heard({ role: 'command', intent: 'call-staff', confirm: true });
const kinds = (r: { effects: readonly { kind: string }[] }): string[] => r.effects.map((e) => e.kind);

describe('voice conversation machine', () => {
  it('opens a window on the wake phrase or the 说话 button, and nothing else opens one', () => {
    const byWake = transition(IDLE, wake, 1000, T);
    expect(byWake.state).toEqual({ kind: 'listening', trigger: 'wake', deadline: 10_000, spoke: false });
    expect(kinds(byWake)).toEqual(['listening']);
    expect(transition(IDLE, { type: 'talk' }, 0, T).state).toMatchObject({ kind: 'listening', trigger: 'button' });
    for (const input of [guides, staff, heard({ role: 'yes' }), { type: 'speech-ended' } as const, { type: 'tick' } as const]) {
      expect(transition(IDLE, input, 0, T)).toEqual({ state: IDLE, effects: [] });
    }
  });

  it('carries out a plain command heard in the window and goes back to idle', () => {
    const open = transition(IDLE, wake, 0, T).state;
    const r = transition(open, guides, 2000, T);
    expect(r.state).toEqual(IDLE);
    expect(r.effects).toEqual([{ kind: 'understood', phraseId: 'p-command' }, { kind: 'act', intent: 'guides' }]);
  });

  it('asks before a consequential command, and acts only on yes (by voice or touch)', () => {
    const open = transition(IDLE, { type: 'talk' }, 0, T).state;
    const asking = transition(open, staff, 1000, T);
    expect(asking.state).toEqual({ kind: 'confirming', intent: 'call-staff', deadline: 10_000 });
    expect(kinds(asking)).toEqual(['understood', 'ask']);
    expect(kinds(transition(asking.state, heard({ role: 'yes' }), 2000, T))).toEqual(['understood', 'act']);
    expect(kinds(transition(asking.state, { type: 'answer', yes: true }, 2000, T))).toEqual(['act']);
    expect(kinds(transition(asking.state, heard({ role: 'no' }), 2000, T))).toEqual(['understood', 'closed']);
    expect(kinds(transition(asking.state, { type: 'answer', yes: false }, 2000, T))).toEqual(['closed']);
    // Another command while asking is not an answer.
    expect(transition(asking.state, guides, 2000, T)).toEqual({ state: asking.state, effects: [] });
    expect(transition(asking.state, { type: 'tick' }, 10_000, T)).toEqual({ state: IDLE, effects: [{ kind: 'closed' }] });
  });

  it('asks before a staff call or a ticket even when the phrase file says not to', () => {
    const open = transition(IDLE, { type: 'talk' }, 0, T).state;
    for (const intent of ['call-staff', 'queue'] as const) {
      const r = transition(open, heard({ role: 'command', intent, confirm: false }), 1000, T);
      expect(r.state).toEqual({ kind: 'confirming', intent, deadline: 10_000 });
      expect(kinds(r)).toEqual(['understood', 'ask']);
    }
  });

  it('gives the person the whole time to answer once the kiosk has finished asking', () => {
    const open = transition(IDLE, { type: 'talk' }, 0, T).state;
    const asking = transition(open, staff, 1000, T).state;
    // Asked at 1 s; the question, read slowly, ends at 7 s.
    const asked = transition(asking, { type: 'kiosk-quiet' }, 7000, T);
    expect(asked).toEqual({ state: { kind: 'confirming', intent: 'call-staff', deadline: 16_000 }, effects: [] });
    expect(transition(asked.state, { type: 'tick' }, 10_000, T).state).toBe(asked.state);
    expect(kinds(transition(asked.state, heard({ role: 'yes' }), 15_000, T))).toEqual(['understood', 'act']);
    expect(transition(asked.state, { type: 'tick' }, 16_000, T)).toEqual({ state: IDLE, effects: [{ kind: 'closed' }] });
    // Never shortens the time (the kiosk went quiet at once, or said something short).
    expect(transition(asking, { type: 'kiosk-quiet' }, 1000, T).state).toEqual(asking);
    // A listening window is not a question: its time runs from when it opened.
    expect(transition(open, { type: 'kiosk-quiet' }, 5000, T).state).toEqual(open);
  });

  it('raises the alarm on the help phrase from any state', () => {
    const states: VoiceState[] = [IDLE, { kind: 'listening', trigger: 'wake', deadline: 5, spoke: true }, { kind: 'confirming', intent: 'queue', deadline: 5 }];
    for (const s of states) {
      const r = transition(s, help, 0, T);
      expect(r.state).toEqual(IDLE);
      expect(kinds(r)).toEqual(['understood', 'emergency']);
    }
  });

  it('cancels an alarm by voice only while it can be cancelled', () => {
    expect(kinds(transition(IDLE, heard({ role: 'cancel' }, true), 0, T))).toEqual(['understood', 'cancel-alarm']);
    expect(transition(IDLE, heard({ role: 'cancel' }, false), 0, T).effects).toEqual([]);
  });

  it('ends the window when the person has spoken and stopped, but not on the wake phrase tail', () => {
    const open = transition(IDLE, wake, 0, T).state;
    expect(transition(open, { type: 'speech-ended' }, 500, T)).toEqual({ state: open, effects: [] });
    const talking = transition(open, { type: 'speech-started' }, 800, T).state;
    expect(talking).toMatchObject({ spoke: true });
    const stopped = transition(talking, { type: 'speech-ended' }, 3000, T);
    expect(stopped).toEqual({ state: { ...talking, deadline: 3700 }, effects: [] });
    expect(transition(stopped.state, { type: 'tick' }, 3700, T)).toEqual({ state: IDLE, effects: [{ kind: 'not-understood' }] });
  });

  it('still carries out a command reported just after the end of speech', () => {
    const talking = transition(transition(IDLE, wake, 0, T).state, { type: 'speech-started' }, 800, T).state;
    const stopped = transition(talking, { type: 'speech-ended' }, 3000, T).state;
    expect(transition(stopped, guides, 3699, T).effects).toEqual([{ kind: 'understood', phraseId: 'p-command' }, { kind: 'act', intent: 'guides' }]);
    // Near its own deadline, the end of speech does not hold the window open longer.
    const late = transition({ kind: 'listening', trigger: 'wake', deadline: 9000, spoke: true }, { type: 'speech-ended' }, 8800, T).state;
    expect(nextDeadline(late)).toBe(9000);
  });

  it('closes at the deadline and not a moment before', () => {
    const open = transition(IDLE, { type: 'talk' }, 0, T).state;
    expect(transition(open, { type: 'tick' }, 8999, T).state).toBe(open);
    expect(transition(open, { type: 'tick' }, 9000, T)).toEqual({ state: IDLE, effects: [{ kind: 'closed' }] });
    expect(nextDeadline(open)).toBe(9000);
    expect(nextDeadline(IDLE)).toBeNull();
  });

  it('never leaves a window open past its deadline, whatever arrives (property)', () => {
    const roles: PhraseRole[] = [
      { role: 'wake' },
      { role: 'help' },
      { role: 'cancel' },
      { role: 'yes' },
      { role: 'no' },
      { role: 'command', intent: 'home', confirm: false },
      { role: 'command', intent: 'queue', confirm: true },
      { role: 'command', intent: 'call-staff', confirm: false },
    ];
    const input = fc.oneof(
      fc.constantFrom<VoiceInput>({ type: 'talk' }, { type: 'speech-started' }, { type: 'speech-ended' }, { type: 'kiosk-quiet' }, { type: 'close' }, { type: 'tick' }),
      fc.boolean().map((yes): VoiceInput => ({ type: 'answer', yes })),
      fc.tuple(fc.constantFrom(...roles), fc.boolean()).map(([phrase, c]) => heard(phrase, c)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(input, fc.integer({ min: 0, max: 4000 })), { maxLength: 60 }), (steps) => {
        let state: VoiceState = IDLE;
        let now = 0;
        for (const [step, gap] of steps) {
          now += gap;
          const before = nextDeadline(state);
          const r = transition(state, step, now, T);
          state = r.state;
          const deadline = nextDeadline(state);
          if (deadline !== null) expect(deadline).toBeLessThanOrEqual(now + T.listenMs);
          if (before !== null && now >= before && step.type === 'tick') expect(state.kind).toBe('idle');
          // Only the help phrase raises an alarm.
          if (r.effects.some((e) => e.kind === 'emergency')) expect(step).toMatchObject({ type: 'heard', phrase: { role: 'help' } });
          // A ticket or a staff call only ever follows a yes.
          if (r.effects.some((e) => e.kind === 'act' && (e.intent === 'queue' || e.intent === 'call-staff'))) {
            expect(step.type === 'answer' ? step.yes : step.type === 'heard' && step.phrase.role === 'yes').toBe(true);
          }
        }
      }),
    );
  });

  it('lets an engine skip exactly the phrases that could change nothing in the current state', () => {
    const states: VoiceState[] = [IDLE, { kind: 'listening', trigger: 'wake', deadline: 9000, spoke: false }, { kind: 'confirming', intent: 'queue', deadline: 9000 }];
    const roles: PhraseRole[] = [{ role: 'wake' }, { role: 'help' }, { role: 'cancel' }, { role: 'yes' }, { role: 'no' }, { role: 'command', intent: 'home', confirm: false }];
    for (const state of states) {
      for (const role of roles) {
        const acted = transition(state, heard(role, true), 0, T).effects.length > 0;
        // Skipping a phrase that would have acted would lose it; listening for one that cannot act only costs CPU.
        if (acted) expect(phraseMatters(role.role, state.kind)).toBe(true);
        if (role.role !== 'cancel' && role.role !== 'wake') expect(phraseMatters(role.role, state.kind)).toBe(acted);
      }
    }
  });
});
