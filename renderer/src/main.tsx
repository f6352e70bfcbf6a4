// The shared styles first, so a feature's own stylesheet (emergency.css) can build on them.
import './theme/styles.css';
import './theme/screens.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectKiosk } from './api/client.ts';
import { App } from './app/App.tsx';
import { ErrorBoundary } from './app/ErrorBoundary.tsx';
import { defaultLanguage, initI18n } from './i18n.ts';
import { applyLook } from './theme/apply.ts';

applyLook({ theme: 'normal', scale: 1, language: defaultLanguage });
const client = connectKiosk();
await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary client={client}>
      <App client={client} />
    </ErrorBoundary>
  </StrictMode>,
);
