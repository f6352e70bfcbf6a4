/**
 * Where microphone frames go: under Electron a MessagePort handed to main through the preload
 * (IPC_AUDIO_CHANNEL); through the local host a binary WebSocket at AUDIO_PATH, reopened when
 * the core restarts. Frames sent while the link is down are dropped: stale audio is no use.
 */
import { IPC_AUDIO_CHANNEL } from '../../../main/api/bridge.ts';
import { AUDIO_PATH, AUDIO_REPLACED } from '../../../main/api/voice.ts';

export interface AudioLink {
  send(frame: ArrayBuffer): void;
  close(): void;
}

const RECONNECT_MS = 1000;

export function openAudioLink(): AudioLink {
  if (window.linli) {
    const channel = new MessageChannel();
    window.postMessage(IPC_AUDIO_CHANNEL, window.location.origin === 'null' ? '*' : window.location.origin, [channel.port2]);
    return {
      // Copied, not transferred: only MessagePorts may be transferred across to Electron's main process.
      send: (frame) => channel.port1.postMessage(frame),
      close: () => channel.port1.close(),
    };
  }
  let socket: WebSocket | undefined;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = (): void => {
    const url = new URL(AUDIO_PATH, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    ws.onclose = (event) => {
      if (socket === ws) socket = undefined;
      // Replaced by a newer screen's microphone: that one is now the kiosk's ears, so stand down.
      if (!closed && event.code !== AUDIO_REPLACED) retry = setTimeout(open, RECONNECT_MS);
    };
    socket = ws;
  };
  open();
  return {
    send(frame) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    },
  };
}
