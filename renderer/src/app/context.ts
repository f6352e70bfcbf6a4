import { createContext, useContext } from 'react';
import type { KioskClient } from '../api/client.ts';
import type { Language } from '../i18n.ts';
import type { NavAction } from './navigation.ts';

export interface AppContextValue {
  client: KioskClient;
  dispatch(action: NavAction): void;
  language: Language;
  /** Bumped when the core says content changed, so screens fetch again. */
  contentVersion: number;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
