import { test as base, expect } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';

/** Each worker runs its own kiosk host (built CLI, real SQLite in a fresh data dir). */
export const test = base.extend<{ kioskUrl: string }, { host: HostProcess }>({
  host: [
    async ({}, use) => {
      const host = await startHostProcess();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],
  kioskUrl: async ({ host }, use) => use(host.url),
});

export { expect };
