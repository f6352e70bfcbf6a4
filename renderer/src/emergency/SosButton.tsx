import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../api/client.ts';
import { useApp } from '../app/context.ts';
import './emergency.css';

/**
 * The on-screen emergency button: same size and place on every screen, never covered. One tap
 * raises the alarm; the cancel window that follows is the guard against a mistaken tap.
 */
export function SosButton() {
  const { client } = useApp();
  return (
    <div className="sos-slot">
      <SosPress client={client} />
    </div>
  );
}

/**
 * The emergency button itself, and the words while a press is on its way and when it did not
 * reach the core. It needs only the client, so the screen's last guard (ErrorBoundary) can offer
 * it when the app has failed; `onCall` hears each call as it goes out.
 */
export function SosPress({ client, onCall }: { client: KioskClient; onCall?: (call: Promise<unknown>) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'pending' | 'failed'>('idle');
  // Every press goes out (a second one re-announces the alarm); only the latest one's outcome is shown.
  const latest = useRef(0);
  const press = (): void => {
    const mine = ++latest.current;
    // Said at once: the answer can take as long as the link's timeout, and nothing on screen meanwhile reads as "it did not work".
    setState('pending');
    const call = client.command('emergency.trigger', { source: 'screen' });
    onCall?.(call);
    const settle = (next: 'idle' | 'failed') => (): void => {
      if (mine === latest.current) setState(next);
    };
    call.then(settle('idle'), settle('failed'));
  };
  return (
    <>
      <button type="button" className="btn sos-button" onClick={press} data-testid="sos">
        <span aria-hidden="true">🆘</span> {t('emergency.sos')}
      </button>
      {state === 'pending' && (
        <p className="notice" aria-live="polite" data-testid="sos-pending">
          <span className="notice-icon" aria-hidden="true">⏳</span>
          {t('emergency.pending')}
        </p>
      )}
      {state === 'failed' && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          {t('emergency.triggerFailed')}
        </p>
      )}
    </>
  );
}
