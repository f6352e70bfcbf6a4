/**
 * The runner around the conversation machine: audio frames in, in order, through the speech
 * detector and the wake-word engine; heard phrases, the 说话 button and deadlines into the
 * machine; its effects out as events and calls into the emergency flow. Nothing here may stop
 * the kiosk: a bad frame is counted and dropped, an engine that fails is reported to staff in
 * words and the kiosk goes on by touch.
 */
import type { Logger } from 'pino';
import { FRAME_MS, type EngineStatus } from '../../../drivers/wakeword/engine.ts';
import type { VoiceFile, VoiceIntent } from '../../content/schema.ts';
import { setDeadlineTimer } from '../../core/deadline-timer.ts';
import type { EventBus } from '../../core/events.ts';
import { AUDIO_FRAME_BYTES, AUDIO_FRAME_SAMPLES, captureStates, type VoiceStateView, type VoiceStatus } from '../../api/voice.ts';
import type { HealthService } from '../health/service.ts';
import { IDLE, nextDeadline, phraseMatters, transition, type VoiceEffect, type VoiceInput, type VoiceState } from './machine.ts';
import { commandExamples, phraseTable, type PhraseEntry } from './phrases.ts';
import { speechActivity, type SpeechActivity, type SpeechDetector } from './activity.ts';
import { pausable, type ListeningEngine } from './engines.ts';
import { voiceHealth } from './messages.ts';
import { AudioWatch, NO_AUDIO_MS } from './audio-watch.ts';

export type CaptureState = (typeof captureStates)[number];

export interface VoiceActions {
  emergency(): Promise<void>;
  /** Whether an alarm is in its cancel window now, so "取消" means something. */
  alarmCancellable(): boolean;
  cancelAlarm(): Promise<void>;
  /** Carries out a command the core owns (settings, staff call, ticket) before the screen hears of it. */
  act(intent: VoiceIntent): Promise<{ ticket?: number }>;
}

export interface VoiceServiceOptions {
  voice: VoiceFile;
  engine: ListeningEngine;
  /** Judges frames the engine's own VAD did not (an engine without one, or not listening yet). */
  detector: SpeechDetector;
  actions: VoiceActions;
  processing: VoiceStatus['processing'];
  events: EventBus;
  health: HealthService;
  log: Logger;
  now?: () => number;
}

/** Speech shorter than this is a cough or a door, not someone starting to talk. */
const MIN_SPEECH_MS = 200;

/** Frames waiting for the engine beyond this (2 s) are dropped: late audio is worth less than a live kiosk. */
const MAX_BACKLOG = 25;

/**
 * The longest after a phrase ends that an engine reports it: the template spotter's settle time
 * and the speech-embedding window come to 0.5–1.3 s; the rest is margin. The end of someone's
 * speech closes their window no sooner than this after it, however short the site's
 * `endSilenceMs`, so the command they just said is not lost to the silence after it.
 */
const MATCH_REPORTED_WITHIN_MS = 1600;

/**
 * The "我在听" cue the screen plays as a window opens (two tones, 240 ms) comes back through the
 * microphone, with echo cancellation off for the spotter, and the speech detectors can take it
 * for speech — silero as well as the energy gate. Taken as the person starting to talk, it would
 * close the window 1.5 s later with "没有听清楚", before an older person had said a word. So what
 * arrives in the first second after a window opens (the tones, and the time for the screen to
 * hear of the window, play them and send them back) starts and ends no speech, and the tracker
 * starts afresh after it: someone already talking by then is heard starting.
 */
const CUE_FRAMES = Math.ceil(1000 / FRAME_MS);

/**
 * The kiosk's last words are still on their way when the screen says it has stopped speaking:
 * the capture path lags the speaker by a few frames, and a spotter reports a phrase up to its
 * settle time (the MFCC spotter's half second) after it ended. A phrase reported this soon after
 * is taken as the kiosk's own, like one heard while it spoke. Someone answering the kiosk needs
 * longer than this to say a whole phrase after it stops.
 */
const OWN_VOICE_TAIL_FRAMES = Math.ceil(800 / FRAME_MS);

/** A live frame, and whether the speech detector hears speech in it. */
export type FrameTap = (frame: Int16Array, speech: boolean) => void;

export class VoiceService {
  readonly #o: VoiceServiceOptions;
  readonly #now: () => number;
  readonly #table: ReadonlyMap<string, PhraseEntry>;
  #engine: ListeningEngine;
  #activity: SpeechActivity;
  /** Frames received so far: the position in the audio of each frame, whenever it is processed. */
  #received = 0;
  /** The first frame after the listening cue of the window last opened; until then no activity counts. */
  #cueOver = 0;
  #state: VoiceState = IDLE;
  #capture: CaptureState = 'stopped';
  #speaking = false;
  /** The frame at which the kiosk last stopped speaking; see OWN_VOICE_TAIL_FRAMES. */
  #quietFrom = -Infinity;
  /** Enrolment is recording: staff saying 救命 to teach it must not raise an alarm. */
  #suspended = 0;
  #chain: Promise<void> = Promise.resolve();
  #backlog = 0;
  #timer: NodeJS.Timeout | undefined;
  #seq = 0;
  #intentSeq = 0;
  #lastHeard: VoiceStateView['heard'];
  #taps = new Set<FrameTap>();
  #stats = { frames: 0, badFrames: 0, droppedFrames: 0 };
  /** Frames dropped since the engine last caught up: while above 0 the kiosk is missing what is said. */
  #droppedBehind = 0;
  #stopped = false;
  /** The engine's state when last looked at, so a change is told to staff once. */
  #engineState: 'ready' | 'unavailable' | undefined;
  #detectorFailing = false;
  readonly #audio = new AudioWatch((silent) => {
    if (silent) this.#o.log.warn({ forMs: NO_AUDIO_MS }, 'the screen says the microphone runs, but no audio is arriving');
    else this.#o.log.info('audio from the microphone is arriving again');
    this.#publishStatus();
  });

  constructor(options: VoiceServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#table = phraseTable(options.voice);
    this.#engine = options.engine;
    this.#activity = this.#newActivity();
  }

  #newActivity(): SpeechActivity {
    return speechActivity({ endSilenceMs: this.#o.voice.endSilenceMs, minSpeechMs: MIN_SPEECH_MS });
  }

  start(): void {
    this.#listenForState();
    this.#publishStatus();
  }

  /** The engine's availability changed by itself (a licence check that succeeded on retry). */
  refreshStatus(): void {
    this.#publishStatus();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#audio.stop();
    await this.#chain;
    this.#engine.engine.release();
  }

  /** Swaps the engine, e.g. after staff enrolled or imported phrases. */
  async replaceEngine(next: ListeningEngine): Promise<void> {
    await this.#chain;
    const old = this.#engine;
    this.#engine = next;
    old.engine.release();
    if (this.#suspended > 0) pauseEngine(next);
    this.#listenForState();
    this.#publishStatus();
  }

  get engine(): ListeningEngine {
    return this.#engine;
  }

  stats(): { frames: number; badFrames: number; droppedFrames: number } {
    return { ...this.#stats };
  }

  /** One message from the audio channel. Anything but a whole frame of 16-bit samples is counted and dropped. */
  acceptFrame(data: Uint8Array): void {
    if (this.#stopped) return;
    if (data.byteLength !== AUDIO_FRAME_BYTES) {
      this.#stats.badFrames++;
      if (this.#stats.badFrames === 1 || this.#stats.badFrames % 500 === 0) {
        this.#o.log.warn({ bytes: data.byteLength, expected: AUDIO_FRAME_BYTES, bad: this.#stats.badFrames }, 'audio frame of the wrong size dropped');
      }
      return;
    }
    this.#audio.frame();
    const index = this.#received++;
    if (this.#backlog >= MAX_BACKLOG) {
      this.#dropFrame();
      return;
    }
    // Copy into an aligned buffer: the message's bytes may sit at any offset of a shared buffer.
    const frame = new Int16Array(AUDIO_FRAME_SAMPLES);
    new Uint8Array(frame.buffer).set(data);
    if (!littleEndian) frame.forEach((v, i) => (frame[i] = ((v & 0xff) << 8) | ((v >> 8) & 0xff)));
    this.#backlog++;
    this.#chain = this.#chain
      .then(() => this.#process(frame, index))
      .finally(() => {
        if (--this.#backlog === 0 && this.#droppedBehind > 0) this.#caughtUp();
      });
  }

  /** Logged when it starts and every 500 frames (40 s) after, not 12 times a second; staff see it as it happens. */
  #dropFrame(): void {
    this.#stats.droppedFrames++;
    this.#droppedBehind++;
    if (this.#droppedBehind === 1) {
      this.#o.log.warn({ droppedSinceBehind: 1, dropped: this.#stats.droppedFrames }, 'the voice engine is 2 s behind; dropping audio frames until it catches up');
      this.#publishStatus();
    } else if (this.#droppedBehind % 500 === 0) {
      this.#o.log.warn({ droppedSinceBehind: this.#droppedBehind, dropped: this.#stats.droppedFrames }, 'the voice engine is still behind; audio frames dropped');
    }
  }

  #caughtUp(): void {
    this.#o.log.info({ droppedSinceBehind: this.#droppedBehind, dropped: this.#stats.droppedFrames }, 'the voice engine caught up; no more audio frames dropped');
    this.#droppedBehind = 0;
    this.#publishStatus();
  }

  /** Frames as they arrive, for enrolment takes and level meters; the returned function stops it. */
  tap(listener: FrameTap): () => void {
    this.#taps.add(listener);
    return () => this.#taps.delete(listener);
  }

  /**
   * Stops acting on what is heard until the returned function is called (taps still receive
   * frames), e.g. while staff record, try or play back a 救命 take. A template engine is paused
   * too, which makes it forget what it heard, so nothing said meanwhile can complete or settle
   * a match afterwards; and the release waits for the frames already received, so none of them
   * is acted on either.
   */
  suspend(): () => void {
    if (this.#suspended++ === 0) pauseEngine(this.#engine);
    this.#feed({ type: 'close' });
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      void this.#chain.then(() => {
        if (--this.#suspended === 0) resumeEngine(this.#engine);
      });
    };
  }

  setCapture(state: CaptureState, detail?: string): void {
    if (state === this.#capture) return;
    this.#capture = state;
    if (state !== 'running' && state !== 'starting') this.#o.log.warn({ state, detail }, 'microphone is not delivering audio');
    else this.#o.log.info({ state }, 'microphone');
    this.#audio.watch(state === 'running' && !this.#stopped);
    this.#publishStatus();
  }

  /**
   * The kiosk is speaking. Its own voice reaches the microphone (facts/voice.md §2.2), so only the
   * help phrase counts meanwhile — no prompt says it, and someone who has fallen must not have to
   * wait for the kiosk to finish a sentence — and 取消 while an alarm may still be called off by
   * voice: the alarm screen reads out a long announcement just then, and a 救命 from a television
   * must not go on to ring someone because nobody could be heard over it. The 说话 button still works.
   */
  setSpeaking(on: boolean): void {
    const was = this.#speaking;
    this.#speaking = on;
    if (was && !on) {
      this.#quietFrom = this.#received;
      this.#feed({ type: 'kiosk-quiet' });
    }
  }

  status(): VoiceStatus {
    return this.#snapshot().status;
  }

  /** The status screens get, and the health staff see, from one look at the engine. */
  #snapshot(): { status: VoiceStatus; health: ReturnType<typeof voiceHealth>; engineState: EngineStatus['state'] } {
    const engine = this.#engine;
    const engineStatus = engine.engine.status();
    const enrolled = engine.enrolled;
    const phrases = [...this.#table.values()].map(({ phrase, role }) => ({
      id: phrase.id,
      label: phrase.label,
      ...(phrase.pinyin ? { pinyin: phrase.pinyin } : {}),
      role: role.role,
      ...(role.role === 'command' ? { intent: role.intent } : {}),
      enrolled: enrolled.has(phrase.id),
    }));
    const commandsReady = engineStatus.state === 'ready' && phrases.some((p) => p.role === 'command' && p.enrolled);
    const health = voiceHealth({
      engine: engineStatus,
      engineReason: engine.reason,
      capture: this.#capture,
      enrolled: phrases.filter((p) => p.enrolled).length,
      behind: this.#droppedBehind > 0,
      noAudio: this.#audio.silent,
    });
    const status: VoiceStatus = {
      available: health.state === 'ok',
      ...(health.state === 'ok' ? {} : { reason: health.message }),
      engine: engine.kind,
      ...(engine.frontEnd ? { frontEnd: engine.frontEnd } : {}),
      commandsReady: commandsReady && this.#capture === 'running' && !this.#audio.silent,
      phrases,
      processing: this.#o.processing,
      capture: this.#capture,
    };
    return { status, health, engineState: engineStatus.state };
  }

  view(): VoiceStateView {
    return this.#view('idle');
  }

  /** The 说话 button. False when there is nothing the kiosk could understand. */
  talk(): boolean {
    if (!this.status().commandsReady) return false;
    this.#feed({ type: 'talk' });
    return true;
  }

  answer(yes: boolean): void {
    this.#feed({ type: 'answer', yes });
  }

  close(): void {
    this.#feed({ type: 'close' });
  }

  async #process(frame: Int16Array, index: number): Promise<void> {
    if (this.#stopped) return;
    this.#stats.frames++;
    try {
      const engine = this.#engine;
      const detection = await engine.engine.process(frame);
      this.#noticeEngineState(engine);
      const speech = await this.#heardSpeech(engine, frame);
      const activity = this.#trackActivity(speech, index);
      for (const tap of this.#taps) tap(frame, speech);
      if (this.#suspended > 0) return;
      // The kiosk's own voice is not the person starting or stopping to talk.
      if (activity === 'started' && !this.#speaking) this.#feed({ type: 'speech-started' });
      else if (activity === 'ended' && !this.#speaking) this.#feed({ type: 'speech-ended' });
      if (!detection) return;
      const entry = this.#table.get(detection.phraseId);
      if (!entry) return;
      const alarmCancellable = this.#o.actions.alarmCancellable();
      // Yes and no answer a question, and the kiosk's questions end in 吗, never in either: a
      // quick 是的 right after one is the person's.
      const answering = entry.role.role === 'yes' || entry.role.role === 'no';
      const kioskVoice = this.#speaking || (!answering && index < this.#quietFrom + OWN_VOICE_TAIL_FRAMES);
      const heeded = !kioskVoice || entry.role.role === 'help' || (entry.role.role === 'cancel' && alarmCancellable);
      this.#o.log.info(
        { phraseId: detection.phraseId, distance: detection.distance, threshold: detection.threshold, heeded },
        heeded ? 'phrase heard' : 'phrase heard in the kiosk\'s own voice; ignored',
      );
      if (!heeded) return;
      this.#feed({ type: 'heard', phraseId: detection.phraseId, phrase: entry.role, alarmCancellable });
    } catch (err) {
      this.#o.log.error({ err }, 'voice frame could not be processed');
    }
  }

  /** Whether the person started or stopped talking with this frame; the listening cue is neither (CUE_FRAMES). */
  #trackActivity(speech: boolean, index: number): 'started' | 'ended' | null {
    return index < this.#cueOver ? null : this.#activity.push(speech);
  }

  /**
   * An engine can stop working mid-stream (its models fail); staff must then see at once that
   * nobody can call for help by voice, not at the next restart.
   */
  #noticeEngineState(engine: ListeningEngine): void {
    const state = engine.engine.status().state;
    if (state === this.#engineState) return;
    this.#engineState = state;
    this.#publishStatus();
  }

  /**
   * Whether the frame held speech, for ending listening windows. A detector that fails counts
   * as silence — a phrase already heard in the frame still counts — and is logged when it starts
   * and stops failing, not 12 times a second.
   */
  async #heardSpeech(engine: ListeningEngine, frame: Int16Array): Promise<boolean> {
    try {
      const speech = engine.lastSpeech?.() ?? (await this.#o.detector.isSpeech(frame));
      if (this.#detectorFailing) this.#o.log.info('the speech detector works again');
      this.#detectorFailing = false;
      return speech;
    } catch (err) {
      if (!this.#detectorFailing) this.#o.log.error({ err }, 'the speech detector failed; counting frames as silence until it recovers');
      this.#detectorFailing = true;
      return false;
    }
  }

  /** `due`: a tick's deadline (setDeadlineTimer); a wall clock stepped back must not hold a window open. */
  #feed(input: VoiceInput, due = -Infinity): void {
    const before = this.#state;
    const timing = { listenMs: this.#listenMs(), matchGraceMs: Math.max(0, MATCH_REPORTED_WITHIN_MS - this.#o.voice.endSilenceMs) };
    const { state, effects } = transition(before, input, Math.max(this.#now(), due), timing);
    this.#state = state;
    if (state !== before) this.#schedule();
    if (state.kind !== before.kind) this.#listenForState();
    for (const effect of effects) this.#carryOut(effect);
    // A moved deadline is news too: the screen counts down to it, and a reconnecting screen reads it.
    if (state.kind !== before.kind || effects.length > 0 || nextDeadline(state) !== nextDeadline(before)) this.#publishState(effects);
  }

  #carryOut(effect: VoiceEffect): void {
    const { actions, log } = this.#o;
    switch (effect.kind) {
      case 'understood': {
        const entry = this.#table.get(effect.phraseId);
        if (entry) this.#lastHeard = { phraseId: effect.phraseId, label: entry.phrase.label, role: entry.role.role };
        return;
      }
      case 'emergency':
        // The screen already says the phrase was heard, so a failure must reach it too, after one more try.
        actions
          .emergency()
          .catch((err: unknown) => {
            log.error({ err }, 'could not raise the alarm from the help phrase; trying once more');
            return actions.emergency();
          })
          .catch((err: unknown) => {
            log.error({ err }, 'could not raise the alarm from the help phrase');
            this.#publishFailure('emergency');
          });
        return;
      case 'listening':
        // Afresh from the cue's end: no frame before it is pushed, and every frame after it comes later.
        this.#cueOver = this.#received + CUE_FRAMES;
        this.#activity = this.#newActivity();
        return;
      case 'cancel-alarm':
        actions.cancelAlarm().catch((err: unknown) => log.error({ err }, 'could not cancel the alarm by voice'));
        return;
      case 'act': {
        const intent = effect.intent;
        actions
          .act(intent)
          .then((detail) => this.#o.events.publish('voice.intent', { intent, seq: ++this.#intentSeq, ...detail }))
          .catch((err: unknown) => {
            log.error({ err, intent }, 'voice command could not be carried out');
            this.#publishFailure(intent);
          });
        return;
      }
      default:
        return;
    }
  }

  /** Tells the engine which phrases can mean something in the conversation's current state. */
  #listenForState(): void {
    const wanted = new Set<string>();
    for (const [id, { role }] of this.#table) if (phraseMatters(role.role, this.#state.kind)) wanted.add(id);
    this.#engine.listenFor?.(wanted);
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const deadline = nextDeadline(this.#state);
    if (deadline === null || this.#stopped) return;
    // No window or question is ever given longer than the listening time.
    this.#timer = setDeadlineTimer(deadline, this.#now(), this.#listenMs(), (at) => this.#feed({ type: 'tick' }, at));
    this.#timer.unref?.();
  }

  #listenMs(): number {
    return this.#o.voice.listenSeconds * 1000;
  }

  #view(cue: VoiceStateView['cue'], failed?: VoiceStateView['failed']): VoiceStateView {
    const s = this.#state;
    const enrolled = this.#engine.enrolled;
    return {
      state: s.kind,
      ...(s.kind === 'listening' ? { trigger: s.trigger } : {}),
      ...(s.kind !== 'idle' ? { deadline: new Date(s.deadline).toISOString() } : {}),
      ...(s.kind === 'confirming' ? { intent: s.intent } : {}),
      listenMs: this.#listenMs(),
      ...(this.#lastHeard ? { heard: this.#lastHeard } : {}),
      cue,
      ...(failed ? { failed } : {}),
      examples: commandExamples(this.#o.voice, enrolled),
      seq: this.#seq,
    };
  }

  #publishState(effects: readonly VoiceEffect[]): void {
    this.#seq++;
    const cue = cueFor(effects);
    if (cue !== 'understood' && cue !== 'asking') this.#lastHeard = cue === 'listening' ? undefined : this.#lastHeard;
    this.#o.events.publish('voice.state', this.#view(cue));
  }

  /** An alarm or command that was understood, and said to be, but could not be carried out. */
  #publishFailure(failed: NonNullable<VoiceStateView['failed']>): void {
    this.#seq++;
    this.#o.events.publish('voice.state', this.#view('failed', failed));
  }

  #publishStatus(): void {
    const { status, health, engineState } = this.#snapshot();
    this.#engineState = engineState;
    this.#o.health.report('voice', health.state, health.message);
    this.#o.events.publish('voice.status', status);
  }
}

const pauseEngine = ({ engine }: ListeningEngine): void => {
  if (pausable(engine)) engine.pause();
};

const resumeEngine = ({ engine }: ListeningEngine): void => {
  if (pausable(engine)) engine.resume();
};

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function cueFor(effects: readonly VoiceEffect[]): VoiceStateView['cue'] {
  const kinds = new Set(effects.map((e) => e.kind));
  if (kinds.has('ask')) return 'asking';
  if (kinds.has('understood') || kinds.has('act')) return 'understood';
  if (kinds.has('listening')) return 'listening';
  if (kinds.has('not-understood')) return 'not-understood';
  if (kinds.has('closed')) return 'closed';
  // Only the state or its deadline moved: nothing to play or say.
  return 'idle';
}
