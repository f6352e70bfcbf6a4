import { useTranslation } from 'react-i18next';
import { openStaffPanel } from './staff-panel-state.ts';
import './emergency.css';

/**
 * The discreet way into the staff panel (PIN-protected). It sits in a top corner, never beside
 * SOS or 取消: an unsteady tap meant for those must not open a PIN pad over the screen instead.
 */
export function StaffEntry() {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn staff-entry" data-testid="staff-entry" onClick={openStaffPanel}>
      <span aria-hidden="true">🔑</span> {t('staff.entry')}
    </button>
  );
}
