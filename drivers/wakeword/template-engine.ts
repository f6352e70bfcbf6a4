/**
 * The offline, key-free engine (facts/voice.md §0: the template engine is the dependency-free
 * path; §3.2–3.3 for its two front ends). Phrases come either as recordings, enrolled at `init`
 * with the engine's front end, or as templates imported from an enrolment file made by the same
 * front end. Every frame feeds the front end so a phrase's first syllable is never lost, but DTW
 * runs only while the VAD has heard something within the longest phrase's span.
 */
import { Mutex } from '../mutex.ts';
import {
  FRAME_MS,
  checkFrame,
  type Detection,
  type EngineStatus,
  type WakeWordEngine,
} from './engine.ts';
import {
  describeEnrollmentProblem,
  enrollPhrase,
  type EnrolledPhrase,
  type EnrollmentProblem,
  type PhraseRecording,
} from './enrollment.ts';
import { DEFAULT_FRONT_END, PROFILES, type FeatureFrontEnd, type FrontEndId, type FrontEndProfile } from './front-end.ts';
import { createVad, type SileroOptions, type VadChoice } from './silero-vad.ts';
import { PhraseSpotter, type SpotterOptions } from './spotter.ts';
import { noiseAllowance, quietThreshold } from './thresholds.ts';
import { EnergyVad, type VadOptions, type VoiceActivityDetector } from './vad.ts';

export type PhraseSource = PhraseRecording | EnrolledPhrase;

export interface TemplateEngineOptions {
  readonly phrases: readonly PhraseSource[];
  /** `DEFAULT_FRONT_END` unless told. */
  readonly frontEnd?: FrontEndId;
  /**
   * Which VAD gates the spotter: silero (falls back to the energy gate if its model cannot be
   * loaded), the energy gate, or `false` to compare every window, for measuring what a VAD saves.
   * By default silero for speech embeddings and the energy gate for the dependency-free MFCC.
   */
  readonly vad?: VadChoice | false;
  readonly energyVad?: Partial<VadOptions>;
  readonly silero?: Partial<SileroOptions>;
  readonly spotter?: Partial<SpotterOptions>;
  /** Where the ONNX models are; the installed package's by default. */
  readonly modelDir?: string | null;
}

export interface PhraseProblem {
  readonly phraseId: string;
  readonly problem: EnrollmentProblem;
}

export interface EngineStats {
  readonly frames: number;
  /** Frames dropped because they were not 16-bit or not FRAME_SAMPLES long. */
  readonly rejectedFrames: number;
  readonly clippedFrames: number;
  /** Frames during which no comparison ran because the VAD heard only the room. */
  readonly quietFrames: number;
  /**
   * Quiet frames the front end was only given to hear, with no features asked of it unless
   * speech followed within a window's reach (speech embeddings skip their network for them).
   */
  readonly deferredFrames: number;
  readonly detections: number;
}

/** Which VAD gates the spotter, and why it is not the one asked for, if it is not. */
export interface VadStatus {
  readonly kind: VadChoice | 'none';
  readonly fallbackReason: string | null;
}

const describeProblems = (problems: readonly PhraseProblem[]): string =>
  problems.map((p) => `${p.phraseId}: ${describeEnrollmentProblem(p.problem)}`).join('; ');

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

export class TemplateEngine implements WakeWordEngine {
  readonly #options: TemplateEngineOptions;
  readonly #profile: FrontEndProfile;
  #state: EngineStatus = { state: 'unavailable', reason: 'not initialised' };
  #phrases: EnrolledPhrase[] = [];
  #problems: PhraseProblem[] = [];
  #spotter: PhraseSpotter | null = null;
  #frontEnd: FeatureFrontEnd | null = null;
  #vad: VoiceActivityDetector | null = null;
  #vadStatus: VadStatus = { kind: 'none', fallbackReason: null };
  /** Measures how loud the speech is over the room, for `noiseAllowance`, whichever VAD gates. */
  #room = new EnergyVad();
  #labels = new Map<string, string>();
  #framesSinceSpeech = Infinity;
  #hangoverFrames = 0;
  /** Feature frames of quiet audio the front end holds back until speech makes them worth computing. */
  #deferredFeatures = 0;
  /** What callers see at once; `#listening` is the same switch, in the order of the frames. */
  #paused = false;
  /** Phrases compared now; null for all. */
  #only: ReadonlySet<string> | null = null;
  /** The VAD's call on the last frame processed; null when no VAD judged it. */
  #lastSpeech: boolean | null = null;
  #listening = true;
  readonly #queue = new Mutex();
  #stats = { frames: 0, rejectedFrames: 0, clippedFrames: 0, quietFrames: 0, deferredFrames: 0, detections: 0 };

  constructor(options: TemplateEngineOptions) {
    this.#options = options;
    this.#profile = PROFILES[options.frontEnd ?? DEFAULT_FRONT_END];
  }

  get frontEnd(): FrontEndId {
    return this.#profile.id;
  }

  /**
   * Loads the front end and VAD and enrols any recordings; resolves either way, and `status()`
   * says whether the engine can listen.
   */
  async init(): Promise<void> {
    const opened = await this.#profile.open(this.#options.modelDir);
    if (!opened.ok) {
      this.#state = { state: 'unavailable', reason: `the ${this.#profile.description} front end cannot run: ${opened.error}` };
      return;
    }
    const enrolled: EnrolledPhrase[] = [];
    const problems: PhraseProblem[] = [];
    for (const source of this.#options.phrases) {
      if ('templates' in source) {
        if (source.frontEnd === this.#profile.id) enrolled.push(source);
        else {
          const problem = { kind: 'wrong-front-end', frontEnd: source.frontEnd, expected: this.#profile.id } as const;
          problems.push({ phraseId: source.id, problem });
        }
        continue;
      }
      const result = await enrollPhrase(source, { frontEnd: this.#profile.id, modelDir: this.#options.modelDir });
      if (result.ok) enrolled.push(result.value);
      else problems.push({ phraseId: String(source.id), problem: result.error });
    }
    this.#problems = problems;
    if (problems.length > 0) {
      this.#state = { state: 'unavailable', reason: describeProblems(problems) };
      return;
    }
    if (enrolled.length === 0) {
      this.#state = { state: 'unavailable', reason: 'no phrases enrolled' };
      return;
    }
    this.#frontEnd = opened.value;
    this.#phrases = enrolled;
    this.#labels = new Map(enrolled.map((p) => [p.id, p.label]));
    const scale = this.#profile.thresholds;
    this.#spotter = new PhraseSpotter(
      enrolled.map((p) => ({ id: p.id, templates: p.templates, threshold: quietThreshold(p.sensitivity, scale) })),
      { ...this.#profile.spotter, prepare: this.#profile.prepare, ...this.#options.spotter },
    );
    const longest = Math.max(...enrolled.flatMap((p) => p.templates.map((t) => t.length)));
    this.#hangoverFrames = Math.ceil(longest / this.#featuresPerFrame());
    await this.#openVad();
    this.#state = { state: 'ready' };
  }

  async #openVad(): Promise<void> {
    const choice = this.#options.vad ?? (this.#profile.id === 'mfcc' ? 'energy' : 'silero');
    this.#room = new EnergyVad(this.#options.energyVad);
    if (choice === false) {
      this.#vad = null;
      this.#vadStatus = { kind: 'none', fallbackReason: null };
      return;
    }
    const { vad, fallbackReason } = await createVad(choice, {
      silero: this.#options.silero,
      energy: this.#options.energyVad,
      modelDir: this.#options.modelDir,
    });
    // The energy gate is its own room meter; a second one would hear every frame twice.
    if (vad instanceof EnergyVad) this.#room = vad;
    this.#vad = vad;
    this.#vadStatus = { kind: vad.kind, fallbackReason };
  }

  #featuresPerFrame(): number {
    return FRAME_MS / this.#profile.frameMs;
  }

  status(): EngineStatus {
    return this.#state;
  }

  /** Why each phrase that could not be enrolled was refused, for the enrolment screen. */
  get problems(): readonly PhraseProblem[] {
    return this.#problems;
  }

  /** The enrolled phrases, to save with `exportEnrollments`. */
  get phrases(): readonly EnrolledPhrase[] {
    return this.#phrases;
  }

  get vadStatus(): VadStatus {
    return this.#vadStatus;
  }

  stats(): EngineStats {
    return { ...this.#stats };
  }

  process(frame: Int16Array): Promise<Detection | null> {
    const check = checkFrame(frame);
    if (check.kind !== 'ok') {
      this.#stats.rejectedFrames++;
      return Promise.resolve(null);
    }
    return this.#queue.runExclusive(() => this.#step(frame, check.clipped));
  }

  /** One frame, after every earlier one; a failure of the models makes the engine unavailable, never a rejection. */
  async #step(frame: Int16Array, clipped: boolean): Promise<Detection | null> {
    const spotter = this.#spotter;
    const frontEnd = this.#frontEnd;
    this.#lastSpeech = null;
    if (this.#state.state !== 'ready' || !spotter || !frontEnd) return null;
    this.#stats.frames++;
    if (clipped) this.#stats.clippedFrames++;
    if (!this.#listening) return null;
    try {
      const heard = this.#vad ? await this.#vad.isSpeech(frame) : true;
      if (this.#vad) this.#lastSpeech = heard;
      if (this.#room !== this.#vad) this.#room.isSpeech(frame);
      this.#framesSinceSpeech = heard ? 0 : this.#framesSinceSpeech + 1;
      const listening = this.#framesSinceSpeech <= this.#hangoverFrames;
      if (!listening) this.#stats.quietFrames++;
      const allowance = noiseAllowance(this.#room.peakOverFloorDb(), this.#profile.thresholds);
      const only = this.#only;
      if (!listening && !spotter.settling) {
        // Nothing to compare and no match to report: the front end keeps the audio, and makes
        // its features only if speech comes soon enough for them to be part of a window.
        this.#deferredFeatures += await frontEnd.defer(frame);
        this.#stats.deferredFrames++;
        return null;
      }
      if (this.#deferredFeatures > 0) await this.#catchUp(spotter, frontEnd, allowance, only);
      const features = await frontEnd.push(frame);
      if (this.#state.state !== 'ready') return null;
      const match = spotter.push(features, { listening, allowance, only });
      if (!match) return null;
      this.#stats.detections++;
      const perFrame = this.#featuresPerFrame();
      return {
        phraseId: match.phraseId,
        label: this.#labels.get(match.phraseId) ?? match.phraseId,
        distance: match.distance,
        threshold: match.threshold,
        atMs: this.#stats.frames * FRAME_MS - ((spotter.frames - match.frame) / perFrame) * FRAME_MS,
      };
    } catch (e) {
      this.#state = { state: 'unavailable', reason: `the ${this.#profile.description} front end failed: ${reasonOf(e)}` };
      return null;
    }
  }

  /**
   * Gives the spotter the features of the quiet audio just before speech, as far back as its
   * longest window reaches, and moves its clock over the rest; its windows are then exactly as
   * if every frame had been computed.
   */
  async #catchUp(spotter: PhraseSpotter, frontEnd: FeatureFrontEnd, allowance: number, only: ReadonlySet<string> | null): Promise<void> {
    const recalled = await frontEnd.recall(Math.min(this.#deferredFeatures, spotter.capacity));
    spotter.skip(this.#deferredFeatures - recalled.length);
    spotter.push(recalled, { listening: false, allowance, only });
    this.#deferredFeatures = 0;
  }

  /**
   * Whether the engine's VAD heard speech in the frame last processed (once its `process` has
   * resolved), or null if none judged it: a caller that needs the same answer, such as a
   * conversation waiting for the end of what someone says, need not run a second VAD.
   */
  get lastSpeech(): boolean | null {
    return this.#lastSpeech;
  }

  /**
   * Compares only these phrases from the next frame on (null: all). A conversation only ever
   * waits for a few of its phrases at a time — the wake and help phrases between windows, the
   * commands inside one — and DTW costs per phrase compared. Audio keeps flowing through the
   * front end either way, so a phrase that becomes wanted mid-utterance is still heard whole.
   */
  listenFor(ids: ReadonlySet<string> | null): void {
    this.#inOrder(() => {
      this.#only = ids;
    });
  }

  /**
   * Stops listening, e.g. while the kiosk speaks (facts/voice.md §5: its own prompts reach the
   * microphone); on resume nothing heard before the pause can complete a phrase. Frames passed
   * before the call are still heard; frames passed after it are not.
   */
  pause(): void {
    this.#paused = true;
    this.#inOrder(() => {
      this.#listening = false;
      this.#spotter?.pause();
      this.#frontEnd?.reset();
    });
  }

  resume(): void {
    this.#paused = false;
    this.#inOrder(() => {
      this.#listening = true;
      this.#spotter?.resume();
    });
  }

  /** A change of what the engine listens for, after every frame already passed; a failure makes it unavailable, never a rejection. */
  #inOrder(change: () => void): void {
    this.#queue
      .runExclusive(async () => change())
      .catch((e: unknown) => {
        this.#state = { state: 'unavailable', reason: `the ${this.#profile.description} front end failed: ${reasonOf(e)}` };
      });
  }

  get paused(): boolean {
    return this.#paused;
  }

  release(): void {
    this.#spotter = null;
    this.#frontEnd = null;
    this.#vad = null;
    this.#state = { state: 'unavailable', reason: 'released' };
  }
}

/**
 * The engine the voice service creates: `DEFAULT_FRONT_END` and silero VAD unless told. Call
 * `init()` on it as on any `WakeWordEngine`; enrol phrases for it with `enrollPhrase(recording,
 * { frontEnd: engine.frontEnd })` or pass the recordings here and let `init` enrol them.
 */
export function createTemplateEngine(options: TemplateEngineOptions): TemplateEngine {
  return new TemplateEngine({ frontEnd: DEFAULT_FRONT_END, vad: 'silero', ...options });
}
