import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../../../main/api/contract.ts';
import { followCore } from '../api/follow-core.ts';
import { useApp } from '../app/context.ts';
import { timeOrDay } from '../app/dates.ts';

type Requests = CommandResult<'staff.helpRequests'>['open'];

/** Staff calls still waiting (呼叫工作人员, by touch or voice), each marked done by whoever went. */
export function HelpRequests({ token }: { token: string }) {
  const { t } = useTranslation();
  const { client, language } = useApp();
  const [open, setOpen] = useState<Requests>([]);
  useEffect(
    () =>
      followCore(client, {
        ask: () => client.command('staff.helpRequests', { token }),
        answer: (r, overtaken) => !overtaken && setOpen(r.open),
        events: (changed) => [
          client.on('assist.requests', (r) => {
            changed();
            setOpen(r.open);
          }),
        ],
      }),
    [client, token],
  );
  return (
    <section className="section" aria-labelledby="staff-help-requests" data-testid="staff-help-requests">
      <h2 id="staff-help-requests">
        <span aria-hidden="true">🙋</span>
        {t('assist.staffList')}
      </h2>
      {open.length === 0 && <p>{t('assist.staffNone')}</p>}
      <ul className="staff-alarm-list">
        {open.map((r) => (
          <li key={r.id} className="staff-alarm">
            <p>{t(r.source === 'voice' ? 'assist.staffByVoice' : 'assist.staffByTouch', { time: timeOrDay(new Date(r.raisedAt), language) })}</p>
            <button type="button" className="btn btn-primary" onClick={() => void client.command('staff.helpHandled', { token, id: r.id }).catch(() => undefined)}>
              <span aria-hidden="true">✔</span> {t('assist.staffDone')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
