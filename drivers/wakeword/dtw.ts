/**
 * Dynamic time warping between two feature sequences, as Raven uses it (facts/voice.md §3.3): a
 * person never says a phrase at the same pace twice, so frames are aligned before they are
 * compared. The Sakoe-Chiba band keeps the alignment near the diagonal, which both bounds the
 * cost and stops a short sound from being stretched over a whole phrase.
 */
import type { FeatureFrame } from './mfcc.ts';

export type FrameMetric = 'cosine' | 'euclidean';

export interface DtwOptions {
  readonly metric: FrameMetric;
  /** Band half-width in frames around the (length-scaled) diagonal. */
  readonly band: number;
}

export const DEFAULT_DTW: DtwOptions = Object.freeze({ metric: 'cosine', band: 10 });

function norm(f: FeatureFrame): number {
  let s = 0;
  for (let d = 0; d < f.length; d++) s += f[d]! * f[d]!;
  return Math.sqrt(s);
}

/**
 * Both sequences flattened into one array each, scaled to unit length for cosine, so each cell of
 * the cost matrix is a plain dot product over contiguous numbers. A zero frame (a window of pure
 * silence after mean normalisation) stays zero, so its cosine distance to anything is 1: as far
 * from a phrase as an unrelated sound, never a match.
 */
function flatten(frames: readonly FeatureFrame[], dims: number, unit: boolean): Float64Array {
  const out = new Float64Array(frames.length * dims);
  frames.forEach((f, i) => {
    const scale = unit ? norm(f) : 1;
    if (scale === 0) return;
    for (let d = 0; d < dims; d++) out[i * dims + d] = f[d]! / scale;
  });
  return out;
}

/**
 * Accumulated cost of the best alignment divided by the number of steps on that path, so long
 * and short phrases are judged on the same scale. Of equally cheap paths the shorter wins, which
 * keeps the result the same whichever sequence is passed first. `Infinity` when either side is empty or the
 * band cannot join the two ends.
 */
export function dtwDistance(
  a: readonly FeatureFrame[],
  b: readonly FeatureFrame[],
  options: DtwOptions = DEFAULT_DTW,
): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return Infinity;
  const dims = a[0]!.length;
  const cosine = options.metric === 'cosine';
  const x = flatten(a, dims, cosine);
  const y = flatten(b, dims, cosine);
  const band = Math.max(options.band, 0);
  let prevCost = new Float64Array(m).fill(Infinity);
  let prevSteps = new Float64Array(m);
  let cost = new Float64Array(m);
  let steps = new Float64Array(m);
  const local = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    cost.fill(Infinity);
    const centre = n === 1 ? 0 : (i * (m - 1)) / (n - 1);
    const lo = Math.max(0, Math.ceil(centre - band));
    const hi = Math.min(m - 1, Math.floor(centre + band));
    const row = i * dims;
    if (cosine) {
      for (let j = lo; j <= hi; j++) {
        let dot = 0;
        for (let k = 0, col = j * dims; k < dims; k++) dot += x[row + k]! * y[col + k]!;
        local[j] = Math.max(0, 1 - dot);
      }
    } else {
      for (let j = lo; j <= hi; j++) {
        let sum = 0;
        for (let k = 0, col = j * dims; k < dims; k++) sum += (x[row + k]! - y[col + k]!) ** 2;
        local[j] = Math.sqrt(sum);
      }
    }
    for (let j = lo; j <= hi; j++) {
      const d = local[j]!;
      if (i === 0 && j === 0) {
        cost[j] = d;
        steps[j] = 1;
        continue;
      }
      let best = Infinity;
      let bestSteps = 0;
      if (i > 0) {
        best = prevCost[j]!;
        bestSteps = prevSteps[j]!;
      }
      if (j > 0 && (cost[j - 1]! < best || (cost[j - 1] === best && steps[j - 1]! < bestSteps))) {
        best = cost[j - 1]!;
        bestSteps = steps[j - 1]!;
      }
      if (i > 0 && j > 0 && (prevCost[j - 1]! < best || (prevCost[j - 1] === best && prevSteps[j - 1]! < bestSteps))) {
        best = prevCost[j - 1]!;
        bestSteps = prevSteps[j - 1]!;
      }
      cost[j] = best + d;
      steps[j] = bestSteps + 1;
    }
    [prevCost, cost] = [cost, prevCost];
    [prevSteps, steps] = [steps, prevSteps];
  }
  const total = prevCost[m - 1]!;
  return Number.isFinite(total) ? total / prevSteps[m - 1]! : Infinity;
}
