import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../api/client.ts';
import { EmergencyLayer } from '../emergency/EmergencyLayer.tsx';
import { ResidentLayer } from '../identity/ResidentLayer.tsx';
import { AssistDialog } from '../assist/AssistDialog.tsx';
import { assistOutcome } from '../assist/outcome.ts';
import { useVoiceLink } from '../voice/useVoiceLink.ts';
import { VoiceLayer } from '../voice/VoiceLayer.tsx';
import { asLanguage, defaultLanguage, htmlLang, type Language } from '../i18n.ts';
import { applyLook } from '../theme/apply.ts';
import { useSpeechOutput } from './speech.ts';
import { AppContext, type KioskInfo } from './context.ts';
import { IdleCare } from './IdleCare.tsx';
import { useConnected } from './useConnected.ts';
import { currentScreen, initialNav, navigate, type NavAction } from './navigation.ts';
import { renderScreen } from './screens.tsx';
import { usePressFeedback } from './usePressFeedback.ts';
import { useSettings } from './useSettings.ts';

/** The home screen waits for kiosk.info; a failed ask is repeated after this long. */
const KIOSK_INFO_RETRY_MS = 2000;

/** kiosk.info, asked again whenever the link to the core comes back, until it answers. */
function useKioskInfo(client: KioskClient): KioskInfo | undefined {
  const [info, setInfo] = useState<KioskInfo>();
  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined;
    let up = false;
    const ask = (): void => {
      clearTimeout(retry);
      client.command('kiosk.info').then(setInfo, () => {
        if (up) retry = setTimeout(ask, KIOSK_INFO_RETRY_MS);
      });
    };
    const off = client.onConnection((connected) => {
      up = connected;
      if (connected) ask();
    });
    return () => {
      clearTimeout(retry);
      off();
    };
  }, [client]);
  return info;
}

export function App({ client }: { client: KioskClient }) {
  const { t, i18n } = useTranslation();
  const [nav, dispatchNav] = useReducer(navigate, initialNav);
  const [attract, setAttract] = useState(false);
  const [contentVersion, setContentVersion] = useState(0);
  const connected = useConnected(client);
  const kiosk = useKioskInfo(client);
  const { settings, changeSettings, failed } = useSettings(client);
  const language = asLanguage(i18n.language);

  useEffect(() => client.on('content.changed', () => setContentVersion((v) => v + 1)), [client]);
  // Before paint, so a change of size or language never shows a frame of the old look.
  useLayoutEffect(() => {
    applyLook({ theme: settings.theme, scale: settings.textScale, language });
    document.documentElement.lang = htmlLang[language];
    document.title = t('app.name');
  }, [settings.theme, settings.textScale, language, t]);
  usePressFeedback({ on: settings.clickSound, volume: settings.volume });
  useSpeechOutput(client, settings);
  useVoiceLink(client, settings.volume);

  // Any step away from the attract screen starts a session.
  const dispatch = useCallback((action: NavAction) => {
    setAttract(false);
    dispatchNav(action);
  }, []);
  const setLanguage = useCallback(
    (next: Language) => {
      setAttract(false);
      void i18n.changeLanguage(next);
    },
    [i18n],
  );
  // The screen's reset ends a resident's visit too (a no-op in the core when none is open): their
  // session may have a longer clock than the screen's, and would otherwise outlast them. Their
  // ticket or "staff are coming" goes with it, not to greet the next person.
  const endSession = useCallback(() => {
    void client.command('identity.done').catch(() => undefined);
    assistOutcome.set(null);
    dispatchNav({ type: 'home' });
    setAttract(true);
    void i18n.changeLanguage(defaultLanguage);
  }, [client, i18n]);
  const wake = useCallback(() => setAttract(false), []);

  const value = useMemo(
    () => ({ client, dispatch, language, setLanguage, contentVersion, kiosk, settings, changeSettings, settingsFailed: failed }),
    [client, dispatch, language, setLanguage, contentVersion, kiosk, settings, changeSettings, failed],
  );
  return (
    <AppContext.Provider value={value}>
      <div className="app">
        {!connected && (
          <p className="notice" role="alert">
            <span className="notice-icon" aria-hidden="true">🔌</span>
            <span>{t('status.offline')}</span>
          </p>
        )}
        {renderScreen(attract ? { name: 'attract' } : currentScreen(nav), wake)}
      </div>
      <IdleCare attract={attract} onExpire={endSession} />
      <ResidentLayer attract={attract} onCardLaid={wake} />
      <VoiceLayer />
      <AssistDialog />
      <EmergencyLayer />
    </AppContext.Provider>
  );
}
