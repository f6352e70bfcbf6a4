/**
 * The voice runner with a scripted engine at the engine interface (the real engines have their
 * own tests, and host-voice.test.ts runs the real one end to end): frame parsing, what counts
 * while the kiosk speaks or staff record, deadlines, and what reaches the emergency flow.
 */
import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Detection, WakeWordEngine } from '../../../drivers/wakeword/engine.ts';
import { AUDIO_FRAME_BYTES } from '../../../main/api/voice.ts';
import type { VoiceFile, VoiceIntent } from '../../../main/content/schema.ts';
import { EventBus } from '../../../main/core/events.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { VoiceService, type VoiceActions } from '../../../main/services/voice/service.ts';
import { label, testVoiceFile } from '../../support/voice-file.ts';

const FILE = testVoiceFile({
  commands: [
    { intent: 'guides', confirm: false, phrases: [{ id: 'guides', label: label('办事指南'), sensitivity: 0.5 }] },
    { intent: 'queue', confirm: true, phrases: [{ id: 'queue', label: label('取号'), sensitivity: 0.5 }] },
  ],
  listenSeconds: 0.3,
});

/**
 * Hears whatever phrase id the frame's first sample names (1 = wake, 2 = help, …); with
 * `isSpeech: speechSample`, the second sample says whether the frame holds speech.
 */
const IDS = ['', 'wake', 'help', 'cancel', 'guides', 'queue', 'yes'];
function scriptedEngine(): WakeWordEngine {
  return {
    init: async () => undefined,
    release: () => undefined,
    status: () => ({ state: 'ready' }),
    process: async (frame): Promise<Detection | null> => {
      const id = IDS[frame[0]!];
      return id ? { phraseId: id, label: id, distance: 0, threshold: 1, atMs: 0 } : null;
    },
  };
}

const speechSample = (frame: Int16Array): boolean => frame[1] === 1;

interface RigOptions {
  cancellable?: boolean;
  engine?: WakeWordEngine;
  isSpeech?: (frame: Int16Array) => boolean;
  actions?: Partial<VoiceActions>;
  voice?: VoiceFile;
  now?: () => number;
}

function rig(options: RigOptions = {}) {
  const events = new EventBus();
  const seen: { name: string; payload: unknown }[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const calls = { emergency: 0, cancel: 0, acts: [] as VoiceIntent[] };
  const alarm = { cancellable: options.cancellable ?? false };
  const logs: { level: number; msg: string; [key: string]: unknown }[] = [];
  const health = new HealthService(events);
  const service = new VoiceService({
    voice: options.voice ?? FILE,
    engine: { kind: 'template', engine: options.engine ?? scriptedEngine(), enrolled: new Set(IDS.filter(Boolean)) },
    detector: { isSpeech: options.isSpeech ?? (() => false) },
    actions: {
      emergency: async () => void calls.emergency++,
      alarmCancellable: () => alarm.cancellable,
      cancelAlarm: async () => void calls.cancel++,
      act: async (intent) => {
        calls.acts.push(intent);
        return intent === 'queue' ? { ticket: 7 } : {};
      },
      ...options.actions,
    },
    processing: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    events,
    health,
    log: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) }),
    ...(options.now ? { now: options.now } : {}),
  });
  service.start();
  service.setCapture('running');
  const frameOf = (id: string, speech = false): Uint8Array => {
    const frame = new Int16Array(AUDIO_FRAME_BYTES / 2);
    frame[0] = IDS.indexOf(id);
    frame[1] = speech ? 1 : 0;
    return new Uint8Array(frame.buffer);
  };
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const say = async (id: string, speech = false): Promise<void> => {
    service.acceptFrame(frameOf(id, speech));
    await settle();
  };
  const states = () => seen.filter((e) => e.name === 'voice.state').map((e) => e.payload as { cue: string; failed?: string; deadline?: string; state: string });
  const voiceHealth = () => health.snapshot().components.find((c) => c.id === 'voice');
  return { service, seen, calls, alarm, logs, say, frameOf, settle, events, states, voiceHealth, intents: () => seen.filter((e) => e.name === 'voice.intent').map((e) => e.payload) };
}

/** Resolves with the first voice.state matching, published from now on. */
function nextState(events: EventBus, match: (view: { cue: string; failed?: string }) => boolean): Promise<{ cue: string; failed?: string }> {
  return new Promise((resolve) => {
    const off = events.subscribe((name, payload) => {
      const view = payload as { cue: string; failed?: string };
      if (name === 'voice.state' && match(view)) {
        off();
        resolve(view);
      }
    });
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('VoiceService', () => {
  it('takes any bytes on the audio channel without throwing, keeping only whole frames', () => {
    const { service } = rig();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: AUDIO_FRAME_BYTES * 2 }), (bytes) => {
        const before = service.stats();
        service.acceptFrame(bytes);
        const after = service.stats();
        if (bytes.length === AUDIO_FRAME_BYTES) expect(after.badFrames).toBe(before.badFrames);
        else expect(after.badFrames).toBe(before.badFrames + 1);
      }),
    );
  });

  it('tells staff at once when the engine stops working mid-stream', async () => {
    let broken = false;
    const engine: WakeWordEngine = {
      ...scriptedEngine(),
      status: () => (broken ? { state: 'unavailable', reason: 'the speech embeddings front end failed: boom' } : { state: 'ready' }),
      process: async () => {
        broken = true;
        return null;
      },
    };
    const { say, seen } = rig({ engine });
    const before = seen.filter((e) => e.name === 'voice.status').length;
    await say('wake');
    const statuses = seen.filter((e) => e.name === 'voice.status').map((e) => e.payload as { available: boolean });
    expect(statuses).toHaveLength(before + 1);
    expect(statuses.at(-1)).toMatchObject({ available: false });
    const health = seen.filter((e) => e.name === 'health.changed').at(-1)?.payload;
    expect(JSON.stringify(health)).toContain('boom');
    await say('wake');
    expect(seen.filter((e) => e.name === 'voice.status')).toHaveLength(before + 1);
  });

  it('still acts on a help phrase heard in a frame whose speech detection failed', async () => {
    const { say, calls } = rig({
      isSpeech: () => {
        throw new Error('detector broke');
      },
    });
    await say('help');
    expect(calls.emergency).toBe(1);
  });

  it('carries out a command only inside a window, and says which one', async () => {
    const { say, calls, intents } = rig();
    await say('guides');
    expect(calls.acts).toEqual([]);
    await say('wake');
    await say('guides');
    expect(calls.acts).toEqual(['guides']);
    expect(intents()).toEqual([{ intent: 'guides', seq: 1 }]);
  });

  it('asks before taking a ticket, and passes the ticket on when the answer is yes', async () => {
    const { service, say, intents } = rig();
    await say('wake');
    await say('queue');
    expect(service.view().state).toBe('confirming');
    service.answer(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(intents()).toEqual([{ intent: 'queue', seq: 1, ticket: 7 }]);
  });

  it('while the kiosk speaks, hears only the help phrase, and 取消 while the alarm may be called off by voice', async () => {
    const { service, say, calls, alarm, states } = rig();
    service.setSpeaking(true);
    await say('wake');
    expect(service.view().state).toBe('idle');
    // No alarm, or one that 取消 may not call off (raised by touch, or past its voice window).
    await say('cancel');
    expect(calls.cancel).toBe(0);
    await say('help');
    expect(calls.emergency).toBe(1);
    // The alarm screen is reading its announcement when the resident says 取消 over it.
    alarm.cancellable = true;
    await say('cancel');
    expect(calls.cancel).toBe(1);
    // What makes the screen say 我听到了：取消 over the announcement, which the cancelled alarm's own then replaces.
    expect(states().at(-1)).toMatchObject({ cue: 'understood', heard: { phraseId: 'cancel' } });
  });

  it('a phrase reported just after the kiosk stopped speaking is its own last words; one said after that is heard', async () => {
    const { service, say, calls, logs } = rig();
    service.setSpeaking(true);
    await say('');
    service.setSpeaking(false);
    // The spotter reports the kiosk's closing 办事指南 after its settle time, the screen already quiet.
    await say('guides');
    await say('wake');
    expect(service.view().state).toBe('idle');
    expect(logs.filter((l) => l.msg === "phrase heard in the kiosk's own voice; ignored")).toHaveLength(2);
    // 救命 is heeded whoever says it.
    await say('help');
    expect(calls.emergency).toBe(1);
    // 800 ms after the quiet: the frame 10 frames after the first quiet one is the first that counts.
    for (let i = 0; i < 6; i++) await say('');
    await say('wake');
    expect(service.view().state).toBe('idle');
    await say('wake');
    expect(service.view().state).toBe('listening');
  });

  it('a quick 是的 to a question the kiosk has just asked is heard', async () => {
    const { service, say, intents } = rig({ voice: { ...FILE, yes: [{ id: 'yes', label: label('是的'), sensitivity: 0.5 }] } });
    await say('wake');
    await say('queue');
    expect(service.view().state).toBe('confirming');
    service.setSpeaking(true);
    await say('');
    service.setSpeaking(false);
    await say('yes');
    await new Promise((resolve) => setImmediate(resolve));
    expect(intents()).toEqual([{ intent: 'queue', seq: 1, ticket: 7 }]);
  });

  it('tries a failed alarm once more, and tells the screen when that fails too', async () => {
    let tries = 0;
    const { say, events, states } = rig({
      actions: {
        emergency: async () => {
          tries++;
          throw new Error('database is locked');
        },
      },
    });
    const failed = nextState(events, (view) => view.cue === 'failed');
    await say('help');
    expect(await failed).toMatchObject({ cue: 'failed', failed: 'emergency' });
    expect(tries).toBe(2);
    expect(states().map((v) => v.cue)).toEqual(['understood', 'failed']);
  });

  it('does not report an alarm that went out on the second try', async () => {
    let tries = 0;
    let raised!: () => void;
    const second = new Promise<void>((resolve) => (raised = resolve));
    const { say, settle, states } = rig({
      actions: {
        emergency: async () => {
          if (++tries === 1) throw new Error('database is locked');
          raised();
        },
      },
    });
    await say('help');
    await second;
    await settle();
    expect(states().map((v) => v.cue)).toEqual(['understood']);
  });

  it('tells the screen when a command confirmed by voice could not be carried out', async () => {
    const { service, say, events, intents } = rig({
      actions: {
        act: async () => {
          throw new Error('the store is full');
        },
      },
    });
    await say('wake');
    await say('queue');
    const failed = nextState(events, (view) => view.cue === 'failed');
    service.answer(true);
    expect(await failed).toMatchObject({ cue: 'failed', failed: 'queue', state: 'idle' });
    expect(intents()).toEqual([]);
  });

  it('logs frames dropped while the engine is behind, rate-limited, and shows staff while it lasts', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine: WakeWordEngine = {
      ...scriptedEngine(),
      process: async () => {
        await gate;
        return null;
      },
    };
    const { service, frameOf, logs, voiceHealth, events } = rig({ engine });
    const dropLogs = () => logs.filter((l) => l.level === 40);
    for (let i = 0; i < 25; i++) service.acceptFrame(frameOf(''));
    expect(service.stats().droppedFrames).toBe(0);
    expect(voiceHealth()?.state).toBe('ok');

    service.acceptFrame(frameOf(''));
    expect(service.stats().droppedFrames).toBe(1);
    expect(dropLogs()).toHaveLength(1);
    expect(voiceHealth()).toMatchObject({ state: 'degraded', message: { zh: expect.stringContaining('跟不上'), en: expect.stringContaining('too busy') } });
    expect(service.status().available).toBe(false);

    for (let i = 0; i < 999; i++) service.acceptFrame(frameOf(''));
    expect(dropLogs().map((l) => l.droppedSinceBehind)).toEqual([1, 500, 1000]);

    const ok = new Promise<void>((resolve) => events.subscribe((name) => name === 'health.changed' && voiceHealth()?.state === 'ok' && resolve()));
    release();
    await ok;
    expect(logs.at(-1)).toMatchObject({ msg: expect.stringContaining('caught up'), droppedSinceBehind: 1000 });
    expect(service.status().available).toBe(true);
  });

  it('closes a window at its deadline even when the wall clock is set back meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 1_000_000;
    const { service, say } = rig({ now: () => clock });
    await say('wake');
    expect(service.view().state).toBe('listening');
    // The time service corrects a clock that ran an hour fast.
    clock -= 3_600_000;
    vi.advanceTimersByTime(300);
    expect(service.view().state).toBe('idle');
  });

  it('ends a question on time when the wall clock was set back before its timer was last set', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const { service, say } = rig({ now: () => clock });
    await say('wake');
    await say('queue');
    expect(service.view().state).toBe('confirming');
    clock -= 3_600_000;
    // The kiosk finished asking: the timer is set again, on the clock as it now reads.
    service.setSpeaking(true);
    service.setSpeaking(false);
    vi.advanceTimersByTime(300);
    expect(service.view().state).toBe('idle');
  });

  it('starts the time to answer a question when the kiosk has finished asking it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const { service, say, states } = rig({ now: () => clock });
    await say('wake');
    await say('queue');
    expect(service.view()).toMatchObject({ state: 'confirming', deadline: new Date(300).toISOString() });
    service.setSpeaking(true);
    clock = 250;
    vi.advanceTimersByTime(250);
    service.setSpeaking(false);
    // Published, so the screen shows the new time, with nothing to play or say again.
    expect(states().at(-1)).toMatchObject({ state: 'confirming', cue: 'idle', deadline: new Date(550).toISOString() });
    clock = 300;
    vi.advanceTimersByTime(50);
    expect(service.view().state).toBe('confirming');
    clock = 550;
    vi.advanceTimersByTime(250);
    expect(service.view().state).toBe('idle');
  });

  it('still carries out a command the engine reports just after a short end-of-speech silence', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { say, calls, service } = rig({ voice: { ...FILE, listenSeconds: 9, endSilenceMs: 800 }, isSpeech: speechSample, now: () => 0 });
    await say('wake');
    // The listening cue plays for the first second.
    for (let i = 0; i < 13; i++) await say('');
    for (let i = 0; i < 5; i++) await say('', true);
    // 800 ms of silence: the person has stopped speaking.
    for (let i = 0; i < 10; i++) await say('');
    expect(service.view().state).toBe('listening');
    await say('guides');
    expect(calls.acts).toEqual(['guides']);
  });

  it('does not take the listening cue coming back through the microphone for the person speaking', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const { service, say, states } = rig({ voice: { ...FILE, listenSeconds: 9, endSilenceMs: 800 }, isSpeech: speechSample, now: () => clock });
    expect(service.talk()).toBe(true);
    // The two tones, then two seconds of an older person thinking what to say.
    for (let i = 0; i < 3; i++) await say('', true);
    for (let i = 0; i < 25; i++) await say('');
    clock = 2000;
    vi.advanceTimersByTime(2000);
    expect(service.view().state).toBe('listening');
    expect(states().map((s) => s.cue)).not.toContain('not-understood');
    // Then they speak, are not understood, and are told so once they stop.
    for (let i = 0; i < 5; i++) await say('', true);
    for (let i = 0; i < 10; i++) await say('');
    clock = 3000;
    vi.advanceTimersByTime(1000);
    expect(states().at(-1)).toMatchObject({ state: 'idle', cue: 'not-understood' });
  });

  it('hears someone who was already talking when the listening cue ended start to speak', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let clock = 0;
    const { service, say, states } = rig({ voice: { ...FILE, listenSeconds: 9, endSilenceMs: 800 }, isSpeech: speechSample, now: () => clock });
    // "小邻小邻办事指南" in one breath: the command goes on through the cue and is not understood.
    for (let i = 0; i < 10; i++) await say('', true);
    await say('wake', true);
    for (let i = 0; i < 20; i++) await say('', true);
    for (let i = 0; i < 10; i++) await say('');
    clock = 2500;
    vi.advanceTimersByTime(2500);
    expect(states().at(-1)).toMatchObject({ state: 'idle', cue: 'not-understood' });
    expect(service.view().state).toBe('idle');
  });

  it('while staff record, hears nothing at all — not even 救命 being taught', async () => {
    const { service, say, calls } = rig();
    const resume = service.suspend();
    await say('help');
    expect(calls.emergency).toBe(0);
    resume();
    resume();
    await say('help');
    expect(calls.emergency).toBe(1);
  });

  it('closes the window at its deadline without anything heard', async () => {
    const { service, say, seen, events } = rig();
    await say('wake');
    expect(service.view().state).toBe('listening');
    await new Promise<void>((resolve) => events.subscribe((name, payload) => name === 'voice.state' && (payload as { cue: string }).cue === 'closed' && resolve()));
    expect(service.view().state).toBe('idle');
    const cues = seen.filter((e) => e.name === 'voice.state').map((e) => (e.payload as { cue: string }).cue);
    expect(cues).toEqual(['listening', 'closed']);
  });

  it('tells staff when the screen says the microphone runs but no audio reaches the core, and when it comes back', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { service, say, voiceHealth, logs } = rig();
    for (let second = 0; second < 10; second++) {
      for (let i = 0; i < 12; i++) await say('');
      vi.advanceTimersByTime(1000);
    }
    expect(voiceHealth()?.state).toBe('ok');
    // The screen's audio link is gone; it goes on reporting its microphone as running.
    vi.advanceTimersByTime(10_000);
    expect(voiceHealth()).toMatchObject({ state: 'degraded', message: { zh: expect.stringContaining('呼救也听不到') } });
    expect(service.status()).toMatchObject({ available: false, commandsReady: false, capture: 'running' });
    expect(service.talk()).toBe(false);
    expect(logs.filter((l) => l.msg.includes('no audio is arriving'))).toHaveLength(1);
    await say('');
    expect(voiceHealth()?.state).toBe('ok');
    expect(service.talk()).toBe(true);
  });

  it('opens no window from the 说话 button when the microphone is not delivering', () => {
    const { service } = rig();
    service.setCapture('denied');
    expect(service.talk()).toBe(false);
    expect(service.status()).toMatchObject({ available: false, commandsReady: false, reason: { zh: expect.stringContaining('麦克风') } });
    service.setCapture('running');
    expect(service.talk()).toBe(true);
  });
});
