import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventName } from '../api/contract.ts';
import { createDispatcher, type Dispatcher } from '../api/dispatcher.ts';
import { loadSiteConfig, resolveDataDir } from '../config/load.ts';
import type { SiteConfig } from '../config/schema.ts';
import { startHost, type Host } from '../host/server.ts';
import { closeLogger, createLogger } from '../log/logger.ts';
import { appRoot, appVersion, contentDir, rendererDir } from '../paths.ts';
import { GuideService } from '../services/guides/service.ts';
import { HealthService } from '../services/health/service.ts';
import { openStore } from '../store/database.ts';
import { lastRunCrashed, recordStart, recordStop } from '../store/kiosk-runs.ts';
import { MIGRATIONS } from '../store/migrations.ts';
import { EventBus } from './events.ts';
import { createHandlers } from './handlers.ts';

export type Shell = 'electron' | 'chromium' | 'host';

export interface KioskOptions {
  configPath?: string;
  /** Host port; 0 picks a free one. */
  port?: number;
  /** Force simulated devices whatever the site file says. */
  simulate?: boolean;
  shell: Shell;
  env?: NodeJS.ProcessEnv;
  /** Serve the renderer and API on 127.0.0.1 (every shell but Electron). */
  serveHost?: boolean;
  /** Also log to stdout. */
  logToConsole?: boolean;
}

export interface Kiosk {
  dispatcher: Dispatcher;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  log: Logger;
  config: SiteConfig;
  dataDir: string;
  rendererDir: string;
  /** The host's URL when serveHost is on. */
  url: string | undefined;
  close(): Promise<void>;
}

/**
 * Starts the kiosk core: configuration, log, store, services, the API table and (optionally)
 * the local host transport. Throws ConfigError for an invalid site file, before touching disk.
 */
export async function startKiosk(options: KioskOptions): Promise<Kiosk> {
  const env = options.env ?? process.env;
  const root = appRoot();
  const { config, source, path: configFile } = loadSiteConfig({ path: options.configPath, env });
  const simulated = options.simulate === true || config.devices.simulate;
  const dataDir = resolveDataDir(config, env);
  mkdirSync(dataDir, { recursive: true });

  const log = createLogger({ dataDir, level: env.LINLI_LOG_LEVEL ?? 'info', toConsole: options.logToConsole ?? false });
  const version = appVersion(root);
  log.info({ version, shell: options.shell, config: configFile ?? '(defaults)', source, dataDir, simulated }, 'kiosk starting');

  const store = await openStore({ file: join(dataDir, 'linli.db'), log, migrations: MIGRATIONS });
  if (await lastRunCrashed(store)) log.warn('the previous run did not stop cleanly');
  const runId = await recordStart(store, { version, shell: options.shell });

  const events = new EventBus();
  const health = new HealthService(events);
  health.report('store', 'ok', { zh: '数据存储正常。', en: 'Storage is fine.' });
  const guides = new GuideService({ contentDir: contentDir(root), store, log, events, health, watch: true });
  await guides.start();

  const dispatcher = createDispatcher(
    createHandlers({ config, version, simulated, guides, health }),
    log,
  );

  const dist = rendererDir(root);
  let host: Host | undefined;
  if (options.serveHost) {
    host = await startHost({
      port: options.port ?? 0,
      dispatcher,
      subscribe: (listener) => events.subscribe(listener),
      rendererDir: dist,
      log,
    });
  }

  let closing: Promise<void> | undefined;
  return {
    dispatcher,
    onEvent: (listener) => events.subscribe(listener),
    log,
    config,
    dataDir,
    rendererDir: dist,
    url: host?.url,
    close() {
      closing ??= (async () => {
        guides.close();
        await host?.close();
        await recordStop(store, runId);
        await store.close();
        log.info('kiosk stopped');
        await closeLogger(log);
      })();
      return closing;
    },
  };
}
