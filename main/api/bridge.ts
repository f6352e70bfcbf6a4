import type { EventName, Reply } from './contract.ts';

/**
 * What the Electron preload exposes to the renderer as `window.linli` (through contextBridge).
 * It carries the same commands and events as the WebSocket host, through the same dispatcher.
 */
export interface KioskBridge {
  command(name: string, payload?: unknown): Promise<Reply>;
  /** Returns a function that stops listening. */
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
}

export const IPC_COMMAND_CHANNEL = 'linli:command';
/**
 * Microphone frames under Electron: the page posts a MessagePort to itself with this message
 * (ports cannot cross contextBridge), the preload hands it to main, and frames flow over it.
 */
export const IPC_AUDIO_CHANNEL = 'linli:audio-port';
export const IPC_EVENT_CHANNEL = 'linli:event';
