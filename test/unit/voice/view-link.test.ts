/**
 * The screen's copy of the conversation across a lost link: a core restarted mid-window has
 * forgotten the window its events opened on screen, so the screen asks where things stand each
 * time the link comes up, shows nothing while it is down, and keeps a change that overtook an answer.
 */
import { describe, expect, it } from 'vitest';
import type { VoiceStateView } from '../../../main/api/voice.ts';
import type { KioskClient } from '../../../renderer/src/api/client.ts';
import { followVoiceView } from '../../../renderer/src/voice/view-link.ts';

const view = (state: VoiceStateView['state'], seq: number): VoiceStateView => ({ state, listenMs: 9000, cue: 'idle', examples: [], seq });

/** A link to a core whose answers to `voice.view` the test hands out one by one. */
function link() {
  let onState: ((view: VoiceStateView) => void) | undefined;
  let onConnection: ((up: boolean) => void) | undefined;
  const asked: ((view: VoiceStateView) => void)[] = [];
  const client = {
    command: (name: string) => {
      expect(name).toBe('voice.view');
      return new Promise<VoiceStateView>((resolve) => asked.push(resolve));
    },
    on: (_name: string, listener: (view: VoiceStateView) => void) => {
      onState = listener;
      return () => (onState = undefined);
    },
    onConnection: (listener: (up: boolean) => void) => {
      onConnection = listener;
      listener(true);
      return () => (onConnection = undefined);
    },
  } as unknown as Pick<KioskClient, 'command' | 'on' | 'onConnection'>;
  const shown: (VoiceStateView | null)[] = [];
  const stop = followVoiceView(client, (v) => shown.push(v));
  return {
    shown,
    stop,
    asked,
    /** Answers the oldest `voice.view` still waiting. */
    answer: async (v: VoiceStateView): Promise<void> => {
      asked.shift()!(v);
      await Promise.resolve();
      await Promise.resolve();
    },
    event: (v: VoiceStateView) => onState!(v),
    connection: (up: boolean) => onConnection!(up),
    get subscribed() {
      return onState !== undefined || onConnection !== undefined;
    },
  };
}

describe('followVoiceView', () => {
  it('clears the panel when the link drops and shows the restarted core’s state when it returns', async () => {
    const l = link();
    await l.answer(view('idle', 0));
    l.event(view('listening', 1));
    expect(l.shown.at(-1)).toMatchObject({ state: 'listening' });
    l.connection(false);
    expect(l.shown.at(-1)).toBeNull();
    expect(l.asked).toHaveLength(0);
    l.connection(true);
    // The restarted core counts from 0 again; its idle is not older than the window shown before.
    await l.answer(view('idle', 0));
    expect(l.shown.at(-1)).toMatchObject({ state: 'idle', seq: 0 });
  });

  it('keeps a change that arrived before the answer to an older question', async () => {
    const l = link();
    l.event(view('listening', 4));
    await l.answer(view('idle', 3));
    expect(l.shown.at(-1)).toMatchObject({ state: 'listening', seq: 4 });
  });

  it('ignores an answer from a link that has since dropped, and everything once stopped', async () => {
    const l = link();
    l.connection(false);
    await l.answer(view('listening', 9));
    expect(l.shown.at(-1)).toBeNull();
    l.stop();
    expect(l.subscribed).toBe(false);
  });
});
