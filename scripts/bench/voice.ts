/**
 * The wake-word figures (facts/voice.md §6.3: report detections, misses and false accepts per
 * hour, not a single pass/fail), for the template engine on its MFCC front end. Speaker-disjoint:
 * phrases are enrolled from three espeak-ng voices and tested on nine held-out ones that were
 * never used while the engine's defaults were chosen. Figures are whatever they come out as.
 */
import {
  FRAME_SAMPLES,
  TemplateEngine,
  enrollPhrase,
  type EnrolledPhrase,
  type TemplateEngineOptions,
} from '../../drivers/wakeword/index.ts';
import { MfccFrontEnd } from '../../drivers/wakeword/mfcc.ts';
import { BENCH_VOICES, ENROLL_VOICES, NEGATIVE_SENTENCES, PHRASES } from '../../test/integration/wakeword/corpus.ts';
import { concat, mix, negativeScene, phraseScene, silence, type NoiseKind } from '../../test/integration/wakeword/scenes.ts';
import { SAMPLE_RATE, speak } from '../../test/integration/wakeword/speech.ts';
import { median, percentile, type Row } from './stats.ts';

const NAME = 'wake word (MFCC+DTW)';
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function enrolAll(): EnrolledPhrase[] {
  return PHRASES.map((p) => {
    const r = enrollPhrase({ id: p.id, label: p.label, sensitivity: 0.5, examples: ENROLL_VOICES.map((v) => speak(p.pinyin, v)) });
    if (!r.ok) throw new Error(`could not enrol ${p.id}: ${r.error.kind}`);
    return r.value;
  });
}

async function engineFor(phrases: EnrolledPhrase[], options: Partial<TemplateEngineOptions> = {}): Promise<TemplateEngine> {
  const engine = new TemplateEngine({ phrases, ...options });
  await engine.init();
  return engine;
}

function detections(engine: TemplateEngine, audio: Int16Array): string[] {
  const found: string[] = [];
  for (let at = 0; at + FRAME_SAMPLES <= audio.length; at += FRAME_SAMPLES) {
    const d = engine.process(audio.subarray(at, at + FRAME_SAMPLES));
    if (d) found.push(d.phraseId);
  }
  return found;
}

interface Tally {
  hits: number;
  wrong: number;
  total: number;
}

/** Each phrase by each held-out voice, one clip each, a fresh engine per clip. */
async function detectionRate(phrases: EnrolledPhrase[], noise: NoiseKind, snrDb: number): Promise<Tally> {
  const tally = { hits: 0, wrong: 0, total: 0 };
  for (const [p, phrase] of PHRASES.entries()) {
    for (const [v, voice] of BENCH_VOICES.entries()) {
      const found = detections(await engineFor(phrases), phraseScene(phrase.pinyin, voice, noise, snrDb, 5000 + p * 100 + v));
      tally.total++;
      if (found[0] === phrase.id) tally.hits++;
      else if (found.length > 0) tally.wrong++;
    }
  }
  return tally;
}

function rateRow(name: string, tallies: Tally[], target: string, minimum: number | null): Row {
  const hits = tallies.reduce((s, t) => s + t.hits, 0);
  const wrong = tallies.reduce((s, t) => s + t.wrong, 0);
  const total = tallies.reduce((s, t) => s + t.total, 0);
  return {
    name: `${name} (${hits}/${total}, ${wrong} as the wrong phrase)`,
    samples: total,
    median: pct(hits / total),
    p95: '-',
    target,
    verdict: minimum === null ? '-' : hits / total >= minimum ? 'pass' : 'FAIL',
  };
}

/**
 * A quiet-ish hall minute: room tone, two people talking for a while, one wake phrase, all under
 * hall noise 20 dB below the speech. About a third of it is speech.
 */
function hallMinute(): Int16Array {
  const said = (n: number): Int16Array =>
    concat([speak(NEGATIVE_SENTENCES[n]!, BENCH_VOICES[n % BENCH_VOICES.length]!), silence(0.5)]);
  const audio = concat([
    silence(12),
    ...[0, 1, 2].map(said),
    silence(10),
    speak(PHRASES[0]!.pinyin, BENCH_VOICES[0]!),
    silence(10),
    ...[3, 4, 5].map(said),
    silence(60),
  ]);
  return mix(audio.subarray(0, 60 * SAMPLE_RATE), 'hall', 20, 77);
}

/** CPU time per audio time, and the time per 80 ms frame. */
async function cpuCost(phrases: EnrolledPhrase[], audio: Int16Array, vad: boolean): Promise<{ shares: number[]; frameMs: number[] }> {
  const shares: number[] = [];
  const frameMs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const engine = await engineFor(phrases, vad ? {} : { vad: false });
    const start = process.cpuUsage();
    for (let at = 0; at + FRAME_SAMPLES <= audio.length; at += FRAME_SAMPLES) {
      const t = performance.now();
      engine.process(audio.subarray(at, at + FRAME_SAMPLES));
      frameMs.push(performance.now() - t);
    }
    const used = process.cpuUsage(start);
    shares.push((used.user + used.system) / 1e6 / (audio.length / SAMPLE_RATE));
  }
  return { shares, frameMs };
}

function cpuRow(name: string, cost: { shares: number[] }, target: string, limit: number | null): Row {
  return {
    name,
    samples: cost.shares.length,
    median: `${pct(median(cost.shares))} of a core`,
    p95: `${pct(percentile(cost.shares, 95))} of a core`,
    target,
    verdict: limit === null ? '-' : percentile(cost.shares, 95) <= limit ? 'pass' : 'FAIL',
  };
}

function mfccRow(audio: Int16Array): Row {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const frontEnd = new MfccFrontEnd();
    for (let at = 0; at + FRAME_SAMPLES <= audio.length; at += FRAME_SAMPLES) {
      const t = performance.now();
      frontEnd.push(audio.subarray(at, at + FRAME_SAMPLES));
      times.push(performance.now() - t);
    }
  }
  const ms = (x: number): string => `${(x * 1000).toFixed(0)} µs`;
  return {
    name: 'MFCC front end, one 80 ms frame',
    samples: times.length,
    median: ms(median(times)),
    p95: ms(percentile(times, 95)),
    p99: ms(percentile(times, 99)),
    target: '-',
    verdict: '-',
  };
}

export async function benchWakeWord(negativeMinutes = Number(process.env.BENCH_WAKE_NEG_MINUTES ?? 20)): Promise<Row[]> {
  const phrases = enrolAll();
  const rows: Row[] = [];
  const voices = `${BENCH_VOICES.length} unseen voices`;

  const clean = await detectionRate(phrases, 'none', 0);
  const at10 = [await detectionRate(phrases, 'hall', 10), await detectionRate(phrases, 'babble', 10)];
  const at5 = [await detectionRate(phrases, 'hall', 5), await detectionRate(phrases, 'babble', 5)];
  rows.push(rateRow(`${NAME} detection, 10 dB SNR, hall+babble, ${voices}`, at10, '≥ 95%', 0.95));
  rows.push(rateRow(`  of which hall noise`, [at10[0]!], '-', null));
  rows.push(rateRow(`  of which babble`, [at10[1]!], '-', null));
  rows.push(rateRow(`${NAME} detection, 5 dB SNR, hall+babble, ${voices}`, at5, '≥ 85%', 0.85));
  rows.push(rateRow(`  of which hall noise`, [at5[0]!], '-', null));
  rows.push(rateRow(`  of which babble`, [at5[1]!], '-', null));
  rows.push(rateRow(`${NAME} detection, clean, ${voices}`, [clean], '-', null));

  const conditions: [NoiseKind, string][] = [['none', 'clean'], ['hall', 'hall 10 dB'], ['babble', 'babble 10 dB']];
  let accepts = 0;
  const parts: string[] = [];
  for (const [i, [noise, label]] of conditions.entries()) {
    const found = detections(await engineFor(phrases), negativeScene(BENCH_VOICES, negativeMinutes * 60, noise, 10, 900 + i));
    accepts += found.length;
    parts.push(`${label} ${found.length}`);
  }
  const hours = (negativeMinutes * conditions.length) / 60;
  const perHour = accepts / hours;
  rows.push({
    name: `${NAME} false accepts, ${hours.toFixed(2)} h of other speech by ${voices} (${parts.join(', ')})`,
    samples: accepts,
    median: `${perHour.toFixed(2)}/h`,
    p95: '-',
    target: '≤ 0.5/h',
    verdict: perHour <= 0.5 ? 'pass' : 'FAIL',
  });

  const minute = hallMinute();
  rows.push(cpuRow(`${NAME} CPU, 60 s of hall audio, VAD on`, await cpuCost(phrases, minute, true), '≤ 5% of a core', 0.05));
  rows.push(cpuRow(`${NAME} CPU, same audio, VAD off`, await cpuCost(phrases, minute, false), '-', null));
  rows.push(mfccRow(minute));
  return rows;
}
