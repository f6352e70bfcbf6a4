import { describe, expect, it } from 'vitest';
import { MAX_MODEM_LINE_CHARS, ModemLineSplitter, type ModemToken } from '../../../drivers/modem/lines.ts';

const line = (text: string): ModemToken => ({ kind: 'line', text });
const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('ModemLineSplitter', () => {
  it('splits CR LF framed responses and drops the empty lines between them', () => {
    expect(new ModemLineSplitter().push('\r\n+CSQ: 17,99\r\n\r\nOK\r\n')).toEqual([line('+CSQ: 17,99'), line('OK')]);
  });

  it('tolerates bare LF, bare CR and CR CR LF', () => {
    expect(new ModemLineSplitter().push('RDY\nOK\rERROR\r\r\nRING\n')).toEqual([line('RDY'), line('OK'), line('ERROR'), line('RING')]);
  });

  it('accepts bytes as well as strings', () => {
    expect(new ModemLineSplitter().push(bytes('\r\nOK\r\n'))).toEqual([line('OK')]);
  });

  it('holds a partial line across pushes', () => {
    const s = new ModemLineSplitter();
    expect(s.push('\r\n+CREG: 0,')).toEqual([]);
    expect(s.pendingChars).toBe(9);
    expect(s.push('1\r')).toEqual([line('+CREG: 0,1')]);
    expect(s.push('\nOK\r\n')).toEqual([line('OK')]);
    expect(s.pendingChars).toBe(0);
  });

  it('recognises the SMS prompt, which has no terminator', () => {
    const s = new ModemLineSplitter();
    expect(s.push('\r\n> ')).toEqual([{ kind: 'prompt' }]);
    expect(s.pendingChars).toBe(0);
    expect(s.push('\r\n+CMGS: 12\r\n\r\nOK\r\n')).toEqual([line('+CMGS: 12'), line('OK')]);
  });

  it('recognises the prompt split between reads, and only at the start of a line', () => {
    const s = new ModemLineSplitter();
    expect(s.push('\r\n>')).toEqual([]);
    expect(s.push(' ')).toEqual([{ kind: 'prompt' }]);
    expect(new ModemLineSplitter().push('a> b\r\n')).toEqual([line('a> b')]);
    expect(new ModemLineSplitter().push('>\r\n')).toEqual([line('>')]);
  });

  it('handles echoed command, prompt and result in one stream', () => {
    expect(new ModemLineSplitter().push('AT+CMGS="00310030"\r\r\n> ')).toEqual([line('AT+CMGS="00310030"'), { kind: 'prompt' }]);
  });

  it('yields the same tokens when a stream is split at every boundary', () => {
    const stream = '\r\nRDY\r\n\r\n+CPIN: READY\r\n\r\nSMS DONE\r\n+CSQ: 20,99\r\n\r\nOK\r\n\r\n> \r\n+CMGS: 3\r\n\r\nOK\r\nRING\n';
    const whole = new ModemLineSplitter().push(stream);
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new ModemLineSplitter();
      expect([...s.push(stream.slice(0, cut)), ...s.push(stream.slice(cut))]).toEqual(whole);
    }
  });

  it('drops an over-long line once and recovers', () => {
    const s = new ModemLineSplitter();
    const tokens = s.push(`${'x'.repeat(MAX_MODEM_LINE_CHARS + 50)}\r\nOK\r\n`);
    expect(tokens).toEqual([{ kind: 'overflow' }, line('OK')]);
    expect(new ModemLineSplitter().push(`${'y'.repeat(MAX_MODEM_LINE_CHARS)}\r\n`)).toEqual([line('y'.repeat(MAX_MODEM_LINE_CHARS))]);
  });
});
