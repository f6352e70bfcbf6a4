import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { IPC_AUDIO_CHANNEL, IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, KioskBridge } from '../api/bridge.ts';
import type { EventName, Reply } from '../api/contract.ts';

/**
 * Runs sandboxed, where `require` knows only a few Electron modules, so nothing from main/api is
 * imported at run time. The channel names are restated here and tied to bridge.ts by type, so
 * tsc fails if the two drift apart.
 */
const commandChannel: typeof IPC_COMMAND_CHANNEL = 'linli:command';
const eventChannel: typeof IPC_EVENT_CHANNEL = 'linli:event';
const audioChannel: typeof IPC_AUDIO_CHANNEL = 'linli:audio-port';

/** What the renderer can declare `window` to have: `declare global { interface Window extends LinliWindow {} }`. */
export interface LinliWindow {
  readonly linli: KioskBridge;
}

const bridge = {
  command(name: string, payload?: unknown): Promise<Reply> {
    return ipcRenderer.invoke(commandChannel, name, payload) as Promise<Reply>;
  },
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('linli.onEvent needs a function');
    // The IpcRendererEvent carries `sender`, a handle back into ipcRenderer; the page gets values only.
    const forward = (_event: IpcRendererEvent, name: EventName, payload: unknown) => listener(name, payload);
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
} satisfies KioskBridge;

contextBridge.exposeInMainWorld('linli', bridge);

// Only the page itself may hand over the microphone port; main accepts it from our frame only.
window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || event.data !== audioChannel || event.ports.length !== 1) return;
  ipcRenderer.postMessage(audioChannel, null, [...event.ports]);
});
