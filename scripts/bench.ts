/**
 * `npm run bench`: the figures the issues ask for, measured on this machine and printed as a
 * table. Not part of the test suite: numbers vary with the machine; tests assert behaviour.
 */
import { printTable, type Row } from './bench/stats.ts';
import { benchColdStart, benchTapLatency } from './bench/ui.ts';

const rows: Row[] = [];
rows.push(await benchColdStart(Number(process.env.BENCH_COLD_RUNS ?? 7)));
rows.push(await benchTapLatency(Number(process.env.BENCH_TAPS ?? 60)));
printTable(rows);
