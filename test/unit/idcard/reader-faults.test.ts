import { afterEach, describe, expect, it } from 'vitest';
import {
  COMMANDS,
  createCardReader,
  type CardReader,
  type CommandName,
  type ReaderHealth,
  type ReaderTransport,
  type ResponseFrame,
  type Result,
  type TransportError,
} from '../../../drivers/idcard/index.ts';

/**
 * The reader's health when its SAM answers but the card commands do not work: the re-initialise
 * that three faults in a row bring finds the SAM well every time, and that must not be taken for a
 * reader that works.
 */

type Answer = Result<ResponseFrame, TransportError>;

const reply = (sw3: number, data = new Uint8Array(0)): Answer => ({ ok: true, value: { sw1: 0, sw2: 0, sw3, data } });

/** A transport whose reader answers the SAM commands well and card commands as `card` says. */
class FakeTransport implements ReaderTransport {
  readonly description = 'fake';
  card: (command: CommandName) => Answer = () => reply(0x80);

  async open(): Promise<Result<void, TransportError>> {
    return { ok: true, value: undefined };
  }

  async close(): Promise<void> {}

  async request(frame: Uint8Array): Promise<Answer> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const command = (Object.keys(COMMANDS) as CommandName[]).find((name) => COMMANDS[name].cmd === frame[7] && COMMANDS[name].para === frame[8]);
    if (command === 'samStatus' || command === 'reset') return reply(0x90);
    if (command === 'samId') return reply(0x90, new Uint8Array(16));
    return this.card(command ?? 'findCard');
  }

  on(): () => void {
    return () => undefined;
  }
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let reader: CardReader | undefined;

afterEach(async () => {
  await reader?.stop();
  reader = undefined;
});

function start(transport: FakeTransport): ReaderHealth[] {
  reader = createCardReader({ transport, findIntervalMs: 20 }, { log: quiet });
  const seen: ReaderHealth[] = [];
  reader.on('health', (h) => void seen.push(h));
  reader.start();
  return seen;
}

const until = async (check: () => boolean, what: string, timeoutMs = 4_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('a reader whose SAM answers but whose card commands fail', () => {
  it.each([
    ['rejects find with 21', (): Answer => reply(0x21), '21'],
    ['never answers find in time', (): Answer => ({ ok: false, error: { kind: 'timeout', pendingBytes: 0 } }), undefined],
  ] as const)('%s: shown to staff as a fault, steadily, not as working between re-initialisations', async (_what, answer, code) => {
    const transport = new FakeTransport();
    const seen = start(transport);
    await until(() => seen.some((h) => h.state === 'ok'), 'the first connection');
    transport.card = answer;
    const brokeAt = seen.length;
    await until(() => seen.slice(brokeAt).some((h) => h.state === 'fault'), 'a fault');
    const after = seen.slice(brokeAt);
    // Each re-initialisation finds the SAM well; that is no reason to tell staff the reader works.
    expect(after.filter((h) => h.state === 'ok')).toEqual([]);
    const fault = after.find((h) => h.state === 'fault');
    expect(fault?.message.zh).toMatch(/身份证阅读器/);
    if (code) expect(fault?.message.zh).toContain(code);

    // Staff keep seeing the fault while it lasts.
    const faultAt = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(seen.slice(faultAt).filter((h) => h.state !== 'fault')).toEqual([]);

    // And it clears as soon as the reader answers again.
    transport.card = () => reply(0x80);
    await until(() => reader?.health().state === 'ok', 'recovery');
  });

  it('a single burst of faults that one re-initialisation cures never shows as a fault', async () => {
    const transport = new FakeTransport();
    const seen = start(transport);
    await until(() => seen.some((h) => h.state === 'ok'), 'the first connection');
    let failures = 3;
    transport.card = () => (failures-- > 0 ? { ok: false, error: { kind: 'timeout', pendingBytes: 0 } } : reply(0x80));
    const brokeAt = seen.length;
    await until(() => failures < 0 && reader?.health().state === 'ok', 'recovery');
    expect(seen.slice(brokeAt).filter((h) => h.state === 'fault')).toEqual([]);
  });
});
