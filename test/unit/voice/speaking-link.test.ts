/**
 * The core told whether the kiosk is speaking across a lost link: a change told while the link was
 * down may never arrive, so the screen tells the core again where things stand whenever it comes up.
 */
import { describe, expect, it } from 'vitest';
import type { KioskClient } from '../../../renderer/src/api/client.ts';
import { followSpeaking } from '../../../renderer/src/voice/speaking-link.ts';

function rig(volume = 1) {
  let up = true;
  let onConnection: ((up: boolean) => void) | undefined;
  const received: boolean[] = [];
  const client = {
    // A command made while the link is down never reaches the core (it gives up waiting).
    command: (name: string, payload: { on: boolean }) => {
      expect(name).toBe('voice.speaking');
      if (!up) return Promise.reject(new Error('No answer to voice.speaking'));
      received.push(payload.on);
      return Promise.resolve({});
    },
    onConnection: (listener: (up: boolean) => void) => {
      onConnection = listener;
      return () => (onConnection = undefined);
    },
  } as unknown as Pick<KioskClient, 'command' | 'onConnection'>;
  let speaking = false;
  let onChange: ((on: boolean) => void) | undefined;
  const source = {
    speaking: () => speaking,
    onChange: (listener: (on: boolean) => void) => {
      onChange = listener;
      return () => (onChange = undefined);
    },
  };
  const stop = followSpeaking(client, source, () => volume > 0);
  return {
    received,
    stop,
    speak(on: boolean) {
      speaking = on;
      onChange?.(on);
    },
    link(state: boolean) {
      up = state;
      onConnection?.(state);
    },
    get subscribed() {
      return onChange !== undefined || onConnection !== undefined;
    },
  };
}

describe('telling the core when the kiosk speaks', () => {
  it('tells each change as it comes', () => {
    const r = rig();
    r.speak(true);
    r.speak(false);
    expect(r.received).toEqual([true, false]);
  });

  it('tells the core again when the link comes back, so an end of speech lost meanwhile does not leave it deaf', () => {
    const r = rig();
    r.speak(true);
    r.link(false);
    r.speak(false);
    r.link(true);
    expect(r.received).toEqual([true, false]);
  });

  it('tells a core that restarted mid-sentence that the kiosk is speaking', () => {
    const r = rig();
    r.speak(true);
    r.link(false);
    r.link(true);
    expect(r.received).toEqual([true, true]);
  });

  it('never says a muted kiosk is speaking', () => {
    const r = rig(0);
    r.speak(true);
    r.link(true);
    expect(r.received).toEqual([false, false]);
  });

  it('stops following when stopped', () => {
    const r = rig();
    r.stop();
    expect(r.subscribed).toBe(false);
  });
});
