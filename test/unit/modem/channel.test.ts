import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AtChannel, AtError, DEFAULT_TIMEOUTS, timeoutFor, type AtResponse } from '../../../drivers/modem/channel.ts';
import { AT, selectCharset } from '../../../drivers/modem/commands.ts';
import type { Urc } from '../../../drivers/modem/results.ts';
import { FakeClock } from './fake-clock.ts';

/** A channel over a fake line: what it writes is recorded, what the "modem" says is pushed in. */
function harness() {
  const clock = new FakeClock();
  const written: string[] = [];
  const channel = new AtChannel(
    async (data) => {
      written.push(data);
    },
    { clock },
  );
  const urcs: Urc[] = [];
  const strays: string[] = [];
  channel.on('urc', (u) => urcs.push(u));
  channel.on('stray', (s) => strays.push(s));
  return { clock, written, channel, urcs, strays, say: (text: string) => channel.receive(text) };
}

async function rejection(promise: Promise<unknown>): Promise<AtError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtError);
  return error as AtError;
}

describe('AT channel', () => {
  it('writes the command, collects its information lines and resolves on OK', async () => {
    const { channel, written, say } = harness();
    const reply = channel.send(AT.signalQuality);
    expect(written).toEqual(['AT+CSQ\r']);
    say('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    await expect(reply).resolves.toEqual({ final: { type: 'ok' }, lines: ['+CSQ: 20,99'] });
  });

  it('passes on URCs that arrive before, inside and after a response without mixing them in', async () => {
    const { channel, urcs, say } = harness();
    const reply = channel.send(AT.simStatus);
    // A split read, a RING before the answer, a call-state URC between the answer and OK.
    say('\r\nRI');
    say('NG\r\n\r\n+CPIN: RE');
    say('ADY\r\n\r\n+CLCC: 1,0,3,0,0,"10086",129\r\n\r\n+CREG: 1\r\n\r\nOK\r\n\r\n+RXDTMF: 5\r\n');
    await expect(reply).resolves.toEqual({ final: { type: 'ok' }, lines: ['+CPIN: READY'] });
    expect(urcs.map((u) => u.type)).toEqual(['ring', 'call-state', 'registration', 'dtmf']);
  });

  it('keeps one command in flight; the next is written only after the first has its final result', async () => {
    const { channel, written, say } = harness();
    const first = channel.send(AT.csRegistration);
    const second = channel.send(AT.epsRegistration);
    expect(written).toEqual(['AT+CREG?\r']);
    // A line with the second command's prefix is not the first command's.
    say('\r\n+CEREG: 0,1\r\n\r\n+CREG: 0,5\r\n\r\nOK\r\n');
    expect(written).toEqual(['AT+CREG?\r', 'AT+CEREG?\r']);
    say('\r\n+CEREG: 0,2\r\n\r\nOK\r\n');
    await expect(first).resolves.toEqual({ final: { type: 'ok' }, lines: ['+CREG: 0,5'] });
    await expect(second).resolves.toEqual({ final: { type: 'ok' }, lines: ['+CEREG: 0,2'] });
  });

  it('ignores the echo of the command in flight', async () => {
    const { channel, say, strays } = harness();
    const reply = channel.send(AT.echoOff);
    say('ATE0\r\r\nOK\r\n');
    await expect(reply).resolves.toEqual({ final: { type: 'ok' }, lines: [] });
    expect(strays).toEqual([]);
  });

  it('collects bare-text answers only when asked to', async () => {
    const { channel, say } = harness();
    const reply = channel.send({ line: 'AT+CGMM\r', collect: 'unprefixed' });
    say('\r\nEC20F\r\n\r\nOK\r\n');
    await expect(reply).resolves.toMatchObject({ lines: ['EC20F'] });
  });

  it.each([
    ['+CME ERROR: 10', 'cme', 10, 'sim-not-inserted'],
    ['+CME ERROR: 14', 'cme', 14, 'sim-busy'],
    ['+CMS ERROR: 310', 'cms', 310, 'sim-not-inserted'],
    ['ERROR', 'error', null, null],
  ] as const)('%s rejects with a typed error', async (line, kind, code, meaning) => {
    const { channel, say } = harness();
    const reply = channel.send(AT.simStatus);
    say(`\r\n${line}\r\n`);
    const error = await rejection(reply);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.modemError?.meaning ?? null).toBe(meaning);
    expect(error.command).toBe('AT+CPIN?');
  });

  it('ends ATD with OK, or with the call-end result the module gives instead', async () => {
    const { channel, say } = harness();
    const busy = channel.send('ATD10086;\r');
    say('\r\nBUSY\r\n');
    await expect(busy).resolves.toEqual({ final: { type: 'busy' }, lines: [] });
    const ok = channel.send('ATD10086;\r');
    say('\r\nOK\r\n\r\nNO CARRIER\r\n');
    await expect(ok).resolves.toEqual({ final: { type: 'ok' }, lines: [] });
  });

  it('never names the dialled number in an error', async () => {
    const { channel, clock } = harness();
    const reply = channel.send('ATD13800138000;\r');
    clock.advance(DEFAULT_TIMEOUTS.callMs);
    const error = await rejection(reply);
    expect(error.command).toBe('ATD');
    expect(error.message).not.toContain('138');
  });

  it('fails a command with no final result within its timeout, then resynchronises before the next', async () => {
    const { channel, written, clock, say, strays } = harness();
    const slow = channel.send(AT.signalQuality);
    const next = channel.send(AT.simStatus);
    clock.advance(DEFAULT_TIMEOUTS.simpleMs - 1);
    expect(written).toEqual(['AT+CSQ\r']);
    clock.advance(1);
    expect((await rejection(slow)).kind).toBe('timeout');
    // The check goes first; the late answer to AT+CSQ must not become AT+CPIN?'s.
    expect(written).toEqual(['AT+CSQ\r', 'AT+CMEE?;S8=0S8?\r']);
    say('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    expect(written).toHaveLength(2);
    say('\r\n+CMEE: 1\r\n\r\n000\r\n\r\nOK\r\n');
    expect(written).toEqual(['AT+CSQ\r', 'AT+CMEE?;S8=0S8?\r', 'AT+CPIN?\r']);
    say('\r\n+CPIN: READY\r\n\r\nOK\r\n');
    await expect(next).resolves.toEqual({ final: { type: 'ok' }, lines: ['+CPIN: READY'] });
    expect(strays).toEqual(['+CSQ: 20,99', 'OK']);
    expect(clock.pending).toBe(0);
  });

  it('is not fooled by the late answer to an earlier check: each check reads back its own number', async () => {
    const { channel, written, clock, say } = harness();
    // The module is busy for longer than two timeouts but keeps what it is sent.
    const csq = channel.send(AT.signalQuality);
    clock.advance(DEFAULT_TIMEOUTS.simpleMs);
    const creg = channel.send(AT.csRegistration);
    clock.advance(DEFAULT_TIMEOUTS.simpleMs);
    expect((await rejection(csq)).kind).toBe('timeout');
    expect((await rejection(creg)).kind).toBe('not-sent');
    const dial = channel.send('ATD112;\r');
    const clcc = channel.send(AT.listCalls);
    expect(written).toEqual(['AT+CSQ\r', 'AT+CMEE?;S8=0S8?\r', 'AT+CMEE?;S8=1S8?\r']);
    // It catches up: AT+CSQ, the first check, then the second, each answered in turn.
    say('\r\n+CSQ: 20,99\r\n\r\nOK\r\n');
    say('\r\n+CMEE: 1\r\n\r\n000\r\n\r\nOK\r\n');
    expect(written).toHaveLength(3);
    say('\r\n+CMEE: 1\r\n\r\n001\r\n\r\nOK\r\n');
    expect(written.at(-1)).toBe('ATD112;\r');
    say('\r\n+CME ERROR: 10\r\n');
    const refused = await rejection(dial);
    expect(refused).toMatchObject({ kind: 'cme', code: 10, command: 'ATD' });
    expect(written.at(-1)).toBe('AT+CLCC\r');
    say('\r\nOK\r\n');
    await expect(clcc).resolves.toEqual({ final: { type: 'ok' }, lines: [] });
    expect(clock.pending).toBe(0);
  });

  it('takes a check answered without its number for its own, from a module that refuses S8', async () => {
    const { channel, written, clock, say } = harness();
    const slow = channel.send(AT.signalQuality);
    clock.advance(DEFAULT_TIMEOUTS.simpleMs);
    await rejection(slow);
    const next = channel.send(AT.simStatus);
    say('\r\n+CMEE: 1\r\n\r\n+CME ERROR: 4\r\n');
    expect(written.at(-1)).toBe('AT+CPIN?\r');
    say('\r\n+CPIN: READY\r\n\r\nOK\r\n');
    await expect(next).resolves.toMatchObject({ lines: ['+CPIN: READY'] });
  });

  it('fails the next command too, unsent and saying so, while the module stays silent', async () => {
    const { channel, written, clock } = harness();
    const first = channel.send(AT.attention);
    const second = channel.send('ATD112;\r');
    clock.advance(DEFAULT_TIMEOUTS.simpleMs);
    clock.advance(DEFAULT_TIMEOUTS.simpleMs);
    expect((await rejection(first)).kind).toBe('timeout');
    const unsent = await rejection(second);
    expect(unsent).toMatchObject({ kind: 'not-sent', command: 'ATD', message: 'ATD: not sent: the modem is not answering' });
    expect(written).toEqual(['AT\r', 'AT+CMEE?;S8=0S8?\r']);
  });

  it('writes an SMS body at the > prompt and takes +CMGS as the answer', async () => {
    const { channel, written, say, strays } = harness();
    const reply = channel.send({ line: 'AT+CMGS="0031"\r', body: '4F60\x1a' });
    expect(written).toEqual(['AT+CMGS="0031"\r']);
    say('\r\n> ');
    expect(written).toEqual(['AT+CMGS="0031"\r', '4F60\x1a']);
    say('\r\n+CMGS: 12\r\n\r\nOK\r\n');
    await expect(reply).resolves.toEqual({ final: { type: 'ok' }, lines: ['+CMGS: 12'] });
    expect(strays).toEqual([]);
  });

  it('abandons SMS input with ESC when the prompt never comes', async () => {
    const { channel, written, clock } = harness();
    const reply = channel.send({ line: 'AT+CMGS="0031"\r', body: '4F60\x1a' });
    clock.advance(DEFAULT_TIMEOUTS.smsMs);
    expect((await rejection(reply)).kind).toBe('timeout');
    expect(written).toEqual(['AT+CMGS="0031"\r', '\x1b']);
  });

  it('counts a prompt nobody asked for, finals with nothing in flight, noise and over-long lines', () => {
    const { say, strays, channel } = harness();
    say('\r\n> ');
    say('\r\nOK\r\n\x00\x07garbage\r\n+CSQ: 1,1\r\n');
    say(`${'x'.repeat(5_000)}\r\n`);
    expect(strays).toEqual(['> ', 'OK', '\x00\x07garbage', '+CSQ: 1,1', '<over-long line>']);
    expect(channel.protocolErrors).toBe(5);
  });

  it('takes lines that name Object.prototype members for noise, never for a call ending or a reboot', () => {
    const { say, urcs, strays } = harness();
    say('\r\nconstructor\r\n\r\ntoString\r\n\r\n__proto__\r\n\r\nhasOwnProperty\r\n');
    expect(urcs).toEqual([]);
    expect(strays).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
  });

  it('counts a known URC whose payload does not parse, and still reports it', () => {
    const { say, urcs, channel } = harness();
    say('\r\n+CMTI: "SM"\r\n');
    expect(urcs).toEqual([{ type: 'unparsed', line: '+CMTI: "SM"' }]);
    expect(channel.protocolErrors).toBe(1);
  });

  it('close() fails the command in flight and everything queued, and every later send', async () => {
    const { channel, clock } = harness();
    const inFlight = channel.send(AT.attention);
    const queued = channel.send(AT.signalQuality);
    channel.close();
    expect((await rejection(inFlight)).kind).toBe('closed');
    expect((await rejection(queued)).kind).toBe('closed');
    expect((await rejection(channel.send(AT.attention))).kind).toBe('closed');
    expect(clock.pending).toBe(0);
  });

  it('fails a command whose write fails with closed', async () => {
    const clock = new FakeClock();
    const channel = new AtChannel(() => Promise.reject(new Error('EIO')), { clock });
    const error = await rejection(channel.send(AT.attention));
    expect(error.kind).toBe('closed');
    expect(clock.pending).toBe(0);
  });

  it('exclusive() keeps other commands out until its sequence settles', async () => {
    const { channel, written, say } = harness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sequence = channel.exclusive(async (send) => {
      const a = await send(selectCharset('UCS2'));
      await gate;
      const b = await send(selectCharset('GSM'));
      return [a, b];
    });
    const outsider = channel.send(AT.signalQuality);
    await expect.poll(() => written).toEqual(['AT+CSCS="UCS2"\r']);
    say('\r\nOK\r\n');
    expect(written).toEqual(['AT+CSCS="UCS2"\r']);
    release();
    await expect.poll(() => written.length).toBe(2);
    expect(written[1]).toBe('AT+CSCS="GSM"\r');
    say('\r\nOK\r\n');
    await expect(sequence).resolves.toHaveLength(2);
    expect(written[2]).toBe('AT+CSQ\r');
    say('\r\n+CSQ: 9,99\r\n\r\nOK\r\n');
    await expect(outsider).resolves.toMatchObject({ lines: ['+CSQ: 9,99'] });
  });

  it('has per-kind default timeouts', () => {
    expect(timeoutFor('AT+CPIN?\r', DEFAULT_TIMEOUTS)).toBe(2_000);
    expect(timeoutFor('ATD10086;\r', DEFAULT_TIMEOUTS)).toBe(10_000);
    expect(timeoutFor('AT+CHUP\r', DEFAULT_TIMEOUTS)).toBe(10_000);
    expect(timeoutFor('ATH\r', DEFAULT_TIMEOUTS)).toBe(10_000);
    expect(timeoutFor('AT+CMGS="0031"\r', DEFAULT_TIMEOUTS)).toBe(60_000);
    expect(timeoutFor('AT+CMGF=1\r', DEFAULT_TIMEOUTS)).toBe(2_000);
  });

  it('runs over a stream as well as a fake', async () => {
    const line = new PassThrough();
    const channel = new AtChannel(async (data) => {
      if (data === 'AT+CSQ\r') line.write('\r\n+CSQ: 31,0\r\n\r\nOK\r\n');
    });
    line.on('data', (chunk: Buffer) => channel.receive(chunk));
    const reply: AtResponse = await channel.send(AT.signalQuality);
    expect(reply.lines).toEqual(['+CSQ: 31,0']);
    line.destroy();
  });
});
