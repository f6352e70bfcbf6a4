/** The wake-word engines: the contract, and the key-free template engine with its parts. */
export {
  FRAME_MS,
  FRAME_SAMPLES,
  SAMPLE_RATE,
  checkFrame,
  type Detection,
  type EngineStatus,
  type FrameCheck,
  type WakeWordEngine,
} from './engine.ts';
export {
  TemplateEngine,
  createTemplateEngine,
  type EngineStats,
  type PhraseProblem,
  type PhraseSource,
  type TemplateEngineOptions,
  type VadStatus,
} from './template-engine.ts';
export {
  DEFAULT_FRONT_END,
  EMBEDDING_PROFILE,
  FRONT_END_IDS,
  MFCC_PROFILE,
  PROFILES,
  type FeatureFrontEnd,
  type FrontEndId,
  type FrontEndProfile,
} from './front-end.ts';
export { EMBEDDING_DIMS, EmbeddingFrontEnd, loadEmbeddingModels, type EmbeddingModels } from './embedding.ts';
export { MODEL_FILES, defaultModelDir } from './onnx-models.ts';
export {
  MINIMUM_TAKES,
  describeEnrollmentProblem,
  enrollPhrase,
  type EnrollOptions,
  type EnrolledPhrase,
  type EnrollmentProblem,
  type PhraseInfo,
  type PhraseRecording,
} from './enrollment.ts';
export {
  ENROLLMENT_FORMAT,
  ENROLLMENT_VERSION,
  describeImportProblem,
  exportEnrollments,
  importEnrollments,
  type ImportProblem,
} from './enrollment-file.ts';
export {
  EMBEDDING_THRESHOLDS,
  MFCC_THRESHOLDS,
  noiseAllowance,
  quietThreshold,
  type ThresholdScale,
} from './thresholds.ts';
export { DEFAULT_TAKE_LIMITS, checkTake, type TakeLimits, type TakeProblem } from './takes.ts';
export {
  DEFAULT_VAD,
  EnergyVad,
  SpeechClock,
  frameDbfs,
  type VadKind,
  type VadOptions,
  type VoiceActivityDetector,
} from './vad.ts';
export {
  DEFAULT_SILERO,
  SileroVad,
  createVad,
  type SileroOptions,
  type VadChoice,
  type VadInUse,
} from './silero-vad.ts';
export {
  DEFAULT_MFCC,
  MfccFrontEnd,
  mfcc,
  normaliseMean,
  prepareWindow,
  smoothTime,
  type FeatureFrame,
  type MfccOptions,
} from './mfcc.ts';
export { DEFAULT_DTW, dtwDistance, type DtwOptions, type FrameMetric } from './dtw.ts';
export { DEFAULT_SPOTTER, PhraseSpotter, type Hearing, type Match, type SpotterOptions, type SpotterPhrase } from './spotter.ts';
export type { Result } from './result.ts';
