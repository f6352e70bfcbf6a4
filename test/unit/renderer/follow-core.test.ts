/**
 * A screen's copy of what the core owns, across events, answers and a link that comes and goes:
 * nothing older may replace something newer, and nothing is taken after the screen let go.
 */
import { describe, expect, it } from 'vitest';
import { followCore } from '../../../renderer/src/api/follow-core.ts';

/** A core whose answers the test hands out in any order, and whose events it sends. */
function core() {
  const pending: ((value: number) => void)[] = [];
  let onEvent: ((value: number) => void) | undefined;
  let onPoke: (() => void) | undefined;
  let onConnection: ((up: boolean) => void) | undefined;
  let up = true;
  const taken: { value: number; overtaken: boolean }[] = [];
  const stop = followCore(
    {
      onConnection: (listener) => {
        onConnection = listener;
        listener(up);
        return () => (onConnection = undefined);
      },
    },
    {
      ask: () => new Promise<number>((resolve) => pending.push(resolve)),
      answer: (value, overtaken) => taken.push({ value, overtaken }),
      events: (changed, askAgain) => {
        onEvent = (value) => {
          changed();
          taken.push({ value, overtaken: false });
        };
        onPoke = askAgain;
        return [() => (onEvent = undefined), () => (onPoke = undefined)];
      },
    },
  );
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await Promise.resolve();
  };
  return {
    taken,
    stop,
    pending,
    /** Answers the ask made `index`-th among those still waiting. */
    answer: async (index: number, value: number) => {
      pending.splice(index, 1)[0]!(value);
      await flush();
    },
    event: (value: number) => onEvent!(value),
    poke: () => onPoke!(),
    link: (next: boolean) => {
      up = next;
      onConnection!(next);
    },
    get subscribed() {
      return onEvent !== undefined || onPoke !== undefined || onConnection !== undefined;
    },
  };
}

describe('followCore', () => {
  it('asks once when the link is already up, and again each time it comes back', async () => {
    const c = core();
    expect(c.pending).toHaveLength(1);
    await c.answer(0, 1);
    c.link(false);
    expect(c.pending).toHaveLength(0);
    c.link(true);
    expect(c.pending).toHaveLength(1);
    await c.answer(0, 2);
    expect(c.taken).toEqual([
      { value: 1, overtaken: false },
      { value: 2, overtaken: false },
    ]);
  });

  it('marks an answer an event overtook, so the newer event is not undone', async () => {
    const c = core();
    c.event(5);
    await c.answer(0, 4);
    expect(c.taken).toEqual([
      { value: 5, overtaken: false },
      { value: 4, overtaken: true },
    ]);
  });

  it('drops an answer that comes back after a newer one was taken', async () => {
    const c = core();
    c.poke();
    await c.answer(1, 2);
    await c.answer(0, 1);
    expect(c.taken).toEqual([{ value: 2, overtaken: false }]);
  });

  it('takes nothing once stopped, and lets go of every subscription', async () => {
    const c = core();
    c.stop();
    expect(c.subscribed).toBe(false);
    await c.answer(0, 1);
    expect(c.taken).toEqual([]);
  });
});
