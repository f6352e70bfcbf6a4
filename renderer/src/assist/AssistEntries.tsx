import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { useSingleFlight } from '../app/useSingleFlight.ts';
import { Entry } from '../components/Entry.tsx';
import { assistOutcome } from './outcome.ts';

/** 取号 and 呼叫工作人员 on the home screen: the touch way to what can also be asked by voice. */
export function AssistEntries() {
  const { t } = useTranslation();
  const { client } = useApp();
  const [failed, setFailed] = useState(false);
  // Each asks once per tap however the finger lands: a double tap takes one ticket, calls staff once.
  const queue = useSingleFlight();
  const callStaff = useSingleFlight();
  const run = (flight: ReturnType<typeof useSingleFlight>, work: () => Promise<void>): void =>
    flight.run(() => {
      setFailed(false);
      return work().catch(() => setFailed(true));
    });
  return (
    <>
      <Entry
        icon="🎫"
        title={t('assist.queue')}
        summary={t('assist.queueHint')}
        onSelect={() => run(queue, async () => assistOutcome.set({ kind: 'ticket', number: (await client.command('queue.take')).number }))}
      />
      <Entry
        icon="🙋"
        title={t('assist.callStaff')}
        summary={t('assist.callStaffHint')}
        onSelect={() =>
          run(callStaff, async () => {
            await client.command('assist.callStaff');
            assistOutcome.set({ kind: 'staff-called' });
          })
        }
      />
      {failed && (
        <li className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          {t('assist.failed')}
        </li>
      )}
    </>
  );
}
