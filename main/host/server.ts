import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { API_PATH, MAX_MESSAGE_BYTES } from '../api/contract.ts';
import type { Dispatcher } from '../api/dispatcher.ts';
import { AUDIO_PATH, AUDIO_REPLACED } from '../api/voice.ts';
import { eventFrame, parseClientFrame, replyFrame } from '../api/wire.ts';
import type { EventListener } from '../core/events.ts';
import { requestPath, serveStatic } from './static.ts';

export interface HostOptions {
  port: number;
  dispatcher: Dispatcher;
  subscribe(listener: EventListener): () => void;
  rendererDir: string;
  log: Logger;
  /** Microphone frames from the screen's audio channel (AUDIO_PATH), raw bytes. */
  onAudio?: (frame: Buffer) => void;
}

export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Frames far over the API limit are cut off by ws itself (close 1009) so a flood can't fill memory. */
const HARD_FRAME_LIMIT = 16 * MAX_MESSAGE_BYTES;
const LOOPBACK = '127.0.0.1';
/** Several spoken WAV replies' worth; a screen that reads keeps far less than this waiting. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** RFC 6455's "try again later". */
const TRY_AGAIN_LATER = 1013;

/**
 * The local host transport: the built renderer over HTTP and the kiosk API as a WebSocket at
 * /api, on 127.0.0.1 only. No logic lives here — every command goes through the dispatcher.
 */
export async function startHost(opts: HostOptions): Promise<Host> {
  const { dispatcher, log } = opts;
  const server = createServer((req, res) => serveStatic(opts.rendererDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let nextConnection = 1;
  server.on('upgrade', (req, socket, head) => {
    // Node stops handling this socket's errors once it is handed over here; a refused client that
    // resets before the refusal is written would otherwise crash the kiosk, alarms and all.
    socket.on('error', () => socket.destroy());
    const path = requestPath(req.url);
    if (path === null) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const audio = path === AUDIO_PATH && opts.onAudio !== undefined;
    if ((path !== API_PATH && !audio) || !isSameOrigin(req, port())) {
      log.warn({ url: req.url, origin: req.headers.origin }, 'websocket upgrade refused');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const connectionId = `ws-${nextConnection++}`;
    wss.handleUpgrade(req, socket, head, (ws) => (audio ? onAudioConnection(ws, connectionId) : onConnection(ws, connectionId)));
  });

  // One microphone at a time: frames from two screens interleaved would be noise to the engine,
  // so a new audio connection (a reloaded screen) replaces the old one.
  let audioSocket: WebSocket | undefined;
  const onAudioConnection = (ws: WebSocket, connectionId: string): void => {
    audioSocket?.close(AUDIO_REPLACED, 'replaced by a newer audio connection');
    audioSocket = ws;
    log.info({ connectionId }, 'audio channel open');
    ws.on('close', () => {
      if (audioSocket === ws) audioSocket = undefined;
    });
    ws.on('error', (err) => log.warn({ err: err.message, connectionId }, 'audio websocket error'));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (audioSocket !== ws) return;
      if (!isBinary) {
        log.warn({ connectionId }, 'text frame on the audio channel ignored');
        return;
      }
      opts.onAudio?.(toBuffer(data));
    });
  };

  /**
   * A client that stops reading (a hung tab, a stray local program) would have every event
   * buffered for it without end; past MAX_BUFFERED_BYTES it is dropped, and a real screen
   * reconnects and fetches what it needs afresh.
   */
  const send = (ws: WebSocket, text: string): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      log.warn({ bufferedBytes: ws.bufferedAmount }, 'websocket client is not reading; closing it');
      ws.close(TRY_AGAIN_LATER, 'not reading');
      return;
    }
    ws.send(text);
  };

  const onConnection = (ws: WebSocket, connectionId: string): void => {
    const ctx = { transport: 'host' as const, connectionId };
    const unsubscribe = opts.subscribe((name, payload) => send(ws, JSON.stringify(eventFrame(name, payload))));
    ws.on('close', unsubscribe);
    ws.on('error', (err) => log.warn({ err: err.message, connectionId }, 'websocket error'));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buffer = toBuffer(data);
      if (isBinary) {
        log.warn({ connectionId, bytes: buffer.length }, 'binary frame on the command channel');
        send(ws, JSON.stringify({ type: 'reply', id: null, ok: false, error: { code: 'malformed', message: 'Binary frames are not commands' } }));
        return;
      }
      const frame = parseClientFrame(buffer.toString('utf8'), buffer.length);
      if (frame.kind === 'rejected') {
        log.warn({ connectionId, code: frame.error.code, bytes: buffer.length }, frame.error.message);
        send(ws, JSON.stringify(replyFrame(frame.id, { ok: false, error: frame.error })));
        return;
      }
      dispatcher
        .dispatch(frame.name, frame.payload, ctx)
        .then((reply) => send(ws, JSON.stringify(replyFrame(frame.id, reply))))
        .catch((err: unknown) => log.error({ err, connectionId, command: frame.name }, 'could not send the reply to a command'));
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (): number => (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK}:${port()}/`;
  log.info({ url }, 'host listening');

  return {
    url,
    port: port(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'kiosk stopping');
        wss.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Pages from any other origin (a web page in some other tab) must not drive the kiosk. */
function isSameOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser: a local tool or test on this machine
  return origin === `http://${LOOPBACK}:${port}` || origin === `http://localhost:${port}`;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
