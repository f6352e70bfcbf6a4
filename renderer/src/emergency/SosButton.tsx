import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../api/client.ts';
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
  return (
    <div className="sos-slot">
      <button type="button" className="btn staff-entry" onClick={openStaffPanel}>
        <span aria-hidden="true">🔑</span> {t('staff.entry')}
      </button>
      <SosPress client={client} />
    </div>
  );
}

/**
 * The emergency button itself, and the words when a press did not reach the core. It needs only
 * the client, so the screen's last guard (ErrorBoundary) can offer it when the app has failed;
 * `onCall` hears each call as it goes out.
 */
export function SosPress({ client, onCall }: { client: KioskClient; onCall?: (call: Promise<unknown>) => void }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const press = (): void => {
    setFailed(false);
    const call = client.command('emergency.trigger', { source: 'screen' });
    onCall?.(call);
    call.catch(() => setFailed(true));
  };
  return (
    <>
      <button type="button" className="btn sos-button" onClick={press} data-testid="sos">
        <span aria-hidden="true">🆘</span> {t('emergency.sos')}
      </button>
      {failed && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          {t('emergency.triggerFailed')}
        </p>
      )}
    </>
  );
}
