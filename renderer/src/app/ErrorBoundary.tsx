import { Component, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../api/client.ts';
import { SosPress } from '../emergency/SosButton.tsx';

/** Long enough to read the words (or how an SOS press went), short enough that nobody waits long. */
const RECOVER_AFTER_MS = 5000;

interface Props {
  client: KioskClient;
  children: ReactNode;
}

/**
 * The screen's last guard: an exception while rendering would otherwise unmount everything and
 * leave a blank screen, with no words and no way to call for help. Instead it says to wait, keeps
 * an emergency button, and starts the screen afresh. React itself logs the error to the console
 * (the root's default onCaughtError); nothing about it leaves the kiosk.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <Recovering client={this.props.client} /> : this.props.children;
  }
}

/**
 * Needs nothing of the app's tree but i18n and the client, which live outside it: the emergency
 * button is the screens' own SosPress, which needs no more than that.
 */
function Recovering({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [calls, setCalls] = useState(0);
  const [raised, setRaised] = useState(false);

  // A reload would cut off a call still in flight; once it settles its outcome stays up for the full delay.
  useEffect(() => {
    if (calls > 0) return;
    const timer = setTimeout(() => window.location.assign('/'), RECOVER_AFTER_MS);
    return () => clearTimeout(timer);
  }, [calls]);

  const onCall = (call: Promise<unknown>): void => {
    setCalls((n) => n + 1);
    setRaised(false);
    call
      .then(
        () => setRaised(true),
        () => undefined,
      )
      .finally(() => setCalls((n) => n - 1));
  };

  return (
    <div className="app">
      <div className="screen" data-screen="recovering">
        <div className="content">
          <div className="content-inner">
            <p className="welcome" role="alert">
              {t('status.recovering')}
            </p>
            {raised && (
              <p className="notice" role="status">
                <span className="notice-icon" aria-hidden="true">🚨</span>
                {t('emergency.raised')}
              </p>
            )}
          </div>
        </div>
        <footer className="bottombar">
          <div className="bottombar-sos">
            <SosPress client={client} onCall={onCall} />
          </div>
        </footer>
      </div>
    </div>
  );
}
