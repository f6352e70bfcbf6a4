import { beforeAll, describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../drivers/wakeword/engine.ts';
import { SileroVad, createVad } from '../../../drivers/wakeword/silero-vad.ts';
import { EnergyVad } from '../../../drivers/wakeword/vad.ts';
import { DEV_VOICES, NEGATIVE_SENTENCES } from '../../integration/wakeword/corpus.ts';
import { mix } from '../../integration/wakeword/scenes.ts';
import { speak } from '../../integration/wakeword/speech.ts';
import { concat, frames, noise, silence } from './synth.ts';

let vad: SileroVad;

beforeAll(async () => {
  const loaded = await SileroVad.load();
  if (!loaded.ok) throw new Error(loaded.error);
  vad = loaded.value;
});

async function hear(audio: Int16Array): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const f of frames(audio, FRAME_SAMPLES)) out.push(await vad.isSpeech(f));
  return out;
}

/** A sentence by espeak-ng, levelled like a voice at arm's length. */
const sentence = mix(speak(NEGATIVE_SENTENCES[0]!, DEV_VOICES[0]!), 'none', 0, 1);

describe('silero VAD', () => {
  it.each([
    ['silence', silence(3)],
    ['a microphone with a DC offset', new Int16Array(16_000 * 3).fill(-8000)],
    ['steady noise', noise(3, 1000, 2)],
  ])('hears no speech in %s', async (_, audio) => {
    vad.reset();
    expect((await hear(audio)).filter(Boolean)).toEqual([]);
    expect(vad.silenceSinceSpeechMs()).toBeNull();
  });

  it('hears most of an espeak sentence', async () => {
    vad.reset();
    const heard = await hear(sentence);
    expect(heard.filter(Boolean).length).toBeGreaterThan(heard.length * 0.6);
  });

  it('says when someone has stopped talking', async () => {
    vad.reset();
    await hear(sentence);
    expect(vad.speechEnded(800)).toBe(false);
    await hear(silence(1));
    expect(vad.silenceSinceSpeechMs()).toBeGreaterThanOrEqual(800);
    expect(vad.speechEnded(800)).toBe(true);
    await hear(sentence.subarray(0, 16_000));
    expect(vad.speechEnded(800)).toBe(false);
  });

  it('drops frames of the wrong type or length, counts them, and is not thrown off by them', async () => {
    vad.reset();
    const before = vad.rejectedFrames;
    expect(await vad.isSpeech(new Int16Array(512))).toBe(false);
    expect(await vad.isSpeech(new Float32Array(FRAME_SAMPLES) as unknown as Int16Array)).toBe(false);
    expect(vad.rejectedFrames).toBe(before + 2);
    const heard = await hear(sentence);
    vad.reset();
    expect(await hear(sentence)).toEqual(heard);
  });

  it('answers frames in order even when they are not awaited', async () => {
    vad.reset();
    const one = await hear(sentence);
    vad.reset();
    expect(await Promise.all(frames(sentence, FRAME_SAMPLES).map((f) => vad.isSpeech(f)))).toEqual(one);
  });
});

describe('choosing a VAD', () => {
  it('falls back to the energy gate when the silero model is missing, saying why', async () => {
    const { vad: fallback, fallbackReason } = await createVad('silero', { modelDir: '/nonexistent' });
    expect(fallback).toBeInstanceOf(EnergyVad);
    expect(fallbackReason).toMatch(/silero VAD unavailable, using the energy gate: model file .*silero_vad\.onnx is missing/);
  });

  it('gives silero when it loads, and the energy gate when asked', async () => {
    expect((await createVad('silero')).vad.kind).toBe('silero');
    expect(await createVad('energy')).toEqual({ vad: expect.any(EnergyVad), fallbackReason: null });
  });
});
