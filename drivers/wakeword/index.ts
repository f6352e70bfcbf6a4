/** The wake-word engines: the contract, and the dependency-free template engine with its parts. */
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
  type EngineStats,
  type PhraseProblem,
  type PhraseSource,
  type TemplateEngineOptions,
} from './template-engine.ts';
export {
  MINIMUM_TAKES,
  describeEnrollmentProblem,
  enrollPhrase,
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
export { noiseAllowance, quietThreshold } from './thresholds.ts';
export { DEFAULT_TAKE_LIMITS, checkTake, type TakeLimits, type TakeProblem } from './takes.ts';
export { DEFAULT_VAD, EnergyVad, frameDbfs, type VadOptions } from './vad.ts';
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
