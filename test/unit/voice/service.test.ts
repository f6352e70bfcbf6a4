/**
 * The voice runner with a scripted engine at the engine interface (the real engines have their
 * own tests, and host-voice.test.ts runs the real one end to end): frame parsing, what counts
 * while the kiosk speaks or staff record, deadlines, and what reaches the emergency flow.
 */
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Detection, WakeWordEngine } from '../../../drivers/wakeword/engine.ts';
import { AUDIO_FRAME_BYTES } from '../../../main/api/voice.ts';
import type { VoiceFile, VoiceIntent } from '../../../main/content/schema.ts';
import { EventBus } from '../../../main/core/events.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { VoiceService } from '../../../main/services/voice/service.ts';
import { label, testVoiceFile } from '../../support/voice-file.ts';

const FILE = testVoiceFile({
  commands: [
    { intent: 'guides', confirm: false, phrases: [{ id: 'guides', label: label('办事指南'), sensitivity: 0.5 }] },
    { intent: 'queue', confirm: true, phrases: [{ id: 'queue', label: label('取号'), sensitivity: 0.5 }] },
  ],
  listenSeconds: 0.3,
});

/** Hears whatever phrase id the frame's first sample names (1 = wake, 2 = help, …). */
const IDS = ['', 'wake', 'help', 'cancel', 'guides', 'queue'];
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

function rig(options: { cancellable?: boolean; engine?: WakeWordEngine; isSpeech?: () => boolean } = {}) {
  const events = new EventBus();
  const seen: { name: string; payload: unknown }[] = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const calls = { emergency: 0, cancel: 0, acts: [] as VoiceIntent[] };
  const service = new VoiceService({
    voice: FILE,
    engine: { kind: 'template', engine: options.engine ?? scriptedEngine(), enrolled: new Set(IDS.filter(Boolean)) },
    detector: { isSpeech: options.isSpeech ?? (() => false) },
    actions: {
      emergency: async () => void calls.emergency++,
      alarmCancellable: () => options.cancellable ?? false,
      cancelAlarm: async () => void calls.cancel++,
      act: async (intent) => {
        calls.acts.push(intent);
        return intent === 'queue' ? { ticket: 7 } : {};
      },
    },
    processing: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    events,
    health: new HealthService(events),
    log: pino({ level: 'silent' }),
  });
  service.start();
  service.setCapture('running');
  const say = async (id: string): Promise<void> => {
    const frame = new Int16Array(AUDIO_FRAME_BYTES / 2);
    frame[0] = IDS.indexOf(id);
    service.acceptFrame(new Uint8Array(frame.buffer));
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { service, seen, calls, say, events, intents: () => seen.filter((e) => e.name === 'voice.intent').map((e) => e.payload) };
}

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

  it('while the kiosk speaks, hears only the help phrase', async () => {
    const { service, say, calls } = rig({ cancellable: true });
    service.setSpeaking(true);
    await say('wake');
    expect(service.view().state).toBe('idle');
    await say('cancel');
    expect(calls.cancel).toBe(0);
    await say('help');
    expect(calls.emergency).toBe(1);
    service.setSpeaking(false);
    await say('cancel');
    expect(calls.cancel).toBe(1);
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

  it('opens no window from the 说话 button when the microphone is not delivering', () => {
    const { service } = rig();
    service.setCapture('denied');
    expect(service.talk()).toBe(false);
    expect(service.status()).toMatchObject({ available: false, commandsReady: false, reason: { zh: expect.stringContaining('麦克风') } });
    service.setCapture('running');
    expect(service.talk()).toBe(true);
  });
});
