import type { VoiceStateView } from '../../../main/api/voice.ts';
import type { KioskClient } from '../api/client.ts';

/**
 * Keeps the screen's copy of the conversation in step with the core's: each change as it comes,
 * and the whole of it each time the link comes up, because a core that restarted mid-window has
 * forgotten the window its events opened on screen, and a panel left up would jam the 说话 button.
 * While the link is down the screen shows no conversation at all: none can be going on.
 */
export function followVoiceView(client: Pick<KioskClient, 'command' | 'on' | 'onConnection'>, set: (view: VoiceStateView | null) => void): () => void {
  // Each connection is its own run of seqs (a restarted core counts from 0 again), and an answer
  // from an earlier connection, or older than a change already shown, must not undo that change.
  let connection = 0;
  let shownSeq = -1;
  const show = (view: VoiceStateView | null): void => {
    shownSeq = view?.seq ?? -1;
    set(view);
  };
  const offState = client.on('voice.state', show);
  const offLink = client.onConnection((up) => {
    const current = ++connection;
    show(null);
    if (!up) return;
    client.command('voice.view').then(
      (view) => current === connection && view.seq >= shownSeq && show(view),
      () => undefined,
    );
  });
  return () => {
    connection++;
    offState();
    offLink();
  };
}
