import { useEffect, useState } from 'react';
import type { CardReminder, ResidentView } from '../../../main/api/identity.ts';
import type { LocalizedText } from '../../../main/content/schema.ts';
import { followCore } from '../api/follow-core.ts';
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
  // The status answer carries the session and the reminder, each also kept by its own event: an
  // event that overtook the answer makes only its own part of it stale, so each is followed apart.
  useEffect(() => {
    const offSession = followCore(client, {
      ask: () => client.command('identity.status'),
      answer: (s, overtaken) => !overtaken && setState((prev) => ({ ...prev, session: s.session })),
      events: (changed) => [
        client.on('identity.session', ({ session }) => {
          changed();
          setState((prev) => ({ ...prev, session, problem: session ? null : prev.problem }));
        }),
        client.on('identity.card-problem', ({ message }) => setState((prev) => ({ ...prev, problem: { message, seq: (prev.problem?.seq ?? 0) + 1 } }))),
      ],
    });
    const offReminder = followCore(client, {
      ask: () => client.command('identity.status'),
      answer: (s, overtaken) => !overtaken && setState((prev) => ({ ...prev, reminder: s.reminder })),
      events: (changed) => [
        client.on('identity.card-reminder', (reminder) => {
          changed();
          setState((prev) => ({ ...prev, reminder, reminderSeq: prev.reminderSeq + 1 }));
        }),
      ],
    });
    return () => {
      offSession();
      offReminder();
    };
  }, [client]);
  return state;
}
