import { useEffect, useState } from 'react';
import type { CardReminder, ResidentView } from '../../../main/api/identity.ts';
import type { LocalizedText } from '../../../main/content/schema.ts';
import { useApp } from '../app/context.ts';

export interface ResidentState {
  session: ResidentView | null;
  reminder: CardReminder | null;
  /** Bumped with every reminder event, so each one is said again. */
  reminderSeq: number;
  /** The latest "could not read the card", with a number to tell repeats apart. */
  problem: { message: LocalizedText; seq: number } | null;
}

/** The resident session and the reader's messages, kept current by push events. */
export function useResident(): ResidentState {
  const { client } = useApp();
  const [state, setState] = useState<ResidentState>({ session: null, reminder: null, reminderSeq: 0, problem: null });
  useEffect(() => {
    let live = true;
    const refresh = (): void => {
      client.command('identity.status').then(
        (s) => live && setState((prev) => ({ ...prev, session: s.session, reminder: s.reminder })),
        () => undefined,
      );
    };
    refresh();
    const offs = [
      client.on('identity.session', ({ session }) => setState((prev) => ({ ...prev, session, problem: session ? null : prev.problem }))),
      client.on('identity.card-reminder', (reminder) => setState((prev) => ({ ...prev, reminder, reminderSeq: prev.reminderSeq + 1 }))),
      client.on('identity.card-problem', ({ message }) => setState((prev) => ({ ...prev, problem: { message, seq: (prev.problem?.seq ?? 0) + 1 } }))),
      client.onConnection((up) => up && refresh()),
    ];
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [client]);
  return state;
}
