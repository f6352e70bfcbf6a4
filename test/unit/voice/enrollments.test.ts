/**
 * Staff enrolment around the real voice runner, with scripted engines at the engine interface
 * and the real enrolment file: the kiosk stays deaf while staff play or try a phrase (and no
 * match it was still holding fires afterwards), changes to the file happen one after another,
 * removing the last phrase leaves a file the next start reads, and a file made for the other
 * front end is kept for when the models are back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Detection, WakeWordEngine } from '../../../drivers/wakeword/engine.ts';
import type { EnrolledPhrase } from '../../../drivers/wakeword/enrollment.ts';
import { exportEnrollments, importEnrollments } from '../../../drivers/wakeword/enrollment-file.ts';
import { PROFILES, type FrontEndId } from '../../../drivers/wakeword/front-end.ts';
import { AUDIO_FRAME_SAMPLES } from '../../../main/api/voice.ts';
import { EventBus } from '../../../main/core/events.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { EnrollmentManager, type TemplateToolkit } from '../../../main/services/voice/enrollments.ts';
import { VoiceService } from '../../../main/services/voice/service.ts';
import { importWords } from '../../../main/services/voice/template-words.ts';
import { label, testVoiceFile } from '../../support/voice-file.ts';

const FILE = testVoiceFile({
  commands: [{ intent: 'guides', confirm: false, phrases: [{ id: 'guides', label: label('办事指南'), sensitivity: 0.5 }] }],
  listenSeconds: 5,
});
/** A frame whose first sample is 2 carries 救命; 0 is the quiet room. */
const IDS = ['', 'wake', 'help', 'cancel', 'guides'];

/**
 * Hears the phrase a frame names and reports it `settle` frames later, as the template engine's
 * spotter waits out a match; pausing forgets a match it holds, as the template engine's does.
 */
function scriptedEngine(settle: number) {
  let held: { id: string; frames: number } | null = null;
  let paused = false;
  const engine = {
    init: async () => undefined,
    release: () => undefined,
    status: () => ({ state: 'ready' as const }),
    process: async (frame: Int16Array): Promise<Detection | null> => {
      if (paused) return null;
      const id = IDS[frame[0]!];
      if (id) held = { id, frames: settle };
      if (!held || held.frames-- > 0) return null;
      const phraseId = held.id;
      held = null;
      return { phraseId, label: phraseId, distance: 0, threshold: 1, atMs: 0 };
    },
    pause() {
      paused = true;
      held = null;
    },
    resume() {
      paused = false;
    },
    get paused() {
      return paused;
    },
  };
  return engine satisfies WakeWordEngine;
}
type Scripted = ReturnType<typeof scriptedEngine>;

/** The real enrolment file for `frontEnd`; enrolment and engines scripted. */
function toolkit(frontEnd: FrontEndId, engines: Scripted[] = []): TemplateToolkit {
  return {
    frontEnd,
    checkTake: () => null,
    enroll: async (phrase) => ({ ok: true, value: { ...phrase, frontEnd, templates: [[new Float32Array(PROFILES[frontEnd].dims).fill(0.5)]] } }),
    async createEngine(phrases) {
      const engine = scriptedEngine(0);
      engines.push(engine);
      return { kind: 'template', frontEnd, engine, enrolled: new Set(phrases.map((p) => p.id)) };
    },
    exportFile: (phrases) => exportEnrollments(phrases),
    importFile(text) {
      const read = importEnrollments(text, frontEnd);
      return read.ok ? { ok: true, value: read.value } : { ok: false, problem: importWords(read.error), error: read.error };
    },
  };
}

const phrase = (id: string, frontEnd: FrontEndId): EnrolledPhrase => ({
  id,
  label: id,
  sensitivity: 0.5,
  frontEnd,
  templates: [[new Float32Array(PROFILES[frontEnd].dims).fill(0.25)]],
});

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-enrol-'));
  dirs.push(dir);
  return dir;
}
const enrolmentFile = (dir: string): string => join(dir, 'voice', 'enrollments.json');

/**
 * A kiosk listening with a main engine that holds a match one frame before reporting it, so a
 * phrase heard just before listening resumes would fire just after.
 */
function rig(options: { dir?: string; frontEnd?: FrontEndId } = {}) {
  const dir = options.dir ?? dataDir();
  const events = new EventBus();
  const log = pino({ level: 'silent' });
  const alarms = { raised: 0 };
  const main = scriptedEngine(1);
  const created: Scripted[] = [];
  const service = new VoiceService({
    voice: FILE,
    engine: { kind: 'template', engine: main, enrolled: new Set(IDS.filter(Boolean)) },
    detector: { isSpeech: () => false },
    actions: {
      emergency: async () => void alarms.raised++,
      alarmCancellable: () => false,
      cancelAlarm: async () => undefined,
      act: async () => ({}),
    },
    processing: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    events,
    health: new HealthService(events),
    log,
  });
  service.start();
  service.setCapture('running');
  const manager = new EnrollmentManager({ dataDir: dir, toolkit: toolkit(options.frontEnd ?? 'mfcc', created), voiceFile: FILE, voice: service, events, log });
  /** One frame from the microphone, run through the kiosk. */
  const hear = async (id: string): Promise<void> => {
    const frame = new Int16Array(AUDIO_FRAME_SAMPLES);
    frame[0] = IDS.indexOf(id);
    service.acceptFrame(new Uint8Array(frame.buffer));
    await new Promise((resolve) => setImmediate(resolve));
  };
  /** 救命 and the quiet after it: whatever the engine holds is reported by then. */
  const sayHelp = async (): Promise<void> => {
    await hear('help');
    await hear('');
  };
  return { dir, main, created, service, manager, alarms, hear, sayHelp };
}

/** Ends a playback as the screen does, and lets the deaf tail after it run out. */
async function endPlayback(manager: EnrollmentManager): Promise<void> {
  manager.playing(false);
  vi.advanceTimersByTime(PLAYBACK_TAIL);
  await new Promise((resolve) => setImmediate(resolve));
}

/** What the manager waits after playback ends, while the speaker and the microphone catch up. */
const PLAYBACK_TAIL = 400;

describe('while staff play a take back', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  it('the kiosk hears nothing until the screen says playback ended, and a moment after, then listens afresh', async () => {
    const { manager, main, alarms, sayHelp } = rig();
    manager.playing(true);
    expect(main.paused).toBe(true);
    await sayHelp();
    // Staff play the next take straight after: still one playback.
    manager.playing(true);
    await sayHelp();
    expect(alarms.raised).toBe(0);
    manager.playing(false);
    // The last of the take may still be sounding, or on its way from the microphone.
    await sayHelp();
    expect(alarms.raised).toBe(0);
    vi.advanceTimersByTime(PLAYBACK_TAIL);
    await new Promise((resolve) => setImmediate(resolve));
    expect(main.paused).toBe(false);
    await sayHelp();
    expect(alarms.raised).toBe(1);
  });

  it('listens again by itself when the screen never says playback ended', async () => {
    const { manager, main, alarms, sayHelp } = rig();
    manager.playing(true);
    // Longer than any take plays for.
    vi.advanceTimersByTime(5_000);
    await sayHelp();
    expect(alarms.raised).toBe(0);
    vi.runOnlyPendingTimers();
    await new Promise((resolve) => setImmediate(resolve));
    expect(main.paused).toBe(false);
    await sayHelp();
    expect(alarms.raised).toBe(1);
  });

  it('a phrase saved meanwhile does not make the kiosk listen before playback ends', async () => {
    const { manager, created, alarms, sayHelp } = rig();
    manager.playing(true);
    expect(await manager.save('help')).toEqual({ saved: true });
    expect(created.at(-1)!.paused).toBe(true);
    await sayHelp();
    expect(alarms.raised).toBe(0);
    await endPlayback(manager);
    await sayHelp();
    expect(alarms.raised).toBe(1);
  });
});

describe('trying a phrase live', () => {
  it('answers when the trial hears it, and the 救命 said for the trial does not raise an alarm afterwards', async () => {
    const { manager, main, alarms, hear } = rig();
    const trial = manager.test('help', 2);
    // The scripted enrolment and engines answer at once: one turn and the trial is listening.
    await new Promise((resolve) => setImmediate(resolve));
    expect(main.paused).toBe(true);
    // The trial hears it at once; the kiosk's own engine would still be holding it.
    await hear('help');
    expect(await trial).toEqual({ heard: true });
    expect(main.paused).toBe(false);
    await hear('');
    await hear('');
    expect(alarms.raised).toBe(0);
    await hear('help');
    await hear('');
    expect(alarms.raised).toBe(1);
  });
});

describe('the enrolment file', () => {
  it('takes saves, removals and imports at once one after another, none lost, no temporary file left', async () => {
    const dir = dataDir();
    const incoming = join(dir, 'from-another-kiosk.json');
    writeFileSync(incoming, exportEnrollments([phrase('cancel', 'mfcc')]));
    const first = rig({ dir });
    await first.manager.save('guides');

    const results = await Promise.all([first.manager.save('wake'), first.manager.save('help'), first.manager.remove('guides'), first.manager.importFrom(incoming)]);
    expect(results).toEqual([{ saved: true }, { saved: true }, true, { imported: 1 }]);
    expect(first.manager.phrases.map((p) => p.id).sort()).toEqual(['cancel', 'help', 'wake']);
    expect(readdirSync(join(dir, 'voice'))).toEqual(['enrollments.json']);

    const next = rig({ dir });
    expect(await next.manager.load()).toEqual({});
    expect(next.manager.phrases.map((p) => p.id).sort()).toEqual(['cancel', 'help', 'wake']);
  });

  it('removing the last phrase leaves a file the next start reads as nothing enrolled, not as damaged', async () => {
    const { dir, manager } = rig();
    await manager.save('help');
    expect(await manager.remove('help')).toBe(true);
    expect(await manager.remove('help')).toBe(false);

    const next = rig({ dir });
    expect(await next.manager.load()).toEqual({});
    expect(next.manager.phrases).toEqual([]);
    expect(readdirSync(join(dir, 'voice'))).toEqual(['enrollments.json']);
  });

  it('keeps phrases made with the speech models where they are while the kiosk falls back to MFCC, and uses them once the models are back', async () => {
    const dir = dataDir();
    const { manager: saving } = rig({ dir, frontEnd: 'embedding' });
    await saving.save('help');
    const saved = readFileSync(enrolmentFile(dir), 'utf8');

    const fallback = rig({ dir, frontEnd: 'mfcc' });
    const outcome = await fallback.manager.load();
    expect(outcome.problem).toBeUndefined();
    expect(outcome.kept?.zh).toContain('语音模型');
    expect(outcome.kept?.en).toMatch(/recorded for the speech models.*listens with basic sound features \(MFCC\).*kept/);
    expect(fallback.manager.phrases).toEqual([]);
    expect(readdirSync(join(dir, 'voice'))).toEqual(['enrollments.json']);
    expect(readFileSync(enrolmentFile(dir), 'utf8')).toBe(saved);

    const back = rig({ dir, frontEnd: 'embedding' });
    expect(await back.manager.load()).toEqual({});
    expect(back.manager.phrases.map((p) => p.id)).toEqual(['help']);
  });

  it('sets aside only a file that cannot be read at all', async () => {
    const { dir, manager } = rig();
    const file = enrolmentFile(dir);
    await manager.save('help');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));

    const next = rig({ dir });
    const outcome = await next.manager.load();
    expect(outcome.kept).toBeUndefined();
    expect(outcome.problem?.en).toMatch(/not a voice enrolment file/);
    expect(readdirSync(join(dir, 'voice'))).toEqual([expect.stringMatching(/^enrollments\.json\.unreadable-\d+$/)]);
  });
});
