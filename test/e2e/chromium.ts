import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium, launched the way this closed network needs: no sandbox as root, and no
 * background networking (it would flood the network with refused connections).
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: process.env.LINLI_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  };
}
