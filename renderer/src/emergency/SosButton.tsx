import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { openStaffPanel } from './staff-panel-state.ts';
import './emergency.css';

/**
 * The on-screen emergency button: same size and place on every screen, never covered. One tap
 * raises the alarm; the cancel window that follows is the guard against a mistaken tap.
 * Beside it, a discreet staff entry (PIN-protected).
 */
export function SosButton() {
  const { t } = useTranslation();
  const { client } = useApp();
  const [failed, setFailed] = useState(false);
  const press = (): void => {
    setFailed(false);
    client.command('emergency.trigger', { source: 'screen' }).catch(() => setFailed(true));
  };
  return (
    <div className="sos-slot">
      <button type="button" className="btn staff-entry" onClick={openStaffPanel}>
        <span aria-hidden="true">🔑</span> {t('staff.entry')}
      </button>
      <button type="button" className="btn sos-button" onClick={press} data-testid="sos">
        <span aria-hidden="true">🆘</span> {t('emergency.sos')}
      </button>
      {failed && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          {t('emergency.triggerFailed')}
        </p>
      )}
    </div>
  );
}
