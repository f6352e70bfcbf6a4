import type { Logger } from 'pino';
import type { LocalizedText } from '../../content/schema.ts';
import type { HealthService } from '../health/service.ts';
import { Mutex } from '../../../drivers/mutex.ts';
import { AudioCache } from './cache.ts';
import { clipHealth, ClipLibrary, type Clip } from './clips.ts';
import { EngineError, type EngineState, type SpeechEngine } from './engine.ts';
import type { SpeechLanguage } from '../../api/speech.ts';
import { pauseMs, perMinute } from './pace.ts';
import { splitPhrases, type Phrase } from '../../api/speech-phrases.ts';
import { durationMs, encodeWav, trimTrailingSilence } from './wav.ts';

export interface SpeechSegment {
  /** Offsets into the requested text (UTF-16 code units): what is being said from startMs to endMs. */
  start: number;
  end: number;
  startMs: number;
  endMs: number;
}

export type SayResult =
  | { available: true; audio: string; sampleRate: number; durationMs: number; segments: SpeechSegment[] }
  | { available: false; reason: 'no-engine' | 'engine-failed' | 'no-clip' };

export interface SayRequest {
  text: string;
  lang: SpeechLanguage;
  /** The elder setting's multiplier (pace.ts). */
  rate: number;
  /** A prompt key, for a recorded clip of it. */
  key?: string;
  /** false: a recorded clip or nothing. */
  synthesize?: boolean;
}

export interface SpeechServiceOptions {
  /** Absent: no synthesiser on this kiosk; only recorded clips can be said. */
  engine: SpeechEngine | undefined;
  /** content/audio: clips.yaml and its WAV files. */
  clipsDir: string;
  health: HealthService;
  log: Logger;
  /** Audio kept in memory for repeats ("再听一遍"); 24 MB is about 9 minutes at 22 kHz. */
  cacheBytes?: number;
}

/** After a failure, the engine is tried again no sooner than this, so a broken binary is not spawned on every screen. */
const RETRY_AFTER_MS = 30_000;

/** The sample rate of replies when there is no engine to match (clips only). */
const CLIP_ONLY_RATE = 22_050;

/**
 * Says text for the renderer: split into phrases, each from a recorded clip if there is one,
 * else synthesised, joined with breaths by punctuation, as one WAV with the timing of every
 * phrase so the screen can highlight what is being said. Spoken text is never logged or written
 * to disk (only its length); recent audio is cached in memory for repeats.
 */
export class SpeechService {
  readonly #engine: SpeechEngine | undefined;
  readonly #opts: SpeechServiceOptions;
  readonly #cache: AudioCache;
  readonly #queue = new Mutex();
  #clips = new ClipLibrary();
  #state: EngineState = { ok: false, reason: { zh: '朗读还没有准备好。', en: 'Speech is not ready yet.' } };
  #checkedAt = 0;

  constructor(opts: SpeechServiceOptions) {
    this.#opts = opts;
    this.#engine = opts.engine;
    this.#cache = new AudioCache(opts.cacheBytes ?? 24 * 1024 * 1024);
  }

  get sampleRate(): number {
    return this.#engine?.sampleRate ?? CLIP_ONLY_RATE;
  }

  async start(): Promise<void> {
    const { library, problems } = await ClipLibrary.load(this.#opts.clipsDir, this.sampleRate);
    this.#clips = library;
    for (const problem of problems) this.#opts.log.warn(problem, 'a recorded prompt cannot be used; it will be synthesised');
    if (problems.length > 0 || library.size > 0) this.#opts.health.report('speech-clips', problems.length > 0 ? 'degraded' : 'ok', clipHealth(problems));
    await this.#check();
  }

  /** Whether something can be said now (a synthesiser works). */
  get available(): boolean {
    return this.#state.ok;
  }

  say(request: SayRequest): Promise<SayResult> {
    return this.#queue.runExclusive(() => this.#say(request));
  }

  async #say({ text, lang, rate, key, synthesize = true }: SayRequest): Promise<SayResult> {
    const began = Date.now();
    const phrases = splitPhrases(text);
    const whole = this.#clips.find(lang, text, key);
    if (whole) return this.#reply(this.#clipTiming(text, phrases, whole), whole.samples, 'clip', began, text.length);
    if (!synthesize) return { available: false, reason: 'no-clip' };

    if (!this.#state.ok && Date.now() - this.#checkedAt >= RETRY_AFTER_MS) await this.#check();
    if (!this.#state.ok || !this.#engine) return { available: false, reason: 'no-engine' };

    const pace = perMinute(lang, rate);
    const parts: Int16Array[] = [];
    const segments: SpeechSegment[] = [];
    let length = 0;
    try {
      for (const [i, phrase] of phrases.entries()) {
        const said = await this.#phrase(this.#engine, text.slice(phrase.start, phrase.end), lang, pace);
        const startMs = durationMs(length, this.sampleRate);
        parts.push(said);
        length += said.length;
        segments.push({ start: phrase.start, end: phrase.end, startMs, endMs: durationMs(length, this.sampleRate) });
        if (i < phrases.length - 1 && said.length > 0) {
          const gap = new Int16Array(Math.round((pauseMs(phrase.pause, lang, pace) * this.sampleRate) / 1000));
          parts.push(gap);
          length += gap.length;
        }
      }
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      this.#opts.log.warn({ engine: this.#engine.name, problem: err.message, chars: text.length }, 'speech synthesis failed');
      this.#fail({ zh: '语音合成出了问题，暂时不能朗读，屏幕上的文字照常显示。', en: 'Speech synthesis failed; text is still shown but not read aloud for now.' });
      return { available: false, reason: 'engine-failed' };
    }
    const samples = new Int16Array(length);
    let at = 0;
    for (const part of parts) {
      samples.set(part, at);
      at += part.length;
    }
    return this.#reply(segments, samples, this.#engine.name, began, text.length);
  }

  async #phrase(engine: SpeechEngine, phrase: string, lang: SpeechLanguage, pace: number): Promise<Int16Array> {
    const clip = this.#clips.find(lang, phrase);
    if (clip) return clip.samples;
    const cacheKey = `${lang}\u0000${pace}\u0000${phrase}`;
    const cached = this.#cache.get(cacheKey);
    if (cached) return cached;
    const samples = trimTrailingSilence(await engine.synthesize(phrase, lang, pace));
    this.#cache.set(cacheKey, samples);
    return samples;
  }

  /** A clip for the whole text has no timing per phrase: each phrase gets a share by its length. */
  #clipTiming(text: string, phrases: readonly Phrase[], clip: Clip): SpeechSegment[] {
    const total = durationMs(clip.samples.length, this.sampleRate);
    const weight = (p: Phrase): number => Math.max(1, text.slice(p.start, p.end).trim().length);
    const sum = phrases.reduce((n, p) => n + weight(p), 0);
    let before = 0;
    return phrases.map((p) => {
      const startMs = Math.round((total * before) / sum);
      before += weight(p);
      return { start: p.start, end: p.end, startMs, endMs: Math.round((total * before) / sum) };
    });
  }

  #reply(segments: SpeechSegment[], samples: Int16Array, source: string, began: number, chars: number): SayResult {
    const sampleRate = this.sampleRate;
    const ms = durationMs(samples.length, sampleRate);
    // The length of what was said, never the words: a greeting carries a resident's name.
    this.#opts.log.debug({ source, chars, phrases: segments.length, durationMs: ms, tookMs: Date.now() - began }, 'speech ready');
    return { available: true, audio: encodeWav({ samples, sampleRate }).toString('base64'), sampleRate, durationMs: ms, segments };
  }

  async #check(): Promise<void> {
    this.#checkedAt = Date.now();
    if (!this.#engine) {
      this.#fail({ zh: '这台终端没有语音合成，屏幕上的文字照常显示，但不能朗读。', en: 'This kiosk has no speech synthesiser; text is shown but not read aloud.' });
      return;
    }
    this.#state = await this.#engine.probe();
    if (this.#state.ok) {
      this.#opts.health.report('speech', 'ok', { zh: `朗读正常（${this.#engine.name}）。`, en: `Reading aloud works (${this.#engine.name}).` });
    } else {
      this.#opts.log.warn({ engine: this.#engine.name }, 'speech engine unavailable');
      this.#fail(this.#state.reason);
    }
  }

  #fail(reason: LocalizedText): void {
    this.#state = { ok: false, reason };
    this.#checkedAt = Date.now();
    this.#opts.health.report('speech', 'degraded', reason);
  }
}
