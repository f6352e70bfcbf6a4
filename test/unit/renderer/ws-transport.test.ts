import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../../main/api/contract.ts';
import { connectWebSocketTransport, MAX_QUEUED_REQUESTS } from '../../../renderer/src/api/ws-transport.ts';

/** The browser's WebSocket, as far as the transport uses it; the test plays the core. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: { id: number; name: string }[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('send on a socket that is not open');
    const { id, name } = JSON.parse(data) as { id: number; name: string };
    this.sent.push({ id, name });
  }
  accept(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.();
  }
  reply(id: number, result: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ type: 'reply', id, ok: true, result }) });
  }
}

const latest = (): FakeSocket => FakeSocket.all.at(-1)!;
const names = (socket: FakeSocket): string[] => socket.sent.map((m) => m.name);

/** Settles or not, without waiting: the fake clock only moves when the test moves it. */
function track(reply: Promise<Reply>): { settled?: Reply } {
  const state: { settled?: Reply } = {};
  void reply.then((r) => (state.settled = r));
  return state;
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the WebSocket transport while the core restarts', () => {
  it('a command asked while the link is down is sent when it comes back, and its answer delivered', async () => {
    const transport = connectWebSocketTransport('ws://kiosk/api');
    const reply = transport.request('kiosk.info', {});
    latest().accept();
    expect(names(latest())).toEqual(['kiosk.info']);
    latest().reply(latest().sent[0]!.id, { siteName: '幸福社区' });
    await expect(reply).resolves.toEqual({ ok: true, result: { siteName: '幸福社区' } });
  });

  it('an SOS reported as failed after its timeout is never sent when the core comes back', async () => {
    const transport = connectWebSocketTransport('ws://kiosk/api');
    latest().drop();
    const sos = transport.request('emergency.trigger', { source: 'screen' });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(sos).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    // Minutes later the core is back: the screen's next ask goes out, the old SOS does not.
    await vi.advanceTimersByTimeAsync(120_000);
    const status = transport.request('emergency.status', {});
    latest().accept();
    expect(FakeSocket.all.flatMap(names)).toEqual(['emergency.status']);
    latest().reply(latest().sent[0]!.id, { alarm: null });
    await expect(status).resolves.toMatchObject({ ok: true });
  });

  it('sends what was queued before telling the screen the link is back, so nothing asked later overtakes it', () => {
    const transport = connectWebSocketTransport('ws://kiosk/api');
    transport.request('assist.callStaff', {});
    transport.onConnection((up) => {
      if (up) transport.request('kiosk.info', {});
    });
    latest().accept();
    expect(names(latest())).toEqual(['assist.callStaff', 'kiosk.info']);
  });

  it('holds only so many commands: past that the oldest is failed at once and never sent', async () => {
    const transport = connectWebSocketTransport('ws://kiosk/api');
    const oldest = track(transport.request('settings.set', { theme: 'contrast' }));
    for (let i = 0; i < MAX_QUEUED_REQUESTS - 1; i++) transport.request('emergency.status', {});
    await vi.advanceTimersByTimeAsync(0);
    expect(oldest.settled).toBeUndefined();

    const newest = transport.request('queue.take', {});
    await vi.advanceTimersByTimeAsync(0);
    expect(oldest.settled).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'No answer to settings.set' } });

    latest().accept();
    expect(latest().sent).toHaveLength(MAX_QUEUED_REQUESTS);
    expect(names(latest())).not.toContain('settings.set');
    expect(names(latest()).at(-1)).toBe('queue.take');
    latest().reply(latest().sent.at(-1)!.id, { number: 'A012' });
    await expect(newest).resolves.toEqual({ ok: true, result: { number: 'A012' } });
  });
});
