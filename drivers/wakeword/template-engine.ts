/**
 * The offline, key-free engine (facts/voice.md §0: the template engine with MFCC is the
 * dependency-free path). Phrases come either as recordings, enrolled at `init`, or as templates
 * imported from an enrolment file. Every frame feeds the MFCC front end so a phrase's first
 * syllable is never lost, but DTW — nearly all the cost — runs only while the VAD has heard
 * something within the longest phrase's span.
 */
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
import { DEFAULT_MFCC, MfccFrontEnd } from './mfcc.ts';
import { PhraseSpotter, type SpotterOptions } from './spotter.ts';
import { noiseAllowance, quietThreshold } from './thresholds.ts';
import { EnergyVad, type VadOptions } from './vad.ts';

export type PhraseSource = PhraseRecording | EnrolledPhrase;

export interface TemplateEngineOptions {
  readonly phrases: readonly PhraseSource[];
  /** `false` compares every window, for measuring what the VAD saves. */
  readonly vad?: Partial<VadOptions> | false;
  readonly spotter?: Partial<SpotterOptions>;
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
  readonly detections: number;
}

const FEATURES_PER_FRAME = FRAME_MS / ((DEFAULT_MFCC.hopLength / DEFAULT_MFCC.sampleRate) * 1000);

export class TemplateEngine implements WakeWordEngine {
  readonly #options: TemplateEngineOptions;
  #state: EngineStatus = { state: 'unavailable', reason: 'not initialised' };
  #phrases: EnrolledPhrase[] = [];
  #problems: PhraseProblem[] = [];
  #spotter: PhraseSpotter | null = null;
  #frontEnd = new MfccFrontEnd();
  #vad: EnergyVad | null = null;
  #labels = new Map<string, string>();
  #framesSinceSpeech = Infinity;
  #hangoverFrames = 0;
  #paused = false;
  #stats = { frames: 0, rejectedFrames: 0, clippedFrames: 0, quietFrames: 0, detections: 0 };

  constructor(options: TemplateEngineOptions) {
    this.#options = options;
  }

  /** Enrols any recordings; resolves either way, and `status()` says whether the engine can listen. */
  async init(): Promise<void> {
    const enrolled: EnrolledPhrase[] = [];
    const problems: PhraseProblem[] = [];
    for (const source of this.#options.phrases) {
      if ('templates' in source) {
        enrolled.push(source);
        continue;
      }
      const result = enrollPhrase(source);
      if (result.ok) enrolled.push(result.value);
      else problems.push({ phraseId: String(source.id), problem: result.error });
    }
    this.#problems = problems;
    if (problems.length > 0) {
      const reason = problems.map((p) => `${p.phraseId}: ${describeEnrollmentProblem(p.problem)}`).join('; ');
      this.#state = { state: 'unavailable', reason };
      return;
    }
    if (enrolled.length === 0) {
      this.#state = { state: 'unavailable', reason: 'no phrases enrolled' };
      return;
    }
    this.#phrases = enrolled;
    this.#labels = new Map(enrolled.map((p) => [p.id, p.label]));
    this.#spotter = new PhraseSpotter(
      enrolled.map((p) => ({ id: p.id, templates: p.templates, threshold: quietThreshold(p.sensitivity) })),
      this.#options.spotter,
    );
    const longest = Math.max(...enrolled.flatMap((p) => p.templates.map((t) => t.length)));
    this.#hangoverFrames = Math.ceil(longest / FEATURES_PER_FRAME);
    this.#vad = this.#options.vad === false ? null : new EnergyVad(this.#options.vad);
    this.#state = { state: 'ready' };
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

  stats(): EngineStats {
    return { ...this.#stats };
  }

  process(frame: Int16Array): Detection | null {
    const spotter = this.#spotter;
    if (this.#state.state !== 'ready' || !spotter) return null;
    const check = checkFrame(frame);
    if (check.kind !== 'ok') {
      this.#stats.rejectedFrames++;
      return null;
    }
    this.#stats.frames++;
    if (check.clipped) this.#stats.clippedFrames++;
    if (this.#paused) return null;
    const heard = this.#vad ? this.#vad.isSpeech(frame) : true;
    this.#framesSinceSpeech = heard ? 0 : this.#framesSinceSpeech + 1;
    const listening = this.#framesSinceSpeech <= this.#hangoverFrames;
    if (!listening) this.#stats.quietFrames++;
    const allowance = this.#vad ? noiseAllowance(this.#vad.peakOverFloorDb()) : 0;
    const match = spotter.push(this.#frontEnd.push(frame), { listening, allowance });
    if (!match) return null;
    this.#stats.detections++;
    return {
      phraseId: match.phraseId,
      label: this.#labels.get(match.phraseId) ?? match.phraseId,
      distance: match.distance,
      threshold: match.threshold,
      atMs: this.#stats.frames * FRAME_MS - ((spotter.frames - match.frame) / FEATURES_PER_FRAME) * FRAME_MS,
    };
  }

  /**
   * Stops listening, e.g. while the kiosk speaks (facts/voice.md §5: its own prompts reach the
   * microphone); on resume nothing heard before the pause can complete a phrase.
   */
  pause(): void {
    this.#paused = true;
    this.#spotter?.pause();
    this.#frontEnd.reset();
  }

  resume(): void {
    this.#paused = false;
    this.#spotter?.resume();
  }

  get paused(): boolean {
    return this.#paused;
  }

  release(): void {
    this.#spotter = null;
    this.#vad = null;
    this.#state = { state: 'unavailable', reason: 'released' };
  }
}
