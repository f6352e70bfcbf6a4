import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  retries: 0,
  outputDir: '../../.test-results/e2e',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    // The common kiosk terminal: a 1080×1920 portrait touchscreen.
    viewport: { width: 1080, height: 1920 },
    hasTouch: true,
    locale: 'zh-CN',
    trace: 'off',
  },
});
