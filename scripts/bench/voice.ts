/**
 * The wake-word figures (facts/voice.md §6.3: report detections, misses and false accepts per
 * hour, not a single pass/fail) for the template engine on each front end, side by side.
 * Speaker-disjoint: phrases are enrolled from three espeak-ng voices and tested on nine held-out
 * ones that were never used while the engines' thresholds were chosen (those came from
 * `DEV_VOICES`). Figures are whatever they come out as.
 */
import {
  DEFAULT_FRONT_END,
  FRAME_SAMPLES,
  PROFILES,
  createTemplateEngine,
  enrollPhrase,
  type EnrolledPhrase,
  type FrontEndId,
  type TemplateEngine,
  type VadChoice,
} from '../../drivers/wakeword/index.ts';
import { BENCH_VOICES, ENROLL_VOICES, NEGATIVE_SENTENCES, PHRASES } from '../../test/integration/wakeword/corpus.ts';
import {
  beepScene,
  concat,
  mix,
  negativeScene,
  phraseScene,
  silence,
  tvScene,
  type NoiseKind,
} from '../../test/integration/wakeword/scenes.ts';
import { SAMPLE_RATE, speak } from '../../test/integration/wakeword/speech.ts';
import { median, percentile, type Row } from './stats.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const nameOf = (frontEnd: FrontEndId): string => `wake word (${frontEnd === 'mfcc' ? 'MFCC' : 'embedding'}+DTW)`;

async function enrolAll(frontEnd: FrontEndId): Promise<EnrolledPhrase[]> {
  const phrases: EnrolledPhrase[] = [];
  for (const p of PHRASES) {
    const examples = ENROLL_VOICES.map((v) => speak(p.pinyin, v));
    const r = await enrollPhrase({ id: p.id, label: p.label, sensitivity: 0.5, examples }, { frontEnd });
    if (!r.ok) throw new Error(`could not enrol ${p.id} for ${frontEnd}: ${r.error.kind}`);
    phrases.push(r.value);
  }
  return phrases;
}

/** Each front end with the VAD it defaults to: the energy gate for MFCC, silero for embeddings. */
async function engineFor(phrases: EnrolledPhrase[], frontEnd: FrontEndId, vad?: VadChoice | false): Promise<TemplateEngine> {
  const engine = createTemplateEngine({ phrases, frontEnd, vad: vad ?? (frontEnd === 'mfcc' ? 'energy' : 'silero') });
  await engine.init();
  const status = engine.status();
  if (status.state !== 'ready') throw new Error(`${frontEnd} engine unavailable: ${status.reason}`);
  return engine;
}

async function detections(engine: TemplateEngine, audio: Int16Array): Promise<string[]> {
  const found: string[] = [];
  for (let at = 0; at + FRAME_SAMPLES <= audio.length; at += FRAME_SAMPLES) {
    const d = await engine.process(audio.subarray(at, at + FRAME_SAMPLES));
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
async function detectionRate(phrases: EnrolledPhrase[], frontEnd: FrontEndId, noise: NoiseKind, snrDb: number): Promise<Tally> {
  const tally = { hits: 0, wrong: 0, total: 0 };
  for (const [p, phrase] of PHRASES.entries()) {
    for (const [v, voice] of BENCH_VOICES.entries()) {
      const engine = await engineFor(phrases, frontEnd);
      const found = await detections(engine, phraseScene(phrase.pinyin, voice, noise, snrDb, 5000 + p * 100 + v));
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
export function hallMinute(): Int16Array {
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

interface Cost {
  shares: number[];
  frameMs: number[];
}

/** CPU time of the whole process (the ONNX runtime's threads included) per audio time, and the time per 80 ms frame. */
async function cpuCost(phrases: EnrolledPhrase[], frontEnd: FrontEndId, audio: Int16Array, vad: boolean): Promise<Cost> {
  const shares: number[] = [];
  const frameMs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const engine = await engineFor(phrases, frontEnd, vad ? undefined : false);
    const start = process.cpuUsage();
    for (let at = 0; at + FRAME_SAMPLES <= audio.length; at += FRAME_SAMPLES) {
      const t = performance.now();
      await engine.process(audio.subarray(at, at + FRAME_SAMPLES));
      frameMs.push(performance.now() - t);
    }
    const used = process.cpuUsage(start);
    shares.push((used.user + used.system) / 1e6 / (audio.length / SAMPLE_RATE));
  }
  return { shares, frameMs };
}

function cpuRow(name: string, cost: Cost, target: string, limit: number | null): Row {
  return {
    name,
    samples: cost.shares.length,
    median: `${pct(median(cost.shares))} of a core`,
    p95: `${pct(percentile(cost.shares, 95))} of a core`,
    target,
    verdict: limit === null ? '-' : percentile(cost.shares, 95) <= limit ? 'pass' : 'FAIL',
  };
}

function frameRow(name: string, cost: Cost): Row {
  const ms = (x: number): string => `${x.toFixed(2)} ms`;
  return {
    name,
    samples: cost.frameMs.length,
    median: ms(median(cost.frameMs)),
    p95: ms(percentile(cost.frameMs, 95)),
    p99: ms(percentile(cost.frameMs, 99)),
    target: '-',
    verdict: '-',
  };
}

interface Negative {
  readonly label: string;
  readonly audio: () => Int16Array;
  readonly seconds: number;
}

/** Other speech in quiet, hall noise and babble; a television; the fake capture device's beep. */
function negatives(minutes: number): Negative[] {
  const speech = minutes * 60;
  const other = Math.max(60, Math.round(speech / 2));
  return [
    { label: 'speech clean', seconds: speech, audio: () => negativeScene(BENCH_VOICES, speech, 'none', 10, 900) },
    { label: 'speech + hall 10 dB', seconds: speech, audio: () => negativeScene(BENCH_VOICES, speech, 'hall', 10, 901) },
    { label: 'speech + babble 10 dB', seconds: speech, audio: () => negativeScene(BENCH_VOICES, speech, 'babble', 10, 902) },
    { label: 'TV', seconds: other, audio: () => tvScene(other, 903) },
    { label: 'beep', seconds: other, audio: () => beepScene(other) },
  ];
}

async function benchFrontEnd(frontEnd: FrontEndId, scenes: Negative[], minute: Int16Array): Promise<{ rows: Row[]; score: number }> {
  const phrases = await enrolAll(frontEnd);
  const name = nameOf(frontEnd);
  const voices = `${BENCH_VOICES.length} unseen voices`;
  const rows: Row[] = [];
  const at10 = [await detectionRate(phrases, frontEnd, 'hall', 10), await detectionRate(phrases, frontEnd, 'babble', 10)];
  const at5 = [await detectionRate(phrases, frontEnd, 'hall', 5), await detectionRate(phrases, frontEnd, 'babble', 5)];
  const clean = await detectionRate(phrases, frontEnd, 'none', 0);
  rows.push(rateRow(`${name} detection, 10 dB SNR, hall+babble, ${voices}`, at10, '≥ 95%', 0.95));
  rows.push(rateRow(`  of which hall noise`, [at10[0]!], '-', null));
  rows.push(rateRow(`  of which babble`, [at10[1]!], '-', null));
  rows.push(rateRow(`${name} detection, 5 dB SNR, hall+babble, ${voices}`, at5, '≥ 85%', 0.85));
  rows.push(rateRow(`  of which hall noise`, [at5[0]!], '-', null));
  rows.push(rateRow(`  of which babble`, [at5[1]!], '-', null));
  rows.push(rateRow(`${name} detection, clean, ${voices}`, [clean], '-', null));

  let accepts = 0;
  let seconds = 0;
  const parts: string[] = [];
  for (const scene of scenes) {
    const found = await detections(await engineFor(phrases, frontEnd), scene.audio());
    accepts += found.length;
    seconds += scene.seconds;
    parts.push(`${scene.label} ${found.length}`);
  }
  const hours = seconds / 3600;
  const perHour = accepts / hours;
  rows.push({
    name: `${name} false accepts, ${hours.toFixed(2)} h of negative audio, ${voices} (${parts.join(', ')})`,
    samples: accepts,
    median: `${perHour.toFixed(2)}/h`,
    p95: '-',
    target: '≤ 0.5/h',
    verdict: perHour <= 0.5 ? 'pass' : 'FAIL',
  });

  const vadName = frontEnd === 'mfcc' ? 'energy VAD' : 'silero VAD';
  const withVad = await cpuCost(phrases, frontEnd, minute, true);
  rows.push(cpuRow(`${name} CPU, 60 s of hall audio, ${vadName} on`, withVad, '≤ 5% of a core', 0.05));
  rows.push(cpuRow(`${name} CPU, same audio, VAD off`, await cpuCost(phrases, frontEnd, minute, false), '-', null));
  rows.push(frameRow(`${name} time per 80 ms frame, ${vadName} on`, withVad));
  const hits = [...at10, ...at5].reduce((s, t) => s + t.hits, 0) / [...at10, ...at5].reduce((s, t) => s + t.total, 0);
  // One false accept an hour costs as much as 5 % of detections: a false alarm in a hall of elderly residents is not free.
  return { rows, score: hits - 0.05 * perHour };
}

export async function benchWakeWord(negativeMinutes = Number(process.env.BENCH_WAKE_NEG_MINUTES ?? 10)): Promise<Row[]> {
  const scenes = negatives(negativeMinutes);
  const minute = hallMinute();
  const rows: Row[] = [];
  const scores = new Map<FrontEndId, number>();
  for (const frontEnd of ['mfcc', 'embedding'] as const) {
    const { rows: mine, score } = await benchFrontEnd(frontEnd, scenes, minute);
    rows.push(...mine);
    scores.set(frontEnd, score);
  }
  const better = [...scores].sort((a, b) => b[1] - a[1])[0]![0];
  rows.push({
    name: `wake word default front end (DEFAULT_FRONT_END = ${DEFAULT_FRONT_END}); better here: ${PROFILES[better].description}`,
    samples: scores.size,
    median: '-',
    p95: '-',
    target: 'the better one',
    verdict: better === DEFAULT_FRONT_END ? 'pass' : 'FAIL',
  });
  return rows;
}
