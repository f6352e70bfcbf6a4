import { describe, expect, it } from 'vitest';
import { DEV_VOICES, PHRASES } from './corpus.ts';
import { activeRms, mix } from './scenes.ts';
import { speak } from './speech.ts';
import { describeSpotting } from './spotting.ts';

describeSpotting('mfcc');

describe('test audio', () => {
  it('mixes noise at the SNR asked for, measured over the speech', () => {
    const speech = speak(PHRASES[0]!.pinyin, DEV_VOICES[0]!);
    const clean = mix(speech, 'none', 0, 1);
    const noisy = mix(speech, 'hall', 10, 1);
    const noiseOnly = Int16Array.from(noisy, (x, i) => x - clean[i]!);
    const rms = Math.sqrt(noiseOnly.reduce((s, x) => s + x * x, 0) / noiseOnly.length);
    expect(20 * Math.log10(activeRms(clean) / rms)).toBeCloseTo(10, 0);
  });
});
