/**
 * 16-bit PCM WAV in and out. espeak-ng writes its header before it knows the length (a
 * placeholder size when writing to a pipe), so a data chunk is read up to the end of the file
 * whatever size it declares.
 */

export interface Pcm {
  samples: Int16Array;
  sampleRate: number;
}

export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavError';
  }
}

/** Mono (stereo is mixed down) 16-bit PCM from a RIFF/WAVE file; anything else is a WavError. */
export function decodeWav(file: Buffer): Pcm {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavError('not a RIFF/WAVE file');
  }
  let format: { channels: number; sampleRate: number } | undefined;
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > file.length) throw new WavError('format chunk is cut short');
      const encoding = file.readUInt16LE(body);
      const channels = file.readUInt16LE(body + 2);
      const sampleRate = file.readUInt32LE(body + 4);
      const bits = file.readUInt16LE(body + 14);
      if (encoding !== 1 || bits !== 16) throw new WavError('not 16-bit PCM');
      if (channels < 1 || channels > 2) throw new WavError('not mono or stereo');
      if (sampleRate < 8000 || sampleRate > 96_000) throw new WavError('sample rate out of range');
      format = { channels, sampleRate };
    } else if (id === 'data') {
      if (!format) throw new WavError('data before format');
      const bytes = Math.min(size, file.length - body);
      const frames = Math.floor(bytes / (2 * format.channels));
      const samples = new Int16Array(frames);
      for (let f = 0; f < frames; f++) {
        let sum = 0;
        for (let c = 0; c < format.channels; c++) sum += file.readInt16LE(body + 2 * (f * format.channels + c));
        samples[f] = Math.round(sum / format.channels);
      }
      return { samples, sampleRate: format.sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new WavError('no audio data');
}

export function encodeWav({ samples, sampleRate }: Pcm): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, 44 + 2 * i);
  return out;
}

/** Linear interpolation: plenty for speech, and lets a clip recorded at any rate join synthesised phrases. */
export function resample({ samples, sampleRate }: Pcm, to: number): Int16Array {
  if (sampleRate === to || samples.length === 0) return samples;
  const length = Math.max(1, Math.round((samples.length * to) / sampleRate));
  const out = new Int16Array(length);
  const step = sampleRate / to;
  for (let i = 0; i < length; i++) {
    const x = i * step;
    const i0 = Math.min(samples.length - 1, Math.floor(x));
    const i1 = Math.min(samples.length - 1, i0 + 1);
    out[i] = Math.round(samples[i0]! + (samples[i1]! - samples[i0]!) * (x - i0));
  }
  return out;
}

/** Below this (about −50 dBFS) a sample is silence: espeak-ng's tail is digital zero or near it. */
const SILENCE = 100;

/** The samples without the silence a synthesiser leaves after the voice; the kiosk sets its own pauses. */
export function trimTrailingSilence(samples: Int16Array): Int16Array {
  let end = samples.length;
  while (end > 0 && Math.abs(samples[end - 1]!) < SILENCE) end--;
  return samples.subarray(0, end);
}

export const durationMs = (samples: number, sampleRate: number): number => Math.round((samples * 1000) / sampleRate);
