/**
 * Runs on the audio thread: turns the context's Float32 blocks (128 samples at 16 kHz, the
 * context's rate — Chromium resamples the microphone, facts/voice.md §2.2) into 16-bit frames of
 * FRAME_SAMPLES and posts each to the page, its buffer transferred so nothing is copied twice.
 * Kept off the main thread because frame drops there cost detections (facts/voice.md §2.2,
 * porcupine#159).
 */
import { AUDIO_FRAME_SAMPLES } from '../../../main/api/voice.ts';
import { CAPTURE_PROCESSOR } from './processor-name.ts';

// The AudioWorkletGlobalScope is not in TypeScript's DOM library; these are the parts used.
declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  abstract process(inputs: Float32Array[][]): boolean;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;

class CaptureProcessor extends AudioWorkletProcessor {
  #frame = new Int16Array(AUDIO_FRAME_SAMPLES);
  #filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      const s = Math.max(-1, Math.min(1, channel[i]!));
      this.#frame[this.#filled++] = s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
      if (this.#filled === AUDIO_FRAME_SAMPLES) {
        const full = this.#frame;
        this.port.postMessage(full.buffer, [full.buffer]);
        this.#frame = new Int16Array(AUDIO_FRAME_SAMPLES);
        this.#filled = 0;
      }
    }
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
