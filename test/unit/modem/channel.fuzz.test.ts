import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtChannel, AtError, DEFAULT_TIMEOUTS, type AtResponse } from '../../../drivers/modem/channel.ts';
import { classifyLine, type Urc } from '../../../drivers/modem/results.ts';
import { FakeClock } from './fake-clock.ts';

/**
 * Random interleavings of URCs, noise and responses, in random read sizes, with some commands
 * answered late or never. Every information line carries the number of the command it answers,
 * so a line given to the wrong command shows.
 */

type Fate = 'ok' | 'error' | 'cme' | 'late' | 'silent';

const COMMANDS: { line: string; info: (tag: number) => string }[] = [
  { line: 'AT+CSQ\r', info: (tag) => `+CSQ: ${tag},99` },
  { line: 'AT+CREG?\r', info: (tag) => `+CREG: 2,1,"${tag.toString(16).toUpperCase()}","00AB"` },
  { line: 'AT+CEREG?\r', info: (tag) => `+CEREG: 2,5,"${tag.toString(16).toUpperCase()}","00AB",7` },
  { line: 'AT+CLCC\r', info: (tag) => `+CLCC: 1,0,0,0,0,"${tag}",129` },
  { line: 'AT+COPS?\r', info: (tag) => `+COPS: 0,0,"OP${tag}",7` },
];

// URCs that are URCs whichever of the commands above is in flight (facts/emergency.md §2.6).
const URCS = [
  'RING',
  '+CREG: 1',
  '+CEREG: 5,"1A2B","01C3D4E5",7',
  '+RXDTMF: 3',
  '+QTONEDET: 49',
  'NO CARRIER',
  'BUSY',
  '+CMTI: "SM",3',
  'SMS DONE',
  '+QIND: PB DONE',
  'VOICE CALL: BEGIN',
  '+CPIN: NOT READY',
  '+CLIP: "10086",129',
];

const noise = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz #:,'.split('')), minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0);

const extra = fc.oneof(
  fc.constantFrom(...URCS).map((text) => ({ kind: 'urc' as const, text })),
  noise.map((text) => ({ kind: 'noise' as const, text: text.trim() })),
);

const step = fc.record({
  command: fc.nat({ max: COMMANDS.length - 1 }),
  infoLines: fc.nat({ max: 2 }),
  fate: fc.constantFrom<Fate>('ok', 'ok', 'ok', 'error', 'cme', 'late', 'silent'),
  /** When a catch-up check goes before this command, the module answers the check only late. */
  checkLate: fc.constantFrom(false, false, true),
  cmeCode: fc.constantFrom(3, 4, 10, 14, 30, 100),
  extras: fc.array(fc.tuple(fc.nat(), extra), { maxLength: 4 }),
  idleExtras: fc.array(extra, { maxLength: 2 }),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

const frame = (lines: string[]): string => lines.map((l) => `\r\n${l}\r\n`).join('');

function chunks(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const to of [...points, text.length]) {
    out.push(text.slice(from, to));
    from = to;
  }
  return out;
}

describe('AT channel property', () => {
  it('never gives an information line to the wrong command, never loses a URC and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (plan) => {
        const clock = new FakeClock();
        const written: string[] = [];
        const channel = new AtChannel(
          async (data) => {
            written.push(data);
          },
          { clock },
        );
        const urcs: Urc[] = [];
        let strays = 0;
        channel.on('urc', (u) => urcs.push(u));
        channel.on('stray', () => strays++);

        const outcomes = plan.map((p) =>
          channel.send(COMMANDS[p.command]!.line).then(
            (response): AtResponse | AtError => response,
            (error: AtError) => error,
          ),
        );

        let expectedUrcs = 0;
        let expectedStrays = 0;
        let late = '';
        let lateChecks = 0;
        const unsent = new Set<number>();
        let next = 0;
        for (let seen = 0; seen < written.length; seen++) {
          const check = /^AT\+CMEE\?;S8=([0-9]+)S8\?\r$/.exec(written[seen]!);
          if (check) {
            const answer = frame(['+CMEE: 1', check[1]!.padStart(3, '0'), 'OK']);
            if (plan[next]!.checkLate) {
              // Still busy: the check times out, the command it guards is never sent, and the
              // check's answer comes with the next one's.
              clock.advance(DEFAULT_TIMEOUTS.simpleMs);
              unsent.add(next++);
              late += answer;
              lateChecks++;
            } else {
              channel.receive(late + answer);
              // Of a late check's answer, only its final shows: the rest is read as a check's.
              expectedStrays += lateChecks;
              late = '';
              lateChecks = 0;
            }
            continue;
          }
          const tag = next++;
          const p = plan[tag]!;
          expect(written[seen]).toBe(COMMANDS[p.command]!.line);
          const info = Array.from({ length: p.infoLines }, () => COMMANDS[p.command]!.info(tag));
          const final = p.fate === 'error' ? 'ERROR' : p.fate === 'cme' ? `+CME ERROR: ${p.cmeCode}` : 'OK';
          const lines = [...info, final];
          for (const [at, e] of p.extras) {
            lines.splice(at % (lines.length + 1), 0, e.text);
            if (e.kind === 'urc') expectedUrcs++;
            else expectedStrays++;
          }
          if (p.fate === 'late' || p.fate === 'silent') {
            clock.advance(DEFAULT_TIMEOUTS.simpleMs);
            // Its extras still arrive, while the probe is out, with the late answer.
            if (p.fate === 'late') {
              late = frame(lines);
              // A late +CLCC line is indistinguishable from the URC form; either way it is no command's.
              const urcLike = info.filter((l) => classifyLine(l, { pending: 'AT+CMEE?;S8=0S8?' }).kind === 'urc').length;
              expectedUrcs += urcLike;
              expectedStrays += info.length - urcLike + 1;
            } else {
              late = frame(lines.filter((l) => l !== final && !info.includes(l)));
            }
          } else {
            for (const piece of chunks(frame(lines), p.cuts)) channel.receive(piece);
          }
          for (const e of p.idleExtras) {
            channel.receive(frame([e.text]));
            if (e.kind === 'urc') expectedUrcs++;
            else expectedStrays++;
          }
        }
        channel.receive(late);
        // With no check out, none of a late check's three lines is anyone's.
        expectedStrays += 3 * lateChecks;

        const results = await Promise.all(outcomes);
        results.forEach((result, tag) => {
          const p = plan[tag]!;
          if (unsent.has(tag)) {
            expect(result).toMatchObject({ kind: 'not-sent' });
          } else if (p.fate === 'ok') {
            expect(result).not.toBeInstanceOf(AtError);
            expect((result as AtResponse).lines).toEqual(Array.from({ length: p.infoLines }, () => COMMANDS[p.command]!.info(tag)));
          } else {
            expect(result).toBeInstanceOf(AtError);
            const kind = { error: 'error', cme: 'cme', late: 'timeout', silent: 'timeout' }[p.fate];
            expect((result as AtError).kind).toBe(kind);
            if (p.fate === 'cme') expect((result as AtError).code).toBe(p.cmeCode);
          }
        });
        expect(urcs).toHaveLength(expectedUrcs);
        expect(urcs.every((u) => u.type !== 'unparsed')).toBe(true);
        expect(strays).toBe(expectedStrays);
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('settles every command and never throws, whatever bytes the module sends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), fc.nat({ max: 5 }), async (reads, count) => {
        const clock = new FakeClock();
        const channel = new AtChannel(async () => undefined, { clock });
        const outcomes = Array.from({ length: count }, (_, i) => channel.send({ line: i % 2 ? 'AT+CSQ\r' : 'AT+CMGS="0031"\r', body: 'x\x1a' }).catch((e: unknown) => e));
        for (const read of reads) {
          channel.receive(read);
          clock.advance(DEFAULT_TIMEOUTS.simpleMs);
        }
        for (let i = 0; i <= count; i++) clock.advance(DEFAULT_TIMEOUTS.smsMs);
        for (const outcome of await Promise.all(outcomes)) {
          if (outcome instanceof Error) expect(outcome).toBeInstanceOf(AtError);
        }
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});
