/**
 * Mandarin test audio for the wake-word engine, made on the fly: espeak-ng reads numbered pinyin
 * with the `cmn-latn-pinyin` voice (facts/voice.md §4.2: plain `cmn` speaks tone digits in
 * English), sox resamples it to 16 kHz mono and synthesises hall noise, and babble is built from
 * other espeak sentences. Every rendered file is cached under a key made of its parameters, so a
 * rerun costs file reads only.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SAMPLE_RATE = 16_000;

/** An espeak-ng voice variant with its speed (words a minute) and pitch (0–99). */
export interface Voice {
  readonly variant: string;
  readonly speed: number;
  readonly pitch: number;
}

export const voiceName = (v: Voice): string => `${v.variant}/s${v.speed}/p${v.pitch}`;

/** Bumped when the way a file is rendered changes, so old cache entries are never reused. */
const CACHE_VERSION = 1;

function cacheDir(): string {
  const dir = process.env.LINLI_VOICE_CACHE ?? join(tmpdir(), 'linli-voice-cache');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr}`);
  }
}

/** Renders through `make` into a temporary name and renames, so parallel test files never read half a file. */
function cached(key: object, make: (out: string) => void): Int16Array {
  const hash = createHash('sha256')
    .update(JSON.stringify({ CACHE_VERSION, ...key }))
    .digest('hex')
    .slice(0, 24);
  const path = join(cacheDir(), `${hash}.wav`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.partial.wav`;
    make(partial);
    renameSync(partial, path);
  }
  return readWav(readFileSync(path));
}

/** The samples of a 16-bit PCM mono WAV; anything else is a bug in the pipeline above, so it throws. */
export function readWav(file: Buffer): Int16Array {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const pcm16Mono = (): boolean =>
      file.readUInt16LE(offset + 8) === 1 &&
      file.readUInt16LE(offset + 10) === 1 &&
      file.readUInt32LE(offset + 12) === SAMPLE_RATE &&
      file.readUInt16LE(offset + 22) === 16;
    if (id === 'fmt ' && !pcm16Mono()) throw new Error(`expected 16-bit PCM mono at ${SAMPLE_RATE} Hz`);
    if (id === 'data') {
      const bytes = Math.min(size, file.length - offset - 8);
      const copy = Buffer.from(file.subarray(offset + 8, offset + 8 + bytes));
      return new Int16Array(copy.buffer, copy.byteOffset, Math.floor(bytes / 2));
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('WAV has no data chunk');
}

/** `pinyin` (numbered, e.g. `jiu4 ming4`) spoken by `voice`, as 16 kHz mono. */
export function speak(pinyin: string, voice: Voice): Int16Array {
  return cached({ kind: 'espeak', pinyin, ...voice }, (out) => {
    const raw = `${out}.22k.wav`;
    run('espeak-ng', ['-v', `cmn-latn-pinyin+${voice.variant}`, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', raw, pinyin]);
    run('sox', [raw, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', out]);
    rmSync(raw);
  });
}

/**
 * A community hall's steady background: pink noise shaped towards low frequencies (ventilation,
 * traffic, footsteps) with a little brown rumble. `sox -R` seeds its generator the same way every
 * run, so the same seconds of noise come back from the cache or from a fresh render alike.
 */
export function hallNoise(seconds: number): Int16Array {
  return cached({ kind: 'hall', seconds }, (out) => {
    run('sox', ['-R', '-n', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', out,
      'synth', String(seconds), 'pinknoise', 'synth', String(seconds), 'brownnoise', 'mix',
      'highpass', '60', 'lowpass', '3500', 'norm', '-12']);
  });
}
