import { useCallback, useEffect, useState } from 'react';
import { defaultSettings, type KioskSettings } from '../../../main/api/contract.ts';
import type { KioskClient } from '../api/client.ts';
import { followCore } from '../api/follow-core.ts';

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

  // After the core restarts (or the link drops) whatever changed meanwhile is read again.
  useEffect(
    () =>
      followCore(client, {
        ask: () => client.command('settings.get'),
        answer: (s, overtaken) => !overtaken && setSettings(s),
        events: (changed) => [
          client.on('settings.changed', (s) => {
            changed();
            setSettings(s);
          }),
        ],
      }),
    [client],
  );

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
