/**
 * The sliding-window matcher of Rhasspy's Raven (facts/voice.md §3.3): the most recent audio,
 * cut to each example's length, is compared with that example by DTW; a phrase is heard when its
 * combined distance falls under the phrase's threshold. After a detection that phrase stays deaf
 * for a refractory period (Raven: 2 s) so one utterance is one detection, and the spotter can be
 * paused while the kiosk itself is speaking (facts/voice.md §5: "KWS paused during our own TTS").
 * Unlike Raven it listens for several phrases at once, so a match is held for a moment: a short
 * phrase (救命) can match inside a longer one (小邻小邻) before the longer one has finished. Only
 * matches over the same stretch of audio compete, though: someone in trouble says "小邻小邻，救命"
 * in one breath, and both must be heard.
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
  /** Frames after a detection during which its phrase is not compared. */
  readonly refractoryFrames: number;
  /**
   * Frames a match waits for a better one over the same audio (another phrase, or the same phrase
   * better aligned). Half a second keeps feedback within the 750 ms older users found best
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

/** A match and the frames of audio it stands for, which end at `match.frame`. */
interface Candidate {
  readonly match: Match;
  readonly start: number;
}

/** A match waiting out its settle time. */
interface Held extends Candidate {
  /** When the first of the matches it beat was found: it is reported `settleFrames` after. */
  readonly since: number;
}

export class PhraseSpotter {
  readonly options: SpotterOptions;
  readonly #phrases: readonly SpotterPhrase[];
  /** Per phrase, the furthest any of its templates lies from the first one. */
  readonly #spread: readonly number[];
  /**
   * Per phrase, how many frames a match of it stands for: its shortest template. Which template
   * a match came from is not known (`combine: 'mean'` uses them all), and the longer ones reach
   * back past the phrase into whatever was said before it, so a phrase said straight after
   * another would seem to overlap it. Takes are trimmed of silence, so the phrase fills at least
   * its shortest; a short phrase matching inside a longer one ends within the longer one's span,
   * so the two still overlap.
   */
  readonly #span: readonly number[];
  readonly #capacity: number;
  #recent: FeatureFrame[] = [];
  #frame = 0;
  /** Per phrase id, the frame from which it is compared again after it was reported. */
  readonly #deafUntil = new Map<string, number>();
  /** Oldest first; no two overlap, so each is a different stretch of speech and reported in turn. */
  #held: Held[] = [];
  /** The last frame of the last match reported: audio up to it was that phrase, not another. */
  #reportedUntil = -Infinity;
  #paused = false;

  constructor(phrases: readonly SpotterPhrase[], options: Partial<SpotterOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_SPOTTER, ...options });
    this.#phrases = phrases;
    this.#spread = phrases.map(({ templates }) =>
      Math.max(0, ...templates.slice(1).map((t) => dtwDistance(templates[0]!, t, this.options.dtw))),
    );
    this.#span = phrases.map(({ templates }) => Math.min(...templates.map((t) => t.length)));
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

  /** Whether a match is waiting to be reported, so frames must keep coming to report it. */
  get settling(): boolean {
    return this.#held.length > 0;
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
    this.#held = [];
  }

  resume(): void {
    this.#paused = false;
  }

  /**
   * Takes the next feature frames. While not listening, frames are remembered, so a phrase that
   * starts now still has its beginning, but not compared. Reports at most one match a call; one
   * more that is due by then comes with the next call.
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
      if (hearing.listening && this.#frame % this.options.stepFrames === 0) {
        for (const candidate of this.#compare(hearing.allowance, hearing.only ?? null)) this.#hold(candidate);
      }
      found ??= this.#takeDue();
    }
    return found;
  }

  /**
   * Holds a match unless audio it stands for was already reported, or a held match over any of
   * that audio is as good or better; the held ones it beats are dropped. Spans only ever end at
   * the current frame, so the held matches it overlaps are the newest ones.
   */
  #hold({ match, start }: Candidate): void {
    if (start <= this.#reportedUntil) return;
    const first = this.#held.findIndex((h) => h.match.frame >= start);
    const rivals = first < 0 ? [] : this.#held.slice(first);
    if (rivals.some((h) => ratio(h.match) <= ratio(match))) return;
    this.#held.splice(first < 0 ? this.#held.length : first, rivals.length, {
      match,
      start,
      since: rivals[0]?.since ?? this.#frame,
    });
  }

  /**
   * The oldest held match once it has settled. Its phrase goes deaf, and so do held matches of
   * it further on: one utterance, one detection.
   */
  #takeDue(): Match | null {
    const due = this.#held[0];
    if (!due || this.#frame < due.since + this.options.settleFrames) return null;
    const { match } = due;
    this.#deafUntil.set(match.phraseId, this.#frame + this.options.refractoryFrames);
    this.#reportedUntil = match.frame;
    this.#held = this.#held.filter((h) => h !== due && h.match.phraseId !== match.phraseId);
    return match;
  }

  /**
   * The phrases under their thresholds, most certain first: matches found together end together,
   * so they overlap, and the best must be held before the rest are measured against it.
   */
  #compare(allowance: number, only: ReadonlySet<string> | null): Candidate[] {
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
    const found: Candidate[] = [];
    for (const [i, phrase] of this.#phrases.entries()) {
      if (only && !only.has(phrase.id)) continue;
      if (this.#frame < (this.#deafUntil.get(phrase.id) ?? 0)) continue;
      const threshold = phrase.threshold + allowance;
      const distance = this.#distanceTo(phrase, this.#spread[i]!, threshold, windowOf);
      const match = { phraseId: phrase.id, distance, threshold, frame: this.#frame };
      if (distance < threshold) found.push({ match, start: this.#frame - this.#span[i]! + 1 });
    }
    return found.sort((a, b) => ratio(a.match) - ratio(b.match));
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
