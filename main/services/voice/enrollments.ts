/**
 * Staff enrol phrases at the kiosk: record takes from the live microphone (each checked for
 * silence and clipping and playable back), try the phrase live, then save. Saved enrolments are
 * one file in the data directory, written atomically; exported to a file for another kiosk and
 * imported from one. Takes stay in memory only until saved: the file holds features, not voices.
 * While a take is recorded, tried or played back through the kiosk's speaker, the kiosk hears
 * nothing: staff teaching it 救命 must not raise an alarm.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, open as openFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { EnrolledPhrase } from '../../../drivers/wakeword/enrollment.ts';
import type { ImportProblem } from '../../../drivers/wakeword/enrollment-file.ts';
import { frameDbfs } from '../../../drivers/wakeword/vad.ts';
import { FRAME_SAMPLES, SAMPLE_RATE, type WakeWordEngine } from '../../../drivers/wakeword/engine.ts';
import type { TakeView } from '../../api/voice.ts';
import type { LocalizedText, VoiceFile } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';
import { Mutex } from '../../../drivers/mutex.ts';
import { encodeWav } from '../speech/wav.ts';
import type { ListeningEngine } from './engines.ts';
import { enrollmentsForOtherFrontEnd } from './messages.ts';
import { phraseTable } from './phrases.ts';
import { recordTake, NoAudioError } from './recorder.ts';
import type { VoiceService } from './service.ts';

/** What the enrolment needs from the engine family in use (the template engine's front end). */
export interface TemplateToolkit {
  readonly frontEnd: string;
  /** Checks one take; a problem in words when it cannot be used. */
  checkTake(samples: Int16Array): LocalizedText | null;
  enroll(phrase: { id: string; label: string; sensitivity: number }, takes: readonly Int16Array[]): Promise<{ ok: true; value: EnrolledPhrase } | { ok: false; problem: LocalizedText }>;
  createEngine(phrases: readonly EnrolledPhrase[]): Promise<ListeningEngine>;
  exportFile(phrases: readonly EnrolledPhrase[]): string;
  /** On failure, `problem` for staff and `error` for the kiosk to act on. */
  importFile(text: string): { ok: true; value: EnrolledPhrase[] } | { ok: false; problem: LocalizedText; error: ImportProblem };
}

interface Take {
  id: string;
  samples: Int16Array;
  view: TakeView;
}

export class EnrollmentError extends Error {
  constructor(
    readonly code: 'not-found' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'EnrollmentError';
  }
}

/** Larger than any real enrolment file; a stray huge file is refused before it is read. */
const MAX_IMPORT_BYTES = 20_000_000;
const FILE = 'enrollments.json';
/**
 * Longest the kiosk stays deaf for one playback: well over any take (the recorder stops at a few
 * seconds), so the screen ends it, and short so a screen that vanished mid-playback leaves the
 * kiosk deaf to 救命 only briefly.
 */
const PLAYBACK_HOLD_MS = 8_000;
/**
 * How long the kiosk stays deaf after the screen says playback ended: the speaker may still be
 * sounding the last of the take, and the microphone's last frames of it are still on their way.
 */
const PLAYBACK_TAIL_MS = 400;

/** How the saved enrolments were found: `problem` when the file was set aside, `kept` when it is for another front end. */
export interface LoadOutcome {
  problem?: LocalizedText;
  kept?: LocalizedText;
}

export interface EnrollmentOptions {
  dataDir: string;
  toolkit: TemplateToolkit;
  voiceFile: VoiceFile;
  voice: VoiceService;
  events: EventBus;
  log: Logger;
  /** After every saved change, e.g. to clear a warning about the file the kiosk started with. */
  onSaved?: () => void;
}

export class EnrollmentManager {
  readonly #o: EnrollmentOptions;
  readonly #takes = new Map<string, Take[]>();
  #phrases: EnrolledPhrase[] = [];
  #busy = false;
  /** Every change to the file, one after another, each building on the one before. */
  readonly #commits = new Mutex();
  #playback: { release: () => void; timer: NodeJS.Timeout } | undefined;

  constructor(options: EnrollmentOptions) {
    this.#o = options;
  }

  get file(): string {
    return join(this.#o.dataDir, 'voice', FILE);
  }

  get phrases(): readonly EnrolledPhrase[] {
    return this.#phrases;
  }

  /**
   * Reads the saved enrolments. A file made for another front end stays where it is, unused, as
   * the models it needs may load next time; only a file that cannot be read at all is set aside.
   * Either way voice starts, and staff are told why the phrases are not in use.
   */
  async load(): Promise<LoadOutcome> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      this.#phrases = [];
      return {};
    }
    const parsed = this.#o.toolkit.importFile(text);
    if (parsed.ok) {
      this.#phrases = parsed.value.filter((p) => this.#known(p.id));
      return {};
    }
    this.#phrases = [];
    const { error } = parsed;
    if (error.kind === 'front-end-mismatch') {
      this.#o.log.warn({ file: this.file, madeFor: error.file, listening: error.engine }, 'saved voice enrolments are for another front end; kept, not used');
      return { kept: enrollmentsForOtherFrontEnd(error.file, error.engine) };
    }
    const aside = `${this.file}.unreadable-${Date.now()}`;
    await rename(this.file, aside).catch(() => undefined);
    this.#o.log.error({ file: this.file, aside, problem: parsed.problem.en }, 'saved voice enrolments could not be read; set aside');
    return { problem: parsed.problem };
  }

  async record(phraseId: string): Promise<TakeView> {
    this.#phrase(phraseId);
    return this.#exclusive(async () => {
      const resume = this.#o.voice.suspend();
      try {
        const samples = await recordTake({
          tap: (listener) => this.#o.voice.tap(listener),
          onLevel: (db) => this.#o.events.publish('voice.level', { db: Math.round(db) }),
        });
        const problem = this.#o.toolkit.checkTake(samples);
        const id = randomUUID().slice(0, 8);
        const view: TakeView = {
          takeId: id,
          durationMs: Math.round((samples.length / SAMPLE_RATE) * 1000),
          peakDb: Math.round(peakDb(samples)),
          ...(problem ? { problem } : {}),
          wav: encodeWav({ samples, sampleRate: SAMPLE_RATE }).toString('base64'),
        };
        const list = this.#takes.get(phraseId) ?? [];
        list.push({ id, samples, view });
        this.#takes.set(phraseId, list);
        return view;
      } catch (err) {
        if (err instanceof NoAudioError) throw new EnrollmentError('unavailable', 'No audio is arriving from the microphone.');
        throw err;
      } finally {
        resume();
      }
    });
  }

  takes(phraseId: string): TakeView[] {
    this.#phrase(phraseId);
    return (this.#takes.get(phraseId) ?? []).map((t) => t.view);
  }

  discard(phraseId: string, takeId: string): boolean {
    const list = this.#takes.get(phraseId) ?? [];
    const next = list.filter((t) => t.id !== takeId);
    this.#takes.set(phraseId, next);
    return next.length !== list.length;
  }

  /** Listens for the phrase with the takes so far (nothing is saved), for up to `seconds`. */
  async test(phraseId: string, seconds: number): Promise<{ heard: boolean; problem?: LocalizedText }> {
    const enrolled = await this.#enrollTakes(phraseId);
    if (!enrolled.ok) return { heard: false, problem: enrolled.problem };
    const heard = await this.#exclusive(async () => {
      const trial = await this.#o.toolkit.createEngine([enrolled.value]);
      const resume = this.#o.voice.suspend();
      try {
        return await new Promise<boolean>((resolve) => {
          let frames = 0;
          let chain = Promise.resolve();
          let done = false;
          const finish = (heard: boolean): void => {
            if (done) return;
            done = true;
            stop();
            clearTimeout(watchdog);
            resolve(heard);
          };
          const limit = Math.ceil((seconds * SAMPLE_RATE) / FRAME_SAMPLES);
          const stop = this.#o.voice.tap((frame) => {
            const copy = frame.slice();
            chain = chain.then(async () => {
              if (done) return;
              if (await trial.engine.process(copy)) finish(true);
              else if (++frames >= limit) finish(false);
            });
          });
          // Without any audio the frames never count down; the clock ends the trial instead.
          const watchdog = setTimeout(() => finish(false), seconds * 1000 + 2000);
          watchdog.unref?.();
        });
      } finally {
        resume();
        trial.engine.release();
      }
    });
    return { heard };
  }

  /**
   * Staff play a take through the kiosk's speaker: until `on` is false (or PLAYBACK_HOLD_MS has
   * passed, should the screen never say so) the kiosk hears nothing, so a 救命 take played back
   * cannot raise an alarm.
   */
  playing(on: boolean): void {
    const held = this.#playback;
    if (held) clearTimeout(held.timer);
    const release = held?.release ?? (on ? this.#o.voice.suspend() : undefined);
    if (!release) return;
    const end = (): void => {
      release();
      this.#playback = undefined;
    };
    const timer = on
      ? setTimeout(() => {
          this.#o.log.warn('staff playback did not say it ended; listening again');
          end();
        }, PLAYBACK_HOLD_MS)
      : setTimeout(end, PLAYBACK_TAIL_MS);
    timer.unref?.();
    this.#playback = { release, timer };
  }

  async save(phraseId: string): Promise<{ saved: boolean; problem?: LocalizedText }> {
    const enrolled = await this.#enrollTakes(phraseId);
    if (!enrolled.ok) return { saved: false, problem: enrolled.problem };
    await this.#commit((phrases) => [...phrases.filter((p) => p.id !== phraseId), enrolled.value]);
    this.#takes.delete(phraseId);
    this.#o.log.info({ phraseId, takes: enrolled.value.templates.length }, 'voice phrase enrolled');
    return { saved: true };
  }

  async remove(phraseId: string): Promise<boolean> {
    this.#phrase(phraseId);
    const removed = await this.#commit((phrases) => (phrases.some((p) => p.id === phraseId) ? phrases.filter((p) => p.id !== phraseId) : null));
    if (removed) this.#o.log.info({ phraseId }, 'voice phrase removed');
    return removed;
  }

  async exportTo(dir: string): Promise<{ path: string; phrases: number }> {
    await mkdir(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const path = join(dir, `voice-enrollments-${stamp}.json`);
    await writeDurably(path, this.#o.toolkit.exportFile(this.#phrases));
    return { path, phrases: this.#phrases.length };
  }

  /** Adds (or replaces) the phrases in a file from another kiosk; phrases this kiosk does not use are skipped. */
  async importFrom(path: string): Promise<{ imported: number; problem?: LocalizedText }> {
    let text: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) return { imported: 0, problem: { zh: '这不是一个文件。', en: 'That is not a file.' } };
      if (info.size > MAX_IMPORT_BYTES) return { imported: 0, problem: { zh: '文件太大，不是语音口令文件。', en: 'The file is too large to be a voice enrolment file.' } };
      text = await readFile(path, 'utf8');
    } catch {
      return { imported: 0, problem: { zh: '找不到或打不开这个文件。', en: 'The file cannot be found or opened.' } };
    }
    const parsed = this.#o.toolkit.importFile(text);
    if (!parsed.ok) return { imported: 0, problem: parsed.problem };
    const incoming = parsed.value.filter((p) => this.#known(p.id));
    const ids = new Set(incoming.map((p) => p.id));
    await this.#commit((phrases) => [...phrases.filter((p) => !ids.has(p.id)), ...incoming]);
    this.#o.log.info({ imported: incoming.length, skipped: parsed.value.length - incoming.length }, 'voice enrolments imported');
    return { imported: incoming.length };
  }

  async #enrollTakes(phraseId: string): Promise<{ ok: true; value: EnrolledPhrase } | { ok: false; problem: LocalizedText }> {
    const phrase = this.#phrase(phraseId);
    const usable = (this.#takes.get(phraseId) ?? []).filter((t) => !t.view.problem).map((t) => t.samples);
    return this.#o.toolkit.enroll({ id: phraseId, label: phrase.label.zh, sensitivity: phrase.sensitivity }, usable);
  }

  /**
   * Changes the saved phrases: `change` is given them as the commits before it left them, and
   * returns the new list, or null to leave them be. Resolves whether anything changed.
   */
  #commit(change: (phrases: readonly EnrolledPhrase[]) => EnrolledPhrase[] | null): Promise<boolean> {
    return this.#commits.runExclusive(async () => {
      const phrases = change(this.#phrases);
      if (!phrases) return false;
      await writeDurably(this.file, this.#o.toolkit.exportFile(phrases));
      this.#phrases = phrases;
      const next = await this.#o.toolkit.createEngine(phrases);
      await this.#o.voice.replaceEngine(next);
      this.#o.onSaved?.();
      return true;
    });
  }

  #phrase(phraseId: string) {
    const entry = phraseTable(this.#o.voiceFile).get(phraseId);
    if (!entry) throw new EnrollmentError('not-found', `No phrase "${phraseId}" in content/voice.yaml`);
    return entry.phrase;
  }

  #known(phraseId: string): boolean {
    return phraseTable(this.#o.voiceFile).has(phraseId);
  }

  /** One recording or trial at a time: the microphone has one speaker in front of it. */
  async #exclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new EnrollmentError('unavailable', 'A recording is already in progress.');
    this.#busy = true;
    try {
      return await body();
    } finally {
      this.#busy = false;
    }
  }
}

function peakDb(samples: Int16Array): number {
  let peak = -100;
  for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES) peak = Math.max(peak, frameDbfs(samples.subarray(at, at + FRAME_SAMPLES)));
  return peak;
}

/**
 * Write to a temporary file, flush it, then rename over the old one: a power cut leaves one or
 * the other whole. The temporary name is the write's own, so two writes never share one.
 */
async function writeDurably(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await openFile(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
