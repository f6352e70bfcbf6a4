import { createContext, useContext } from 'react';
import type { CommandResult, KioskSettings } from '../../../main/api/contract.ts';
import type { KioskClient } from '../api/client.ts';
import type { Language } from '../i18n.ts';
import type { NavAction } from './navigation.ts';

export type KioskInfo = CommandResult<'kiosk.info'>;

export interface AppContextValue {
  client: KioskClient;
  dispatch(action: NavAction): void;
  language: Language;
  setLanguage(language: Language): void;
  /** Bumped when the core says content changed, so screens fetch again. */
  contentVersion: number;
  /** Undefined until the core has answered kiosk.info. */
  kiosk: KioskInfo | undefined;
  settings: KioskSettings;
  /** Saves a change for this kiosk; the screen follows at once, and again when the core confirms. */
  changeSettings(patch: Partial<KioskSettings>): void;
  /** The last change could not be saved (the core did not answer). */
  settingsFailed: boolean;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
