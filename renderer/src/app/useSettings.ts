import { useCallback, useEffect, useState } from 'react';
import { defaultSettings, type KioskSettings } from '../../../main/api/contract.ts';
import type { KioskClient } from '../api/client.ts';

/**
 * This kiosk's elder settings: read from the core, kept current by its push events (another
 * window of the same kiosk may change them), changed optimistically so a tap shows at once.
 */
export function useSettings(client: KioskClient): {
  settings: KioskSettings;
  changeSettings(patch: Partial<KioskSettings>): void;
  failed: boolean;
} {
  const [settings, setSettings] = useState<KioskSettings>(defaultSettings);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    const load = (): void => {
      client.command('settings.get').then((s) => live && setSettings(s), () => undefined);
    };
    load();
    const offChanged = client.on('settings.changed', (s) => setSettings(s));
    // After the core restarts (or the link drops) whatever changed meanwhile is read again.
    const offLink = client.onConnection((up) => up && load());
    return () => {
      live = false;
      offChanged();
      offLink();
    };
  }, [client]);

  const changeSettings = useCallback(
    (patch: Partial<KioskSettings>) => {
      setSettings((s) => ({ ...s, ...patch }));
      setFailed(false);
      client.command('settings.set', patch).then(setSettings, () => {
        setFailed(true);
        client.command('settings.get').then(setSettings, () => undefined);
      });
    },
    [client],
  );

  return { settings, changeSettings, failed };
}
