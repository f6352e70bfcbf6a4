/**
 * What the template engine compares: MFCCs made in TypeScript (facts/voice.md §3.3, as Raven
 * does) or openWakeWord's speech embeddings (facts/voice.md §3.2). Templates only make sense to
 * the front end that made them, so everything that differs between the two — frame rate, how a
 * window is prepared, how distances are judged, how a take becomes a template — lives in one
 * profile per front end.
 */
import type { Augmentation } from './augment.ts';
import { DEFAULT_DTW } from './dtw.ts';
import { EMBEDDING_DIMS, EMBEDDING_WINDOW, EmbeddingFrontEnd, MAX_RECALL, loadEmbeddingModels } from './embedding.ts';
import { FRAME_SAMPLES, SAMPLE_RATE } from './engine.ts';
import { DEFAULT_MFCC, MfccFrontEnd, SMOOTHING_FRAMES, prepareWindow, type FeatureFrame } from './mfcc.ts';
import { MODEL_FILES } from './onnx-models.ts';
import { ok, type Result } from './result.ts';
import type { SpotterOptions } from './spotter.ts';
import { EMBEDDING_THRESHOLDS, MFCC_THRESHOLDS, type ThresholdScale } from './thresholds.ts';

export type FrontEndId = 'mfcc' | 'embedding';
export const FRONT_END_IDS: readonly FrontEndId[] = ['mfcc', 'embedding'];

/** A streaming feature extractor: audio in, in order, feature frames out. */
export interface FeatureFrontEnd {
  readonly id: FrontEndId;
  push(samples: Int16Array): Promise<FeatureFrame[]>;
  /**
   * Hears audio whose features may never be wanted; `recall` makes them if they are. Resolves
   * with how many feature frames the audio completed, so the caller's clock stays exact.
   */
  defer(samples: Int16Array): Promise<number>;
  /**
   * The last `count` feature frames of the audio deferred since the last `push` or `recall`
   * (fewer if fewer are kept), oldest first: the same frames `push` would have given.
   */
  recall(count: number): Promise<FeatureFrame[]>;
  /** Forgets all audio heard so far. */
  reset(): void;
}

export interface FrontEndProfile {
  readonly id: FrontEndId;
  /** How staff are told which front end a file was made with. */
  readonly description: string;
  readonly frameMs: number;
  readonly dims: number;
  /** Longest template an enrolment file may hold (a 3 s take, trimmed, with room to spare). */
  readonly maxTemplateFrames: number;
  /** Everything that changes what a template's numbers mean; written into enrolment files. */
  readonly settings: Readonly<Record<string, string | number>>;
  /** What DTW compares, for templates and live windows alike. */
  readonly prepare: (frames: readonly FeatureFrame[]) => FeatureFrame[];
  readonly spotter: Partial<SpotterOptions>;
  readonly thresholds: ThresholdScale;
  /** Two takes of one phrase further apart than this are probably two different phrases. */
  readonly disagreement: number;
  /** Each take becomes a clean template plus one per augmentation. */
  readonly augmentations: readonly Augmentation[];
  /** Silence put before and after a take before its features are taken. */
  readonly leadSamples: number;
  readonly tailSamples: number;
  open(modelDir?: string | null): Promise<Result<FeatureFrontEnd, string>>;
  /**
   * The template of a take that was padded with `leadSamples` before and `tailSamples` after
   * (and maybe had noise added), `takeSamples` long without the padding.
   */
  template(padded: Int16Array, takeSamples: number, frontEnd: FeatureFrontEnd): Promise<FeatureFrame[]>;
}

/** Longest MFCC template an enrolment file may hold, and so the most frames worth recalling. */
const MFCC_MAX_TEMPLATE = 400;

/** MFCCs cost next to nothing, so deferred audio is computed at once and kept for `recall`. */
class MfccFeatures implements FeatureFrontEnd {
  readonly id = 'mfcc';
  readonly #inner = new MfccFrontEnd();
  #deferred: FeatureFrame[] = [];

  push(samples: Int16Array): Promise<FeatureFrame[]> {
    this.#deferred = [];
    return Promise.resolve(this.#inner.push(samples));
  }

  defer(samples: Int16Array): Promise<number> {
    const made = this.#inner.push(samples);
    this.#deferred.push(...made);
    if (this.#deferred.length > MFCC_MAX_TEMPLATE) this.#deferred.splice(0, this.#deferred.length - MFCC_MAX_TEMPLATE);
    return Promise.resolve(made.length);
  }

  recall(count: number): Promise<FeatureFrame[]> {
    const n = Math.max(0, Math.min(Math.floor(count), this.#deferred.length));
    const out = this.#deferred.slice(this.#deferred.length - n);
    this.#deferred = [];
    return Promise.resolve(out);
  }

  reset(): void {
    this.#deferred = [];
    this.#inner.reset();
  }
}

export const MFCC_PROFILE: FrontEndProfile = Object.freeze({
  id: 'mfcc',
  description: 'MFCC',
  frameMs: (DEFAULT_MFCC.hopLength / DEFAULT_MFCC.sampleRate) * 1000,
  dims: DEFAULT_MFCC.coefficients,
  maxTemplateFrames: MFCC_MAX_TEMPLATE,
  settings: Object.freeze({ ...DEFAULT_MFCC, smoothing: SMOOTHING_FRAMES, normalisation: 'mean' }),
  prepare: prepareWindow,
  spotter: Object.freeze({}),
  thresholds: MFCC_THRESHOLDS,
  /** Takes of one phrase by different espeak-ng voices measured 0.02–0.2 apart; of another phrase, 0.4 and up. */
  disagreement: 0.3,
  augmentations: Object.freeze([{ noise: 'pink', snrDb: 10 }] as const),
  leadSamples: 0,
  tailSamples: 0,
  open: () => Promise.resolve(ok(new MfccFeatures())),
  template: async (padded: Int16Array, _takeSamples: number, frontEnd: FeatureFrontEnd) => {
    frontEnd.reset();
    return prepareWindow(await frontEnd.push(padded));
  },
});

class EmbeddingFeatures implements FeatureFrontEnd {
  readonly id = 'embedding';
  readonly #inner: EmbeddingFrontEnd;

  constructor(inner: EmbeddingFrontEnd) {
    this.#inner = inner;
  }

  push(samples: Int16Array): Promise<FeatureFrame[]> {
    return this.#inner.push(samples);
  }

  defer(samples: Int16Array): Promise<number> {
    return this.#inner.defer(samples);
  }

  recall(count: number): Promise<FeatureFrame[]> {
    return this.#inner.recall(count);
  }

  reset(): void {
    this.#inner.reset();
  }
}

/** A take starts after this many frames of silence: more than the 760 ms an embedding looks back. */
const LEAD_FRAMES = 10;
/**
 * The first embeddings of a take look mostly at the silence before it, which live audio never
 * has (there is always a room, often talk); leaving two out kept other speech further from every
 * phrase on the development voices.
 */
const SKIP_FRAMES = 2;

const identity = (frames: readonly FeatureFrame[]): FeatureFrame[] => [...frames];

export const EMBEDDING_PROFILE: FrontEndProfile = Object.freeze({
  id: 'embedding',
  description: 'speech embeddings',
  frameMs: (FRAME_SAMPLES / SAMPLE_RATE) * 1000,
  dims: EMBEDDING_DIMS,
  /** As many blocks as the front end can recall, so a deferred phrase is always heard whole. */
  maxTemplateFrames: MAX_RECALL,
  settings: Object.freeze({
    mel: MODEL_FILES.mel,
    embedding: MODEL_FILES.embedding,
    window: EMBEDDING_WINDOW,
    hop: FRAME_SAMPLES,
    skip: SKIP_FRAMES,
  }),
  prepare: identity,
  /** Raven's 2 s refractory period and the MFCC spotter's half-second settle, at 80 ms a frame. */
  spotter: Object.freeze({ dtw: { ...DEFAULT_DTW, band: 3 }, stepFrames: 1, refractoryFrames: 25, settleFrames: 6 }),
  thresholds: EMBEDDING_THRESHOLDS,
  disagreement: 0.2,
  augmentations: Object.freeze([
    { noise: 'pink', snrDb: 10 },
    { noise: 'reversed-speech', snrDb: 10 },
    { noise: 'reversed-speech', snrDb: 10 },
    { noise: 'reversed-speech', snrDb: 5 },
  ] as const),
  leadSamples: LEAD_FRAMES * FRAME_SAMPLES,
  tailSamples: FRAME_SAMPLES,
  open: async (modelDir?: string | null) => {
    const models = await loadEmbeddingModels(modelDir);
    return models.ok ? ok(new EmbeddingFeatures(new EmbeddingFrontEnd(models.value))) : models;
  },
  template: async (padded: Int16Array, takeSamples: number, frontEnd: FeatureFrontEnd) => {
    frontEnd.reset();
    const frames = await frontEnd.push(padded);
    const end = Math.ceil((LEAD_FRAMES * FRAME_SAMPLES + takeSamples) / FRAME_SAMPLES);
    return frames.slice(LEAD_FRAMES + SKIP_FRAMES, end);
  },
});

export const PROFILES: Readonly<Record<FrontEndId, FrontEndProfile>> = Object.freeze({
  mfcc: MFCC_PROFILE,
  embedding: EMBEDDING_PROFILE,
});

export const isFrontEndId = (v: unknown): v is FrontEndId => v === 'mfcc' || v === 'embedding';

/** The front end engines and enrolments use unless told otherwise: the one that measured better (scripts/bench/voice.ts). */
export const DEFAULT_FRONT_END: FrontEndId = 'embedding';
