import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { useWaitingCalls } from '../assist/useWaitingCalls.ts';
import { openStaffPanel } from './staff-panel-state.ts';
import './emergency.css';

/**
 * The discreet way into the staff panel (PIN-protected). It sits in a top corner, never beside
 * SOS or 取消: an unsteady tap meant for those must not open a PIN pad over the screen instead.
 * While a 呼叫工作人员 is not yet handled it says so, for staff passing the kiosk: the call
 * reaches nobody else until a duty-centre link carries it.
 */
export function StaffEntry() {
  const { t } = useTranslation();
  const { client } = useApp();
  const waiting = useWaitingCalls(client);
  return (
    <button type="button" className="btn staff-entry" data-testid="staff-entry" data-waiting={waiting > 0} onClick={openStaffPanel}>
      <span aria-hidden="true">🔑</span> {t('staff.entry')}
      {waiting > 0 && <span className="staff-entry-waiting">{t('staff.waiting', { n: waiting })}</span>}
    </button>
  );
}
