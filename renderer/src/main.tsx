import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectKiosk } from './api/client.ts';
import { App } from './app/App.tsx';
import { initI18n } from './i18n.ts';
import { applyTheme } from './theme/apply.ts';
import './theme/styles.css';

applyTheme('normal', 1);
const client = connectKiosk();
await initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
