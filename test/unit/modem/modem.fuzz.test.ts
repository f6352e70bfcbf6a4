import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModemLineSplitter, type ModemToken } from '../../../drivers/modem/lines.ts';
import { parseCireg, parseClcc, parseCops, parseCpin, parseCsq, parseQcfgIms, parseRegistration } from '../../../drivers/modem/parse.ts';
import { classifyLine } from '../../../drivers/modem/results.ts';

const RUNS = { numRuns: 2_000 };

// Fragments of real modem output, so the fuzzer exercises the grammar rather than only noise.
const FRAGMENTS = [
  'OK', 'ERROR', '+CME ERROR: ', '+CMS ERROR: ', 'NO CARRIER', 'BUSY', 'RING', 'RDY', 'SMS DONE', 'PB DONE',
  '+QIND: ', '+CPIN: ', 'READY', '+CREG: ', '+CEREG: ', '+CLCC: ', '+CSQ: ', '+QTONEDET: ', '+RXDTMF: ', '+DTMF: ',
  '+CLIP: ', '+CMTI: ', '+QCFG: "ims",', '+CIREG: ', '+COPS: ', 'VOICE CALL: ', '+QWTTS: ', 'UNDER-VOLTAGE',
  '"', ',', '0', '1', '5', '99', '4294967296', '-1', ' ', '> ', '>', '\r', '\n', '\r\n', '\x1a', '\x00',
];

const modemText = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary-ascii', maxLength: 4 })), { maxLength: 80 })
  .map((parts) => parts.join(''));

const PENDING = [null, 'AT', 'ATD10086;', 'ATA', 'AT+CREG?', 'AT+CPIN?\r', 'AT+CLCC', 'AT+CSQ', 'AT+CIREG?', 'AT+QTONEDET?', 'AT+CFUN?'];

const KINDS = new Set(['final', 'urc', 'info', 'echo']);

function feed(splitter: ModemLineSplitter, data: Uint8Array, cuts: number[]): ModemToken[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: ModemToken[] = [];
  let from = 0;
  for (const to of [...points, data.length]) {
    out.push(...splitter.push(data.subarray(from, to)));
    from = Math.max(from, to);
  }
  return out;
}

const toBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

describe('modem codec fuzz', () => {
  const input = fc.oneof(modemText.map(toBytes), fc.uint8Array({ maxLength: 600 }));

  it('splitter yields only typed tokens, whatever the bytes and chunking, and never throws', () => {
    fc.assert(
      fc.property(input, fc.array(fc.nat(), { maxLength: 10 }), (data, cuts) => {
        const splitter = new ModemLineSplitter();
        const tokens = feed(splitter, data, cuts);
        for (const t of tokens) {
          expect(['line', 'prompt', 'overflow']).toContain(t.kind);
          if (t.kind === 'line') expect(t.text).toMatch(/^[^\r\n]+$/);
        }
        expect(tokens).toEqual(new ModemLineSplitter().push(data));
      }),
      RUNS,
    );
  });

  it('classifier returns a typed line for any text in any context and never throws', () => {
    fc.assert(
      fc.property(modemText, fc.constantFrom(...PENDING), (text, pending) => {
        for (const token of new ModemLineSplitter().push(text)) {
          if (token.kind !== 'line') continue;
          const classified = classifyLine(token.text, { pending });
          expect(KINDS.has(classified.kind)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('parsers return a typed result for any line and never throw', () => {
    const parsers = [parseCpin, parseRegistration, parseCsq, parseClcc, parseQcfgIms, parseCops, (l: string) => parseCireg(l, 'query'), (l: string) => parseCireg(l, 'urc')];
    fc.assert(
      fc.property(modemText, (text) => {
        for (const parse of parsers) {
          const result = parse(text);
          if (!result.ok) expect(['wrong-prefix', 'malformed']).toContain(result.error.kind);
        }
      }),
      RUNS,
    );
  });

  it('mutated valid responses still classify without throwing', () => {
    const valid = fc.constantFrom(
      '+CLCC: 1,0,3,0,0,"10086",129', '+CREG: 2,1,"1A2B","0000C3D4",7', '+CSQ: 20,99', '+CPIN: READY',
      '+QCFG: "ims",1,1', '+CME ERROR: 14', '+QTONEDET: 49', '+COPS: 0,0,"4E2D56FD79FB52A8",7', '+CMTI: "SM",3',
    );
    fc.assert(
      fc.property(valid, fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }), fc.nat(5), fc.constantFrom(...PENDING), (line, at, insert, drop, pending) => {
        const i = at % (line.length + 1);
        const mutated = line.slice(0, i) + insert + line.slice(i + drop);
        expect(KINDS.has(classifyLine(mutated, { pending }).kind)).toBe(true);
      }),
      RUNS,
    );
  });
});
