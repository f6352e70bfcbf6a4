import type { KioskBridge } from '../../../main/api/bridge.ts';
import type {
  ApiError,
  CommandName,
  CommandPayload,
  CommandResult,
  EventName,
  EventPayload,
  Reply,
} from '../../../main/api/contract.ts';
import { connectWebSocketTransport } from './ws-transport.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the kiosk runs through the local host. */
    linli?: KioskBridge;
  }
}

/** A command the core answered with an error. */
export class KioskCommandError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'KioskCommandError';
  }
}

/**
 * Whether a staff command (one that carries a session token) failed because the session is no
 * longer valid. Only then are staff sent back to sign in: a command that found the link down, or
 * any other failure, leaves someone handling an alarm where they were.
 */
export function sessionEnded(err: unknown): boolean {
  return err instanceof KioskCommandError && err.error.code === 'forbidden';
}

/** The one way the renderer talks to the core, whichever transport carries it. */
export interface KioskClient {
  command<N extends CommandName>(name: N, ...payload: {} extends CommandPayload<N> ? [CommandPayload<N>?] : [CommandPayload<N>]): Promise<CommandResult<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Fires with true/false as the link to the core comes and goes. */
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** The raw pipe under a KioskClient: Electron IPC or the host's WebSocket. */
export interface Transport {
  request(name: string, payload: unknown): Promise<Reply>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
  onConnection(listener: (connected: boolean) => void): () => void;
}

export function createKioskClient(transport: Transport): KioskClient {
  return {
    async command(name, ...[payload]) {
      const reply = await transport.request(name, payload ?? {});
      if (!reply.ok) throw new KioskCommandError(reply.error);
      return reply.result as never;
    },
    on(name, listener) {
      return transport.subscribe((event, payload) => {
        if (event === name) listener(payload as never);
      });
    },
    onConnection: (listener) => transport.onConnection(listener),
  };
}

function bridgeTransport(bridge: KioskBridge): Transport {
  return {
    request: (name, payload) => bridge.command(name, payload),
    subscribe: (listener) => bridge.onEvent(listener),
    // IPC lives as long as the window does.
    onConnection: (listener) => {
      listener(true);
      return () => undefined;
    },
  };
}

export function connectKiosk(): KioskClient {
  if (window.linli) return createKioskClient(bridgeTransport(window.linli));
  const url = new URL('/api', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return createKioskClient(connectWebSocketTransport(url.toString()));
}
