import { describe, expect, it } from 'vitest';
import { EnergyVad, frameDbfs } from '../../../drivers/wakeword/vad.ts';
import { PHRASE_A, frames, noise, phrase, silence } from './synth.ts';

const sine = (amplitude: number): Int16Array =>
  Int16Array.from({ length: 1280 }, (_, n) => Math.round(amplitude * Math.sin((2 * Math.PI * 440 * n) / 16_000)));

describe('frame level', () => {
  it('reads a full-scale sine at −3 dBFS and silence as −Infinity', () => {
    expect(frameDbfs(sine(32767))).toBeCloseTo(-3.01, 1);
    expect(frameDbfs(new Int16Array(1280))).toBe(-Infinity);
    expect(frameDbfs(new Int16Array(0))).toBe(-Infinity);
  });

  it('does not count a DC offset as sound', () => {
    expect(frameDbfs(new Int16Array(1280).fill(-20_000))).toBe(-Infinity);
    expect(frameDbfs(Int16Array.from(sine(1000), (x) => x + 9000))).toBeCloseTo(frameDbfs(sine(1000)), 6);
  });
});

describe('energy VAD', () => {
  it('never hears speech in digital silence or a constant offset', () => {
    const vad = new EnergyVad();
    for (let i = 0; i < 200; i++) expect(vad.isSpeech(new Int16Array(1280).fill(i % 2 ? 0 : 3000))).toBe(false);
  });

  it('hears a phrase over a quiet room, and not the room', () => {
    const vad = new EnergyVad();
    const room = frames(noise(3, 100, 1));
    expect(room.map((f) => vad.isSpeech(f)).filter(Boolean).length).toBeLessThanOrEqual(1);
    const heard = frames(phrase(PHRASE_A)).map((f) => vad.isSpeech(f));
    expect(heard.filter(Boolean).length).toBeGreaterThan(heard.length / 2);
  });

  it('learns a steady noise as the room', () => {
    const vad = new EnergyVad();
    const heard = frames(noise(10, 4000, 2)).map((f) => vad.isSpeech(f));
    expect(heard.slice(20).some(Boolean)).toBe(false);
    expect(vad.floorDbfs()).toBeGreaterThan(-30);
  });

  it('reports how far the recent peak stands above the room', () => {
    const vad = new EnergyVad();
    for (const f of frames(noise(3, 300, 3))) vad.isSpeech(f);
    const quietRoom = vad.peakOverFloorDb();
    for (const f of frames(phrase(PHRASE_A, { amplitude: 20_000 }))) vad.isSpeech(f);
    expect(vad.peakOverFloorDb()).toBeGreaterThan(quietRoom + 20);
    expect(new EnergyVad().peakOverFloorDb()).toBe(0);
  });

  it('ignores anything under the absolute minimum, however quiet the room', () => {
    const vad = new EnergyVad({ minimumDbfs: -40 });
    for (const f of frames(silence(1))) vad.isSpeech(f);
    expect(vad.isSpeech(sine(100))).toBe(false);
    expect(vad.isSpeech(sine(10_000))).toBe(true);
  });
});
