import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AudioCache } from '../../../main/services/speech/cache.ts';
import { decodeWav, encodeWav, resample, trimTrailingSilence, WavError } from '../../../main/services/speech/wav.ts';

describe('WAV files', () => {
  it('round-trips 16-bit mono', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    expect(decodeWav(encodeWav({ samples, sampleRate: 22_050 }))).toEqual({ samples, sampleRate: 22_050 });
  });

  it('reads a streamed file whose header gives a placeholder length, as espeak-ng writes to a pipe', () => {
    const file = encodeWav({ samples: Int16Array.from([5, 6, 7]), sampleRate: 22_050 });
    file.writeUInt32LE(0x7ffff000, 40);
    expect(Array.from(decodeWav(file).samples)).toEqual([5, 6, 7]);
  });

  it('mixes stereo down to mono', () => {
    const file = encodeWav({ samples: Int16Array.from([100, 300, -100, -300]), sampleRate: 44_100 });
    file.writeUInt16LE(2, 22);
    expect(Array.from(decodeWav(file).samples)).toEqual([200, -200]);
  });

  it('refuses anything else with a WavError, never another exception', () => {
    expect(() => decodeWav(Buffer.from('not audio'))).toThrow(WavError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, withHeader) => {
        const file = Buffer.concat([withHeader ? Buffer.from('RIFF\0\0\0\0WAVE') : Buffer.alloc(0), Buffer.from(bytes)]);
        try {
          decodeWav(file);
        } catch (err) {
          expect(err).toBeInstanceOf(WavError);
        }
      }),
    );
  });

  it('resamples to the engine rate and trims the synthesiser\'s trailing silence', () => {
    expect(resample({ samples: Int16Array.from([0, 100, 200, 300]), sampleRate: 11_025 }, 22_050)).toHaveLength(8);
    expect(Array.from(trimTrailingSilence(Int16Array.from([500, -400, 3, 0, -2, 0])))).toEqual([500, -400]);
  });
});

describe('the in-memory audio cache', () => {
  it('keeps the most recently used within its byte budget', () => {
    const cache = new AudioCache(4000);
    const clip = (): Int16Array => new Int16Array(500);
    cache.set('a', clip());
    cache.set('b', clip());
    cache.set('c', clip());
    cache.get('a');
    cache.set('d', clip());
    cache.set('e', clip());
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('e')).toBeDefined();
    // One entry may not push out everything else.
    cache.set('huge', new Int16Array(2000));
    expect(cache.get('huge')).toBeUndefined();
  });
});
