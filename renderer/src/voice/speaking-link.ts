import type { KioskClient } from '../api/client.ts';

/** Whether the kiosk is saying something, and its changes (app/speech.ts). */
export interface SpeakingSource {
  speaking(): boolean;
  onChange(listener: (speaking: boolean) => void): () => void;
}

/**
 * Keeps the core told whether the kiosk's own voice is on the air, so that voice cannot wake it:
 * each change as it comes, and again each time the link comes up. A change told while the link
 * was down is lost once its command gives up waiting; a core left thinking the kiosk still
 * speaks ignores the wake phrase and every command until the kiosk next says something, which on
 * an idle kiosk is never, and a core restarted mid-sentence does not know the kiosk is speaking.
 * `audible`: a muted kiosk's voice never reaches the microphone, so it need not stop listening.
 */
export function followSpeaking(client: Pick<KioskClient, 'command' | 'onConnection'>, source: SpeakingSource, audible: () => boolean): () => void {
  const tell = (on: boolean): void => void client.command('voice.speaking', { on: on && audible() }).catch(() => undefined);
  const offChange = source.onChange(tell);
  const offLink = client.onConnection((up) => up && tell(source.speaking()));
  return () => {
    offChange();
    offLink();
  };
}
