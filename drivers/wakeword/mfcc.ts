/**
 * The MFCC front end of the template engine (facts/voice.md §3.3: Raven compares MFCC sequences
 * with DTW). Frames are analysed independently — DC removed and pre-emphasised inside each 25 ms
 * window, as Kaldi does — so streaming and one-shot extraction give identical features and the
 * same audio always gives the same numbers.
 */
import { createFft, type Fft } from './fft.ts';

export interface MfccOptions {
  readonly sampleRate: number;
  /** Analysis window, 25 ms at 16 kHz. */
  readonly frameLength: number;
  /** Hop between windows, 10 ms at 16 kHz. */
  readonly hopLength: number;
  readonly fftSize: number;
  readonly melBands: number;
  readonly coefficients: number;
  readonly preEmphasis: number;
  readonly lowHz: number;
  readonly highHz: number;
}

export const DEFAULT_MFCC: MfccOptions = Object.freeze({
  sampleRate: 16_000,
  frameLength: 400,
  hopLength: 160,
  fftSize: 512,
  melBands: 40,
  coefficients: 13,
  preEmphasis: 0.97,
  lowHz: 20,
  highHz: 8_000,
});

/** One 10 ms feature vector: `coefficients` cepstral values, c0 first. */
export type FeatureFrame = Float32Array;

/**
 * Below int16 quantisation noise (about 1/12 per sample), so digital silence maps to one fixed
 * log value in every band instead of -Infinity.
 */
const ENERGY_FLOOR = 1;

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1);

interface Triangle {
  readonly first: number;
  readonly weights: Float64Array;
}

function melFilters(o: MfccOptions): { triangles: Triangle[]; centresHz: number[] } {
  const bins = o.fftSize / 2 + 1;
  const binHz = o.sampleRate / o.fftSize;
  const lowMel = hzToMel(o.lowHz);
  const step = (hzToMel(Math.min(o.highHz, o.sampleRate / 2)) - lowMel) / (o.melBands + 1);
  const edges = Array.from({ length: o.melBands + 2 }, (_, i) => melToHz(lowMel + i * step));
  const triangles: Triangle[] = [];
  for (let m = 0; m < o.melBands; m++) {
    const [left, centre, right] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    const first = Math.max(0, Math.ceil(left / binHz));
    const last = Math.min(bins - 1, Math.floor(right / binHz));
    const weights = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      const hz = k * binHz;
      weights[k - first] = hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre);
    }
    triangles.push({ first, weights });
  }
  return { triangles, centresHz: edges.slice(1, -1) };
}

/** Orthonormal DCT-II rows, so c0 is the scaled mean log energy and the rest are shape. */
function dctMatrix(coefficients: number, bands: number): Float64Array[] {
  return Array.from({ length: coefficients }, (_, k) => {
    const scale = Math.sqrt((k === 0 ? 1 : 2) / bands);
    return Float64Array.from({ length: bands }, (_, n) => scale * Math.cos((Math.PI * k * (n + 0.5)) / bands));
  });
}

export class MfccFrontEnd {
  readonly options: MfccOptions;
  /** Centre frequency of each mel band, lowest first. */
  readonly bandCentresHz: readonly number[];
  readonly #fft: Fft;
  readonly #window: Float64Array;
  readonly #triangles: Triangle[];
  readonly #dct: Float64Array[];
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  #pending: Float64Array = new Float64Array(0);

  constructor(options: Partial<MfccOptions> = {}) {
    const o = { ...DEFAULT_MFCC, ...options };
    if (o.frameLength > o.fftSize) throw new RangeError('frameLength must fit in fftSize');
    this.options = Object.freeze(o);
    this.#fft = createFft(o.fftSize);
    this.#window = Float64Array.from(
      { length: o.frameLength },
      (_, n) => 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (o.frameLength - 1)),
    );
    const { triangles, centresHz } = melFilters(o);
    this.#triangles = triangles;
    this.bandCentresHz = Object.freeze(centresHz);
    this.#dct = dctMatrix(o.coefficients, o.melBands);
    this.#re = new Float64Array(o.fftSize);
    this.#im = new Float64Array(o.fftSize);
  }

  /** Log mel energies of one window of `frameLength` samples starting at `offset`. */
  logMel(samples: ArrayLike<number>, offset = 0): Float64Array {
    const { frameLength, preEmphasis } = this.options;
    const re = this.#re;
    const im = this.#im;
    let mean = 0;
    for (let n = 0; n < frameLength; n++) mean += samples[offset + n]!;
    mean /= frameLength;
    let previous = samples[offset]! - mean;
    for (let n = 0; n < frameLength; n++) {
      const x = samples[offset + n]! - mean;
      re[n] = (x - preEmphasis * previous) * this.#window[n]!;
      previous = x;
    }
    re.fill(0, frameLength);
    im.fill(0);
    this.#fft.transform(re, im);
    const out = new Float64Array(this.#triangles.length);
    this.#triangles.forEach(({ first, weights }, m) => {
      let energy = 0;
      for (let i = 0; i < weights.length; i++) {
        const k = first + i;
        energy += weights[i]! * (re[k]! * re[k]! + im[k]! * im[k]!);
      }
      out[m] = Math.log(Math.max(energy, ENERGY_FLOOR));
    });
    return out;
  }

  cepstrum(logMel: Float64Array): FeatureFrame {
    const out = new Float32Array(this.#dct.length);
    this.#dct.forEach((row, k) => {
      let sum = 0;
      for (let n = 0; n < row.length; n++) sum += row[n]! * logMel[n]!;
      out[k] = sum;
    });
    return out;
  }

  /** Features for every window completed by `samples`, carrying the remainder to the next call. */
  push(samples: ArrayLike<number>): FeatureFrame[] {
    const { frameLength, hopLength } = this.options;
    const buffer = new Float64Array(this.#pending.length + samples.length);
    buffer.set(this.#pending);
    for (let i = 0; i < samples.length; i++) buffer[this.#pending.length + i] = samples[i]!;
    const frames: FeatureFrame[] = [];
    let offset = 0;
    for (; offset + frameLength <= buffer.length; offset += hopLength) {
      frames.push(this.cepstrum(this.logMel(buffer, offset)));
    }
    this.#pending = buffer.slice(offset);
    return frames;
  }

  reset(): void {
    this.#pending = new Float64Array(0);
  }
}

/** Features of a whole recording. */
export function mfcc(samples: ArrayLike<number>, options: Partial<MfccOptions> = {}): FeatureFrame[] {
  return new MfccFrontEnd(options).push(samples);
}

/**
 * Cepstral mean normalisation: subtracting the mean over the frames removes the fixed colouring
 * of a microphone or room, which otherwise dominates the distance between two voices.
 */
export function normaliseMean(frames: readonly FeatureFrame[]): FeatureFrame[] {
  if (frames.length === 0) return [];
  const dims = frames[0]!.length;
  const mean = new Float64Array(dims);
  for (const f of frames) for (let d = 0; d < dims; d++) mean[d] = mean[d]! + f[d]! / frames.length;
  return frames.map((f) => {
    const out = new Float32Array(dims);
    for (let d = 0; d < dims; d++) out[d] = f[d]! - mean[d]!;
    return out;
  });
}

/**
 * A three-frame moving average along time: noise makes single frames jitter far more than speech
 * moves in 10 ms, and averaging keeps the phonetic trajectory while halving that jitter.
 */
export const SMOOTHING_FRAMES = 3;

export function smoothTime(frames: readonly FeatureFrame[], width = SMOOTHING_FRAMES): FeatureFrame[] {
  const half = Math.floor(width / 2);
  return frames.map((frame, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(frames.length - 1, i + half);
    const out = new Float32Array(frame.length);
    for (let k = from; k <= to; k++) {
      const f = frames[k]!;
      for (let d = 0; d < out.length; d++) out[d] = out[d]! + f[d]!;
    }
    const count = to - from + 1;
    for (let d = 0; d < out.length; d++) out[d] = out[d]! / count;
    return out;
  });
}

/** What DTW compares, for enrolled examples and live windows alike: smoothed, then mean-normalised. */
export const prepareWindow = (frames: readonly FeatureFrame[]): FeatureFrame[] => normaliseMean(smoothTime(frames));
