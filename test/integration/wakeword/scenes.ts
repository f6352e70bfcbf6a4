/**
 * Puts test speech into a scene: padded with room tone, levelled, and mixed with hall noise or
 * babble at a given SNR (facts/voice.md §6.3: positives at 5–10 dB, negatives, silence, noise).
 * Levels are measured over active speech only, so leading and trailing silence in espeak's output
 * does not make a clip look quieter than it sounds.
 */
import { BABBLE_VOICES, NEGATIVE_SENTENCES } from './corpus.ts';
import { SAMPLE_RATE, hallNoise, speak, type Voice } from './speech.ts';

export type NoiseKind = 'none' | 'hall' | 'babble';

/** Speech is set to this active level before noise is added: a voice at arm's length from the mic. */
const SPEECH_DBFS = -22;
const NOISE_SECONDS = 120;

/** Mulberry32: a tiny seeded generator, so a scene is the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** RMS over the 10 ms blocks within 30 dB of the loudest block. */
export function activeRms(samples: ArrayLike<number>): number {
  const block = SAMPLE_RATE / 100;
  const energies: number[] = [];
  for (let start = 0; start + block <= samples.length; start += block) {
    let e = 0;
    for (let i = start; i < start + block; i++) e += samples[i]! ** 2;
    energies.push(e / block);
  }
  const loudest = Math.max(0, ...energies);
  const active = energies.filter((e) => e > 0 && e >= loudest / 1000);
  return active.length === 0 ? 0 : Math.sqrt(active.reduce((a, b) => a + b, 0) / active.length);
}

const clip16 = (x: number): number => Math.max(-32768, Math.min(32767, Math.round(x)));

/** Several espeak talkers at once, each reading negative sentences back to back. */
function babble(seconds: number): Float64Array {
  const length = seconds * SAMPLE_RATE;
  const out = new Float64Array(length);
  BABBLE_VOICES.forEach((voice, talker) => {
    const random = seeded(1000 + talker);
    let at = Math.floor(random() * SAMPLE_RATE);
    let n = talker * 7;
    while (at < length) {
      const sentence = speak(NEGATIVE_SENTENCES[n++ % NEGATIVE_SENTENCES.length]!, voice);
      const gain = 1 / Math.max(1, activeRms(sentence));
      for (let i = 0; i < sentence.length && at + i < length; i++) out[at + i]! += sentence[i]! * gain;
      at += sentence.length + Math.floor(random() * SAMPLE_RATE * 0.3);
    }
  });
  return out;
}

const noiseBeds = new Map<NoiseKind, Float64Array>();

function noiseBed(kind: Exclude<NoiseKind, 'none'>): Float64Array {
  let bed = noiseBeds.get(kind);
  if (!bed) {
    bed = kind === 'hall' ? Float64Array.from(hallNoise(NOISE_SECONDS)) : babble(NOISE_SECONDS);
    noiseBeds.set(kind, bed);
  }
  return bed;
}

/**
 * `speech` levelled to SPEECH_DBFS with noise `snrDb` below it, taken from a seeded place in a
 * long noise bed so different clips hear different noise.
 */
export function mix(speech: Int16Array, noise: NoiseKind, snrDb: number, seed: number): Int16Array {
  const gain = (32768 * 10 ** (SPEECH_DBFS / 20)) / Math.max(1, activeRms(speech));
  if (noise === 'none') return Int16Array.from(speech, (x) => clip16(x * gain));
  const bed = noiseBed(noise);
  const start = Math.floor(seeded(seed)() * (bed.length - speech.length));
  const segment = bed.subarray(start, start + speech.length);
  const noiseGain = (32768 * 10 ** ((SPEECH_DBFS - snrDb) / 20)) / Math.max(1e-9, rms(segment));
  return Int16Array.from(speech, (x, i) => clip16(x * gain + segment[i]! * noiseGain));
}

function rms(x: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += x[i]! ** 2;
  return Math.sqrt(e / Math.max(1, x.length));
}

export function silence(seconds: number): Int16Array {
  return new Int16Array(Math.round(seconds * SAMPLE_RATE));
}

export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One spoken phrase with a second of room either side, in the given noise. */
export function phraseScene(pinyin: string, voice: Voice, noise: NoiseKind, snrDb: number, seed: number): Int16Array {
  return mix(concat([silence(1), speak(pinyin, voice), silence(1)]), noise, snrDb, seed);
}

/** Negative sentences by `voices`, with short pauses, until `seconds` of audio. */
export function negativeScene(voices: readonly Voice[], seconds: number, noise: NoiseKind, snrDb: number, seed: number): Int16Array {
  const random = seeded(seed);
  const parts: Int16Array[] = [];
  let length = 0;
  for (let n = 0; length < seconds * SAMPLE_RATE; n++) {
    const sentence = NEGATIVE_SENTENCES[n % NEGATIVE_SENTENCES.length]!;
    const voice = voices[(n + Math.floor(n / NEGATIVE_SENTENCES.length)) % voices.length]!;
    const part = concat([speak(sentence, voice), silence(0.2 + random() * 0.8)]);
    parts.push(part);
    length += part.length;
  }
  return mix(concat(parts).subarray(0, seconds * SAMPLE_RATE), noise, snrDb, seed);
}

/**
 * A television across the room: a presenter (another espeak voice, never a tested one) reading
 * sentences over a music bed of plucked chords, through a small speaker's 200 Hz–5 kHz band.
 */
export function tvScene(seconds: number, seed: number): Int16Array {
  const length = Math.round(seconds * SAMPLE_RATE);
  const random = seeded(seed);
  const speech = new Float64Array(length);
  for (let at = 0, n = seed; at < length; n++) {
    const sentence = speak(NEGATIVE_SENTENCES[n % NEGATIVE_SENTENCES.length]!, BABBLE_VOICES[n % BABBLE_VOICES.length]!);
    const gain = 1 / Math.max(1, activeRms(sentence));
    for (let i = 0; i < sentence.length && at + i < length; i++) speech[at + i] = sentence[i]! * gain;
    at += sentence.length + Math.floor(random() * 0.5 * SAMPLE_RATE);
  }
  const music = new Float64Array(length);
  const chord = Math.round(0.6 * SAMPLE_RATE);
  for (let start = 0; start < length; start += chord) {
    const root = 110 * 2 ** (Math.floor(random() * 12) / 12);
    for (const ratio of [1, 1.26, 1.5, 2]) {
      for (let i = 0; i < chord && start + i < length; i++) {
        music[start + i] = music[start + i]! + Math.sin((2 * Math.PI * root * ratio * i) / SAMPLE_RATE) * Math.exp(-i / (0.25 * SAMPLE_RATE));
      }
    }
  }
  const musicGain = 10 ** (-8 / 20) / Math.max(1e-9, rms(music));
  const mixed = Float64Array.from(speech, (x, i) => x + music[i]! * musicGain);
  const banded = bandPass(mixed, 200, 5000);
  const level = (32768 * 10 ** (SPEECH_DBFS / 20)) / Math.max(1e-9, activeRms(banded));
  return Int16Array.from(banded, (x) => clip16(x * level));
}

/** One-pole high-pass then low-pass: a small loudspeaker's band, roughly. */
function bandPass(x: Float64Array, lowHz: number, highHz: number): Float64Array {
  const hp = Math.exp((-2 * Math.PI * lowHz) / SAMPLE_RATE);
  const lp = 1 - Math.exp((-2 * Math.PI * highHz) / SAMPLE_RATE);
  const out = new Float64Array(x.length);
  let [prevIn, high, low] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    high = hp * (high + x[i]! - prevIn);
    prevIn = x[i]!;
    low += lp * (high - low);
    out[i] = low;
  }
  return out;
}

/**
 * What Chromium's fake capture device gives with no file (facts/voice.md §6.1: a periodic beep,
 * RMS spikes about every 0.5 s): here a 1 kHz tone for 50 ms in every 500, over faint noise.
 */
export function beepScene(seconds: number): Int16Array {
  const random = seeded(5);
  const period = SAMPLE_RATE / 2;
  const beep = SAMPLE_RATE / 20;
  return Int16Array.from({ length: Math.round(seconds * SAMPLE_RATE) }, (_, i) => {
    const tone = i % period < beep ? 8000 * Math.sin((2 * Math.PI * 1000 * i) / SAMPLE_RATE) : 0;
    return clip16(tone + (random() * 2 - 1) * 30);
  });
}
