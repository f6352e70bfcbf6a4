import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from '../../../drivers/wakeword/mfcc.ts';
import { prepareWindow } from '../../../drivers/wakeword/mfcc.ts';
import { PhraseSpotter, type Hearing, type Match } from '../../../drivers/wakeword/spotter.ts';
import { seeded } from './synth.ts';

const DIMS = 13;
const LISTENING: Hearing = { listening: true, allowance: 0 };

function babbleFrames(count: number, seed: number): FeatureFrame[] {
  const random = seeded(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: DIMS }, () => random() * 10 - 5));
}

/** A smooth, distinctive feature trajectory standing in for a spoken phrase. */
function shape(length: number, kind: number): FeatureFrame[] {
  return Array.from({ length }, (_, i) =>
    Float32Array.from({ length: DIMS }, (_, d) => 4 * Math.sin((2 * Math.PI * (i / length) * (d + kind)) / 3 + kind)),
  );
}

function feed(spotter: PhraseSpotter, frames: FeatureFrame[], hearing = LISTENING): Match[] {
  const found: Match[] = [];
  for (let at = 0; at < frames.length; at += 8) {
    const m = spotter.push(frames.slice(at, at + 8), hearing);
    if (m) found.push(m);
  }
  return found;
}

const phraseA = { id: 'a', templates: [prepareWindow(shape(60, 1))], threshold: 0.15 };
const phraseB = { id: 'b', templates: [prepareWindow(shape(60, 3))], threshold: 0.15 };
const phraseLong = { id: 'long', templates: [prepareWindow([...shape(60, 1), ...shape(60, 2)])], threshold: 0.15 };

describe('phrase spotter', () => {
  it('finds a phrase in a stream, once, after it ends', () => {
    const spotter = new PhraseSpotter([phraseA]);
    const found = feed(spotter, [...babbleFrames(100, 1), ...shape(64, 1), ...babbleFrames(100, 2)]);
    expect(found).toHaveLength(1);
    expect(found[0]!.phraseId).toBe('a');
    expect(found[0]!.frame).toBeGreaterThanOrEqual(150);
    expect(found[0]!.frame).toBeLessThanOrEqual(175);
    expect(found[0]!.distance).toBeLessThan(found[0]!.threshold);
  });

  it('compares only the phrases it is told to listen for', () => {
    const audio = [...babbleFrames(100, 1), ...shape(64, 3), ...babbleFrames(100, 2)];
    expect(feed(new PhraseSpotter([phraseA, phraseB]), audio, { ...LISTENING, only: new Set(['a']) })).toEqual([]);
    expect(feed(new PhraseSpotter([phraseA, phraseB]), audio, { ...LISTENING, only: new Set(['b']) }).map((m) => m.phraseId)).toEqual(['b']);
  });

  it('hears nothing in random frames or when told nobody is speaking', () => {
    expect(feed(new PhraseSpotter([phraseA]), babbleFrames(2000, 3))).toEqual([]);
    const quiet = { listening: false, allowance: 0 };
    expect(feed(new PhraseSpotter([phraseA]), [...babbleFrames(50, 4), ...shape(60, 1)], quiet)).toEqual([]);
  });

  it('widens its thresholds by the allowance it is given', () => {
    const strict = { ...phraseA, threshold: 0.0001 };
    const stream = [...babbleFrames(50, 5), ...shape(70, 1), ...babbleFrames(80, 6)];
    expect(feed(new PhraseSpotter([strict]), stream)).toEqual([]);
    const [match] = feed(new PhraseSpotter([strict]), stream, { listening: true, allowance: 0.2 });
    expect(match?.threshold).toBeCloseTo(0.2001, 6);
  });

  it('lets a longer phrase that is still being said win over a short one inside it', () => {
    const jitter = babbleFrames(60, 17);
    const roughA = { ...phraseA, templates: [prepareWindow(shape(60, 1).map((f, i) => f.map((v, d) => v + 0.3 * jitter[i]![d]!)))] };
    const spotter = new PhraseSpotter([roughA, phraseLong], { settleFrames: 80 });
    const found = feed(spotter, [...babbleFrames(50, 7), ...shape(60, 1), ...shape(60, 2), ...babbleFrames(120, 8)]);
    expect(found.map((m) => m.phraseId)).toEqual(['long']);
    const impatient = new PhraseSpotter([roughA, phraseLong], { settleFrames: 0 });
    expect(feed(impatient, [...babbleFrames(50, 7), ...shape(60, 1), ...shape(60, 2)]).map((m) => m.phraseId)).toEqual(['a']);
  });

  it('hears a phrase said straight after another, and reports both in order', () => {
    const stream = [...babbleFrames(50, 22), ...shape(60, 1), ...shape(60, 3), ...babbleFrames(150, 23)];
    // The second phrase ends after the first was reported (default settle) or while it still settles.
    for (const settleFrames of [50, 80]) {
      const found = feed(new PhraseSpotter([phraseA, phraseB], { settleFrames }), stream);
      expect(found.map((m) => m.phraseId)).toEqual(['a', 'b']);
      expect(Math.abs(found[0]!.frame - 110)).toBeLessThanOrEqual(5);
      expect(Math.abs(found[1]!.frame - 170)).toBeLessThanOrEqual(5);
    }
  });

  it('reports one match a push, and the next one due with the next push', () => {
    const spotter = new PhraseSpotter([phraseA, phraseB]);
    const first = spotter.push([...babbleFrames(50, 24), ...shape(60, 1), ...shape(60, 3), ...babbleFrames(100, 25)], LISTENING);
    expect(first?.phraseId).toBe('a');
    expect(spotter.settling).toBe(true);
    expect(spotter.push(babbleFrames(1, 26), LISTENING)?.phraseId).toBe('b');
    expect(spotter.settling).toBe(false);
  });

  it('keeps only the phrase that was reported deaf during its refractory period', () => {
    const spotter = new PhraseSpotter([phraseA, phraseB], { refractoryFrames: 200 });
    const stream = [...babbleFrames(50, 27), ...shape(60, 1), ...shape(60, 3), ...shape(60, 1), ...babbleFrames(100, 28)];
    expect(feed(spotter, stream).map((m) => m.phraseId)).toEqual(['a', 'b']);
    // A repeat found while the first is still settling is dropped when the first is reported.
    const patient = new PhraseSpotter([phraseA, phraseB], { settleFrames: 80, refractoryFrames: 200 });
    const repeat = [...babbleFrames(50, 29), ...shape(60, 1), ...babbleFrames(10, 30), ...shape(60, 1), ...babbleFrames(150, 31)];
    expect(feed(patient, repeat).map((m) => m.phraseId)).toEqual(['a']);
  });

  it('can judge a phrase by its mean distance to all examples instead of the closest', () => {
    const far = prepareWindow(shape(60, 4));
    const mixed = { id: 'a', templates: [prepareWindow(shape(60, 1)), far], threshold: 0.15 };
    const stream = [...babbleFrames(40, 18), ...shape(60, 1), ...babbleFrames(80, 19)];
    expect(feed(new PhraseSpotter([mixed], { combine: 'min' }), stream)).toHaveLength(1);
    expect(feed(new PhraseSpotter([mixed], { combine: 'mean' }), stream)).toEqual([]);
  });

  it('detects a repeat only after the refractory period', () => {
    const say = [...shape(60, 1), ...babbleFrames(40, 9)];
    const spotter = new PhraseSpotter([phraseA], { refractoryFrames: 200 });
    expect(feed(spotter, [...babbleFrames(30, 10), ...say, ...say, ...babbleFrames(200, 11), ...say, ...babbleFrames(60, 12)])).toHaveLength(2);
  });

  it('stays deaf while paused and forgets what it heard before the pause', () => {
    const spotter = new PhraseSpotter([phraseA]);
    feed(spotter, babbleFrames(30, 13));
    feed(spotter, shape(40, 1).slice(0, 40));
    spotter.pause();
    expect(feed(spotter, [...shape(60, 1), ...babbleFrames(80, 14)])).toEqual([]);
    spotter.resume();
    expect(feed(spotter, [...shape(60, 1).slice(40), ...babbleFrames(80, 15)])).toEqual([]);
    expect(feed(spotter, [...shape(60, 1), ...babbleFrames(80, 16)]).map((m) => m.phraseId)).toEqual(['a']);
  });

  it('moves its clock over skipped frames and forgets what came before them', () => {
    const spotter = new PhraseSpotter([phraseA]);
    expect(spotter.capacity).toBe(60);
    feed(spotter, [...babbleFrames(30, 17), ...shape(60, 1).slice(0, 40)]);
    spotter.skip(500);
    expect(spotter.frames).toBe(570);
    expect(feed(spotter, [...shape(60, 1).slice(40), ...babbleFrames(80, 18)])).toEqual([]);
    const found = feed(spotter, [...shape(60, 1), ...babbleFrames(80, 19)]);
    expect(found.map((m) => m.phraseId)).toEqual(['a']);
    // The clock counts the skipped frames: the phrase ended 570 + 20 + 80 + 60 frames in.
    expect(Math.abs(found[0]!.frame - 730)).toBeLessThanOrEqual(5);
  });

  it('says when a match is settling, so its frames must keep coming', () => {
    const spotter = new PhraseSpotter([phraseA], { settleFrames: 50 });
    feed(spotter, [...babbleFrames(30, 20), ...shape(60, 1)]);
    expect(spotter.settling).toBe(true);
    expect(feed(spotter, babbleFrames(60, 21)).map((m) => m.phraseId)).toEqual(['a']);
    expect(spotter.settling).toBe(false);
  });

  it('drops a settling match when paused', () => {
    const spotter = new PhraseSpotter([phraseA], { settleFrames: 50 });
    feed(spotter, [...babbleFrames(30, 32), ...shape(60, 1)]);
    expect(spotter.settling).toBe(true);
    spotter.pause();
    expect(spotter.settling).toBe(false);
    spotter.resume();
    expect(feed(spotter, babbleFrames(60, 33))).toEqual([]);
  });
});
