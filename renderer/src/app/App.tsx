import { useEffect, useMemo, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../api/client.ts';
import type { Language } from '../i18n.ts';
import { GuideCategoriesScreen } from '../screens/GuideCategoriesScreen.tsx';
import { GuideListScreen } from '../screens/GuideListScreen.tsx';
import { GuideScreen } from '../screens/GuideScreen.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { AppContext } from './context.ts';
import { currentScreen, initialNav, navigate, type Screen } from './navigation.ts';

const OFFLINE_NOTICE_DELAY_MS = 1500;

function renderScreen(screen: Screen) {
  switch (screen.name) {
    case 'home':
      return <HomeScreen />;
    case 'guide-categories':
      return <GuideCategoriesScreen />;
    case 'guide-list':
      return <GuideListScreen key={screen.category} category={screen.category} />;
    case 'guide':
      return <GuideScreen key={screen.id} id={screen.id} />;
  }
}

export function App({ client }: { client: KioskClient }) {
  const { t, i18n } = useTranslation();
  const [nav, dispatch] = useReducer(navigate, initialNav);
  const [contentVersion, setContentVersion] = useState(0);
  const [connected, setConnected] = useState(true);
  const screen = currentScreen(nav);

  useEffect(() => client.on('content.changed', () => setContentVersion((v) => v + 1)), [client]);
  useEffect(() => {
    // A link that drops for a moment (the core restarting) is not worth alarming anyone about.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = client.onConnection((up) => {
      clearTimeout(timer);
      if (up) setConnected(true);
      else timer = setTimeout(() => setConnected(false), OFFLINE_NOTICE_DELAY_MS);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [client]);
  // A new screen starts at its top, not wherever the last person left the scroll. (Braces matter:
  // current Chromium's scrollTo returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    void window.scrollTo(0, 0);
  }, [screen]);

  const value = useMemo(
    () => ({ client, dispatch, language: (i18n.language === 'en' ? 'en' : 'zh') as Language, contentVersion }),
    [client, i18n.language, contentVersion],
  );
  return (
    <AppContext.Provider value={value}>
      {!connected && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">🔌</span>
          <span>{t('status.offline')}</span>
        </p>
      )}
      {renderScreen(screen)}
    </AppContext.Provider>
  );
}
