/**
 * Runs on the audio thread: turns the context's Float32 blocks into 16-bit frames of
 * AUDIO_FRAME_SAMPLES at 16 kHz and posts each to the page, its buffer transferred so nothing is
 * copied twice. Chromium runs the context at 16 kHz and resamples the microphone itself
 * (facts/voice.md §2.2); where a browser keeps its own rate, the frames are resampled here, so
 * the engine never sees audio at the wrong rate. Kept off the main thread because frame drops
 * there cost detections (facts/voice.md §2.2, porcupine#159).
 */
import { AUDIO_FRAME_SAMPLES, AUDIO_SAMPLE_RATE } from '../../../main/api/voice.ts';
import { CAPTURE_PROCESSOR } from './processor-name.ts';
import { Resampler } from './resample.ts';

// The AudioWorkletGlobalScope is not in TypeScript's DOM library; these are the parts used.
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  abstract process(inputs: Float32Array[][]): boolean;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;
declare const sampleRate: number;

class CaptureProcessor extends AudioWorkletProcessor {
  #frame = new Int16Array(AUDIO_FRAME_SAMPLES);
  #filled = 0;
  /** Only where the context does not run at 16 kHz. */
  readonly #resampler = sampleRate === AUDIO_SAMPLE_RATE ? null : new Resampler(sampleRate, AUDIO_SAMPLE_RATE);
  readonly #sink = (value: number): void => this.#push(value);

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    if (this.#resampler) this.#resampler.push(channel, this.#sink);
    else for (let i = 0; i < channel.length; i++) this.#push(channel[i]!);
    return true;
  }

  #push(value: number): void {
    const s = Math.max(-1, Math.min(1, value));
    this.#frame[this.#filled++] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
    if (this.#filled === AUDIO_FRAME_SAMPLES) {
      const full = this.#frame;
      this.port.postMessage(full.buffer, [full.buffer]);
      this.#frame = new Int16Array(AUDIO_FRAME_SAMPLES);
      this.#filled = 0;
    }
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
