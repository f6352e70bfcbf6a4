import { test as base, expect } from '@playwright/test';
import type { KioskSettings } from '../../main/api/contract.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { ApiClient } from '../support/ws-client.ts';

/** The kiosk's API, as a second screen of the same kiosk would use it. */
export interface KioskApi {
  command(name: string, payload?: unknown): Promise<unknown>;
  settings(patch: Partial<KioskSettings>): Promise<KioskSettings>;
}

/**
 * Each worker runs its own kiosk host (built CLI, real SQLite in a fresh data dir). Settings are
 * per kiosk, so every test starts from the defaults whatever the test before it chose.
 */
export const test = base.extend<{ kioskUrl: string; kiosk: KioskApi }, { host: HostProcess; api: ApiClient }>({
  host: [
    async ({}, use) => {
      const host = await startHostProcess();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
  api: [
    async ({ host }, use) => {
      const client = await ApiClient.connect(host.url);
      await use(client);
      client.close();
    },
    { scope: 'worker' },
  ],
  kiosk: [
    async ({ api }, use) => {
      let id = 0;
      const command = async (name: string, payload?: unknown): Promise<unknown> => {
        const reply = await api.command(`e2e-${++id}`, name, payload);
        if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
        return reply.result;
      };
      const kiosk: KioskApi = { command, settings: (patch) => command('settings.set', patch) as Promise<KioskSettings> };
      await command('settings.set', { textScale: 1, theme: 'normal', speechRate: 1, volume: 0.7, clickSound: false });
      await use(kiosk);
    },
    { auto: true },
  ],
  kioskUrl: async ({ host }, use) => use(host.url),
});

export { expect };
