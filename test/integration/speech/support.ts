import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { ComponentHealth } from '../../../main/api/contract.ts';
import { EventBus } from '../../../main/core/events.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { EspeakEngine } from '../../../main/services/speech/espeak.ts';
import { SpeechService, type SpeechServiceOptions } from '../../../main/services/speech/service.ts';
import { decodeWav, encodeWav } from '../../../main/services/speech/wav.ts';

/** Root mean square of 16-bit samples, as a fraction of full scale. */
export function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += (s / 32768) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

export const tempDir = (name: string): string => mkdtempSync(join(tmpdir(), `linli-speech-${name}-`));

/** A speech service on the real espeak-ng, with its health kept for the test to read. */
export async function speechService(opts: Partial<SpeechServiceOptions> & { espeak?: string } = {}) {
  const health = new HealthService(new EventBus());
  const service = new SpeechService({
    engine: new EspeakEngine({ command: opts.espeak ?? 'espeak-ng' }),
    clipsDir: opts.clipsDir ?? tempDir('no-clips'),
    health,
    log: opts.log ?? pino({ level: 'silent' }),
    ...opts,
  });
  await service.start();
  const component = (id: string): ComponentHealth | undefined => health.snapshot().components.find((c) => c.id === id);
  return { service, component };
}

/** The samples of a reply's WAV. */
export const replySamples = (audio: string): Int16Array => decodeWav(Buffer.from(audio, 'base64')).samples;

/** A WAV of a steady tone, standing in for a recording. */
export function writeToneWav(file: string, seconds: number, sampleRate = 16_000): Int16Array {
  const samples = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  writeFileSync(file, encodeWav({ samples, sampleRate }));
  return samples;
}
