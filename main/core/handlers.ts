import type { Handlers } from '../api/dispatcher.ts';
import type { SiteConfig } from '../config/schema.ts';
import type { Store } from '../store/database.ts';
import { emergencyReadiness } from '../services/emergency/readiness.ts';
import { storedEventText } from '../services/emergency/events.ts';
import { alarmTimeline, recentAlarms } from '../services/emergency/records.ts';
import type { EmergencyService } from '../services/emergency/service.ts';
import { toView } from '../services/emergency/view.ts';
import type { BoardService } from '../services/board/service.ts';
import type { GuideService } from '../services/guides/service.ts';
import type { HealthService } from '../services/health/service.ts';
import type { SettingsService } from '../services/settings/service.ts';
import type { StaffAuth } from '../services/staff/auth.ts';
import type { IdentityService } from '../services/identity/service.ts';
import { createVoiceHandlers, type VoiceHandlerDeps } from './voice-handlers.ts';
import type { SpeechService } from '../services/speech/service.ts';

export interface HandlerDeps extends VoiceHandlerDeps {
  config: SiteConfig;
  version: string;
  simulated: boolean;
  store: Store;
  guides: GuideService;
  board: BoardService;
  settings: SettingsService;
  health: HealthService;
  emergency: EmergencyService;
  staff: StaffAuth;
  identity: IdentityService;
  speech: SpeechService;
}

/** How many alarms the staff screen lists (open ones first, then the latest closed). */
const STAFF_ALARM_LIST = 20;

/** The API table: one entry per command in the contract, each a thin call into a service. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { config, version, simulated, store, guides, board, settings, health, emergency, staff, identity, speech } = deps;
  return {
    ...createVoiceHandlers(deps),
    'system.ping': ({ nonce }) => ({ nonce, at: new Date().toISOString() }),
    'kiosk.info': () => ({
      siteName: config.site.name,
      kioskName: config.kiosk.name,
      address: config.site.address,
      version,
      features: ['guides', 'notices', 'hotlines'],
      simulated,
      idle: config.kiosk.idle,
      publicGuideBaseUrl: config.site.publicGuideBaseUrl,
    }),
    'health.get': () => health.snapshot(),
    'guides.categories': () => guides.categories(),
    'guides.list': ({ category }) => guides.list(category),
    'guides.get': ({ id }) => guides.get(id),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
    'notices.list': () => board.notices(),
    'hotlines.list': () => board.hotlines(),
    'emergency.trigger': ({ source }) => emergency.trigger(source),
    'emergency.cancel': async ({ alarmId }) => ({ cancelled: await emergency.cancel(alarmId, 'person') }),
    'emergency.status': () => ({
      alarm: emergency.current(),
      readiness: emergencyReadiness({
        components: health.snapshot().components,
        numbersToCall: emergency.plan().length,
        fleetEnabled: config.fleet.enabled,
        location: config.kiosk.location,
      }),
    }),
    'staff.signIn': ({ pin }) => staff.signIn(pin),
    'staff.signOut': ({ token }) => {
      staff.signOut(token);
      return {};
    },
    'staff.alarms': async ({ token }) => {
      staff.require(token);
      const rows = await recentAlarms(store, STAFF_ALARM_LIST);
      return {
        alarms: await Promise.all(
          rows.map(async (row) => ({
            alarm: toView(row.alarm, emergency.plan()),
            timeline: (await alarmTimeline(store, row.alarm.id)).map(({ at, kind, detail }) => {
              const text = storedEventText(detail);
              return { at, kind, ...(text ? { text } : {}) };
            }),
          })),
        ),
      };
    },
    'staff.acknowledge': async ({ token, alarmId }) => {
      staff.require(token);
      return { done: await emergency.acknowledge(alarmId, 'staff', 'staff') };
    },
    'staff.close': async ({ token, alarmId, outcome }) => {
      staff.require(token);
      return { done: await emergency.close(alarmId, outcome, 'staff') };
    },
    'identity.status': () => identity.status(),
    'identity.done': () => ({ ended: identity.done() }),
    'identity.activity': () => {
      identity.activity();
      return {};
    },
    'identity.dismissReminder': ({ token }) => {
      staff.require(token);
      return { dismissed: identity.dismissReminder() };
    },
    'speech.say': async ({ rate, ...request }) => speech.say({ ...request, rate: rate ?? (await settings.get()).speechRate }),
  };
}
