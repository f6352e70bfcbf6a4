/**
 * The sliding-window matcher of Rhasspy's Raven (facts/voice.md §3.3): the most recent audio,
 * cut to each example's length, is compared with that example by DTW; a phrase is heard when its
 * combined distance falls under the phrase's threshold. After a detection it stays deaf for a
 * refractory period (Raven: 2 s) so one utterance is one detection, and it can be paused while
 * the kiosk itself is speaking (facts/voice.md §5: "KWS paused during our own TTS"). Unlike Raven
 * it listens for several phrases at once, so a first match is held for a moment: a short phrase
 * (救命) can match inside a longer one (小邻小邻) before the longer one has finished.
 */
import { DEFAULT_DTW, dtwDistance, type DtwOptions } from './dtw.ts';
import { prepareWindow, type FeatureFrame } from './mfcc.ts';

export interface SpotterPhrase {
  readonly id: string;
  /** Each example's features, silence trimmed and passed through `SpotterOptions.prepare`. */
  readonly templates: readonly (readonly FeatureFrame[])[];
  /** Detected when the combined distance is below this plus the push's `allowance`. */
  readonly threshold: number;
}

export interface SpotterOptions {
  readonly dtw: DtwOptions;
  /** Frames between comparisons; Raven shifts its window by 50 ms. */
  readonly stepFrames: number;
  /** Frames after a detection during which nothing is compared. */
  readonly refractoryFrames: number;
  /**
   * Frames a first match waits for a better one (another phrase, or the same phrase better
   * aligned). Half a second keeps feedback within the 750 ms older users found best
   * (facts/voice.md §5).
   */
  readonly settleFrames: number;
  /** How the distances to a phrase's examples combine: the closest, or their mean. */
  readonly combine: 'min' | 'mean';
  /** What a live window goes through before DTW; templates went through the same. */
  readonly prepare: (frames: readonly FeatureFrame[]) => FeatureFrame[];
}

export const DEFAULT_SPOTTER: SpotterOptions = Object.freeze({
  dtw: DEFAULT_DTW,
  stepFrames: 5,
  refractoryFrames: 200,
  settleFrames: 50,
  combine: 'min',
  prepare: prepareWindow,
});

export interface Match {
  readonly phraseId: string;
  readonly distance: number;
  readonly threshold: number;
  /** Index, since the spotter started, of the feature frame that completed the phrase. */
  readonly frame: number;
}

/** What the caller knows about the audio being pushed. */
export interface Hearing {
  /** False when the VAD heard nothing lately: frames are kept but not compared. */
  readonly listening: boolean;
  /** Added to every threshold; how much noise is excused (`noiseAllowance`). */
  readonly allowance: number;
  /** Only these phrases are compared (the rest cannot mean anything now); all when absent. */
  readonly only?: ReadonlySet<string> | null;
}

/** How far under its threshold a match is; lower is more certain. */
const ratio = (m: Match): number => m.distance / m.threshold;

export class PhraseSpotter {
  readonly options: SpotterOptions;
  readonly #phrases: readonly SpotterPhrase[];
  /** Per phrase, the furthest any of its templates lies from the first one. */
  readonly #spread: readonly number[];
  readonly #capacity: number;
  #recent: FeatureFrame[] = [];
  #frame = 0;
  #deafUntil = 0;
  #pending: Match | null = null;
  #pendingSince = 0;
  #paused = false;

  constructor(phrases: readonly SpotterPhrase[], options: Partial<SpotterOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_SPOTTER, ...options });
    this.#phrases = phrases;
    this.#spread = phrases.map(({ templates }) =>
      Math.max(0, ...templates.slice(1).map((t) => dtwDistance(templates[0]!, t, this.options.dtw))),
    );
    this.#capacity = Math.max(0, ...phrases.flatMap((p) => p.templates.map((t) => t.length)));
  }

  /** Feature frames pushed or skipped so far; `Match.frame` counts on the same clock. */
  get frames(): number {
    return this.#frame;
  }

  /** The most recent frames any comparison looks at: the longest template. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Whether a match is waiting out its settle time, so frames must keep coming to report it. */
  get settling(): boolean {
    return this.#pending !== null;
  }

  /**
   * Moves the clock on by `count` frames nobody computed (nothing was heard worth comparing);
   * what came before them can no longer be part of a window, so it is forgotten.
   */
  skip(count: number): void {
    if (count <= 0) return;
    this.#frame += count;
    this.#recent = [];
  }

  /** Stops comparing and forgets recent audio, so nothing the kiosk says can complete a phrase later. */
  pause(): void {
    this.#paused = true;
    this.#recent = [];
    this.#pending = null;
  }

  resume(): void {
    this.#paused = false;
  }

  /**
   * Takes the next feature frames. While not listening, frames are remembered, so a phrase that
   * starts now still has its beginning, but not compared.
   */
  push(frames: readonly FeatureFrame[], hearing: Hearing): Match | null {
    if (this.#paused) {
      this.#frame += frames.length;
      return null;
    }
    let found: Match | null = null;
    for (const f of frames) {
      this.#recent.push(f);
      if (this.#recent.length > this.#capacity) this.#recent.shift();
      this.#frame++;
      const due = this.#frame % this.options.stepFrames === 0 && this.#frame >= this.#deafUntil;
      if (due && hearing.listening) {
        const candidate = this.#compare(hearing.allowance, hearing.only ?? null);
        if (candidate && !this.#pending) this.#pendingSince = this.#frame;
        if (candidate && (!this.#pending || ratio(candidate) < ratio(this.#pending))) this.#pending = candidate;
      }
      if (this.#pending && this.#frame >= this.#pendingSince + this.options.settleFrames && !found) {
        found = this.#pending;
        this.#pending = null;
        this.#deafUntil = this.#frame + this.options.refractoryFrames;
      }
    }
    return found;
  }

  /** The best phrase under its threshold, judged by how far under it is. */
  #compare(allowance: number, only: ReadonlySet<string> | null): Match | null {
    const windows = new Map<number, FeatureFrame[]>();
    const windowOf = (length: number): FeatureFrame[] | null => {
      if (this.#recent.length < length) return null;
      let w = windows.get(length);
      if (!w) {
        w = this.options.prepare(this.#recent.slice(this.#recent.length - length));
        windows.set(length, w);
      }
      return w;
    };
    let best: Match | null = null;
    for (const [i, phrase] of this.#phrases.entries()) {
      if (only && !only.has(phrase.id)) continue;
      const threshold = phrase.threshold + allowance;
      const distance = this.#distanceTo(phrase, this.#spread[i]!, threshold, windowOf);
      const match = { phraseId: phrase.id, distance, threshold, frame: this.#frame };
      if (distance < threshold && (!best || ratio(match) < ratio(best))) best = match;
    }
    return best;
  }

  /**
   * With `combine: 'min'`, a window further from the first template than the threshold plus the
   * phrase's spread is not compared with the rest: every template lies within the spread of the
   * first, so by the triangle inequality (which DTW obeys closely, not exactly) none of them
   * would come under the threshold. Most windows are nowhere near any phrase, so this skips
   * nearly all the DTW work: a sixth of the cost on continuous speech, same detections.
   */
  #distanceTo(
    phrase: SpotterPhrase,
    spread: number,
    threshold: number,
    windowOf: (length: number) => FeatureFrame[] | null,
  ): number {
    const distances: number[] = [];
    for (const template of phrase.templates) {
      const window = windowOf(template.length);
      distances.push(window ? dtwDistance(window, template, this.options.dtw) : Infinity);
      if (this.options.combine === 'min' && distances.length === 1 && distances[0]! > threshold + spread) break;
    }
    if (distances.length === 0) return Infinity;
    return this.options.combine === 'min'
      ? Math.min(...distances)
      : distances.reduce((a, b) => a + b, 0) / distances.length;
  }
}
