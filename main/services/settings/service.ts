import type { Logger } from 'pino';
import { defaultSettings, kioskSettings, type KioskSettings } from '../../api/contract.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { allSettings, setSetting } from '../../store/settings.ts';

const fields = Object.keys(kioskSettings.shape) as (keyof KioskSettings)[];

/**
 * The elder settings (text size, contrast, speech rate and volume, click sound). They belong to
 * the kiosk, not to a person: whoever set 150% for themselves leaves it for the next reader, which
 * is what a hall full of older residents wants. Each value is a row in kiosk_settings, as JSON.
 */
export class SettingsService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
    private readonly log: Logger,
  ) {}

  async get(): Promise<KioskSettings> {
    const rows = await allSettings(this.store);
    const out: Record<string, unknown> = { ...defaultSettings };
    for (const field of fields) {
      const raw = rows[field];
      if (raw === undefined) continue;
      const parsed = kioskSettings.shape[field].safeParse(safeJson(raw));
      if (parsed.success) out[field] = parsed.data;
      // A value no longer valid (an older release, a hand edit) falls back rather than breaking the screen.
      else this.log.warn({ field, raw }, 'stored setting is not valid; using the default');
    }
    return out as KioskSettings;
  }

  async set(patch: Partial<KioskSettings>): Promise<KioskSettings> {
    for (const field of fields) {
      if (patch[field] !== undefined) await setSetting(this.store, field, JSON.stringify(patch[field]));
    }
    const settings = await this.get();
    this.log.info({ settings }, 'kiosk settings changed');
    this.events.publish('settings.changed', settings);
    return settings;
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
