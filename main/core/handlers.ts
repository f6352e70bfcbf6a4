import type { Handlers } from '../api/dispatcher.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { GuideService } from '../services/guides/service.ts';
import type { HealthService } from '../services/health/service.ts';

export interface HandlerDeps {
  config: SiteConfig;
  version: string;
  simulated: boolean;
  guides: GuideService;
  health: HealthService;
}

/** The API table: one entry per command in the contract, each a thin call into a service. */
export function createHandlers({ config, version, simulated, guides, health }: HandlerDeps): Handlers {
  return {
    'system.ping': ({ nonce }) => ({ nonce, at: new Date().toISOString() }),
    'kiosk.info': () => ({
      siteName: config.site.name,
      kioskName: config.kiosk.name,
      address: config.site.address,
      version,
      features: ['guides'],
      simulated,
    }),
    'health.get': () => health.snapshot(),
    'guides.categories': () => guides.categories(),
    'guides.list': ({ category }) => guides.list(category),
    'guides.get': ({ id }) => guides.get(id),
  };
}
