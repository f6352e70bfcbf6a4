/**
 * Synthetic audio for unit tests, so they need neither espeak-ng nor files: a "phrase" is a run
 * of voiced syllables, each a harmonic tone gliding between two frequencies under a smooth
 * envelope. Different glide patterns stand for different phrases; small changes of pace and pitch
 * stand for different takes.
 */
export const RATE = 16_000;

export interface Syllable {
  readonly fromHz: number;
  readonly toHz: number;
}

export interface TakeStyle {
  /** Length of each syllable, ms. */
  readonly syllableMs: number;
  /** Multiplies every frequency, as a higher or lower voice would. */
  readonly pitch: number;
  readonly amplitude: number;
}

export const STYLE: TakeStyle = { syllableMs: 220, pitch: 1, amplitude: 8000 };

export const PHRASE_A: readonly Syllable[] = [
  { fromHz: 300, toHz: 700 },
  { fromHz: 900, toHz: 500 },
  { fromHz: 400, toHz: 1200 },
];

export const PHRASE_B: readonly Syllable[] = [
  { fromHz: 1500, toHz: 1000 },
  { fromHz: 250, toHz: 350 },
  { fromHz: 2200, toHz: 1800 },
];

/** Mulberry32, so "noise" is the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function phrase(syllables: readonly Syllable[], style: Partial<TakeStyle> = {}): Int16Array {
  const s = { ...STYLE, ...style };
  const perSyllable = Math.round((s.syllableMs / 1000) * RATE);
  const gap = Math.round(0.06 * RATE);
  const out = new Int16Array(syllables.length * (perSyllable + gap));
  let at = 0;
  for (const { fromHz, toHz } of syllables) {
    let phase = 0;
    for (let i = 0; i < perSyllable; i++) {
      const t = i / perSyllable;
      const hz = (fromHz + (toHz - fromHz) * t) * s.pitch;
      phase += (2 * Math.PI * hz) / RATE;
      const envelope = Math.sin(Math.PI * t) ** 2;
      const wave = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase);
      out[at + i] = Math.round(s.amplitude * envelope * wave);
    }
    at += perSyllable + gap;
  }
  return out;
}

export function silence(seconds: number): Int16Array {
  return new Int16Array(Math.round(seconds * RATE));
}

export function noise(seconds: number, amplitude: number, seed: number): Int16Array {
  const random = seeded(seed);
  return Int16Array.from({ length: Math.round(seconds * RATE) }, () => Math.round((random() * 2 - 1) * amplitude));
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Splits audio into engine frames, dropping a short tail as a capture loop would keep it for later. */
export function frames(samples: Int16Array, size = 1280): Int16Array[] {
  const out: Int16Array[] = [];
  for (let at = 0; at + size <= samples.length; at += size) out.push(samples.slice(at, at + size));
  return out;
}

/** Three takes of a phrase at slightly different paces and pitches. */
export const takesOf = (syllables: readonly Syllable[]): Int16Array[] => [
  phrase(syllables, { syllableMs: 210, pitch: 1 }),
  phrase(syllables, { syllableMs: 235, pitch: 1.05 }),
  phrase(syllables, { syllableMs: 220, pitch: 0.95 }),
];
