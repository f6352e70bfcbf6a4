import type { EventName, Reply } from '../../../main/api/contract.ts';
import type { Transport } from './client.ts';

/** A command with no answer in this time is failed so the screen can say so, not hang. */
const REQUEST_TIMEOUT_MS = 10_000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/**
 * Commands held for the link while the core is down. Timeouts keep the queue short in practice;
 * the cap is the guard should something ask in a tight loop.
 */
export const MAX_QUEUED_REQUESTS = 50;

interface Pending {
  name: string;
  resolve(reply: Reply): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The host transport in the browser: one WebSocket, reconnected with backoff when the core
 * restarts. Requests made while disconnected wait for the link, up to their timeout: one the
 * screen has already reported as failed is never sent later (an SOS the person was told did not
 * go out must not raise an alarm minutes afterwards).
 */
export function connectWebSocketTransport(url: string): Transport {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(name: EventName, payload: unknown) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  /** Unsent messages by request id, oldest first (a Map keeps insertion order). */
  const queue = new Map<number, string>();
  let socket: WebSocket | undefined;
  let connected = false;
  let nextId = 1;
  let delay = RECONNECT_MIN_MS;

  const setConnected = (value: boolean): void => {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  };

  const fail = (id: number): void => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    queue.delete(id);
    clearTimeout(entry.timer);
    entry.resolve({ ok: false, error: { code: 'unavailable', message: `No answer to ${entry.name}` } });
  };

  const open = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      delay = RECONNECT_MIN_MS;
      // What was asked first goes first: listeners told of the link may ask at once.
      for (const message of queue.values()) ws.send(message);
      queue.clear();
      setConnected(true);
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      let frame: { type?: string; id?: unknown; ok?: boolean; result?: unknown; error?: unknown; name?: EventName; payload?: unknown };
      try {
        frame = JSON.parse(event.data) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'event' && frame.name) {
        for (const listener of eventListeners) listener(frame.name, frame.payload);
      } else if (frame.type === 'reply' && typeof frame.id === 'number') {
        const entry = pending.get(frame.id);
        if (!entry) return;
        pending.delete(frame.id);
        clearTimeout(entry.timer);
        entry.resolve(frame.ok ? { ok: true, result: frame.result as never } : { ok: false, error: frame.error as never });
      }
    };
    ws.onclose = () => {
      setConnected(false);
      setTimeout(open, delay);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    };
  };
  open();

  return {
    request(name, payload) {
      const id = nextId++;
      const message = JSON.stringify({ type: 'command', id, name, payload });
      return new Promise<Reply>((resolve) => {
        pending.set(id, { name, resolve, timer: setTimeout(() => fail(id), REQUEST_TIMEOUT_MS) });
        if (socket && socket.readyState === WebSocket.OPEN) {
          socket.send(message);
          return;
        }
        // The newest ask is what the person is doing now; the oldest is the nearest its timeout anyway.
        if (queue.size >= MAX_QUEUED_REQUESTS) fail(queue.keys().next().value!);
        queue.set(id, message);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  };
}
