/**
 * `npm run bench`: the figures the issues ask for, measured on this machine and printed as a
 * table. Not part of the test suite: numbers vary with the machine; tests assert behaviour.
 */
import { benchButtonToFeedback, benchCancelWindowToDial, benchManyAlarms } from './bench/emergency.ts';
import { benchButtonToDutyCentre } from './bench/fleet.ts';
import { benchCardToGreeting, benchIdCardCodec } from './bench/identity.ts';
import { printTable, type Row } from './bench/stats.ts';
import { benchColdStart, benchTapLatency } from './bench/ui.ts';
import { benchWakeWord } from './bench/voice.ts';
import { benchLiveVoice } from './bench/voice-live.ts';

const n = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const rows: Row[] = [];
rows.push(await benchColdStart(n('BENCH_COLD_RUNS', 7)));
rows.push(await benchTapLatency(n('BENCH_TAPS', 60)));
rows.push(await benchButtonToFeedback(n('BENCH_SOS_PRESSES', 100)));
rows.push(await benchCancelWindowToDial(n('BENCH_DIALS', 100)));
rows.push(await benchManyAlarms(n('BENCH_ALARMS', 1000)));
rows.push(await benchButtonToDutyCentre(n('BENCH_FLEET_PRESSES', 100)));
rows.push(await benchCardToGreeting(n('BENCH_CARDS', 100)));
rows.push(await benchIdCardCodec(n('BENCH_CODEC_ROUNDS', 20)));
rows.push(...(await benchWakeWord()));
rows.push(...(await benchLiveVoice(n('BENCH_WAKE_CUES', 10), n('BENCH_LISTEN_SECONDS', 60))));
printTable(rows);
