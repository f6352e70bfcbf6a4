import type { Logger } from 'pino';
import type { CardReader } from '../../../drivers/idcard/index.ts';
import type { SiteConfig } from '../../config/schema.ts';
import { formatProblems } from '../../content/load.ts';
import type { LocalizedText } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import type { GuideService } from '../guides/service.ts';
import type { HealthService } from '../health/service.ts';
import type { StaffAuth } from '../staff/auth.ts';
import { DEFAULT_SESSION_TIMING } from './machine.ts';
import { loadIdentityRules } from './rules.ts';
import { loadSiteSecret, SiteSecretError, type SiteSecret } from './secret.ts';
import { IdentityService } from './service.ts';

export interface IdentityDeps {
  config: SiteConfig;
  dataDir: string;
  contentDir: string;
  reader: Pick<CardReader, 'on' | 'start'>;
  events: EventBus;
  health: HealthService;
  store: Store;
  guides: GuideService;
  staff: StaffAuth;
  log: Logger;
}

/**
 * Wires the resident session into the kiosk and starts the reader. A site secret that cannot be
 * read turns ID cards away (and tells staff why) instead of stopping the kiosk: the emergency
 * call must work whatever is wrong with identity.
 */
export function startIdentity({ config, dataDir, contentDir, reader, events, health, store, guides, staff, log }: IdentityDeps): IdentityService {
  const secret = readSecret(() => loadSiteSecret(dataDir), log, health);
  const { rules, problems } = loadIdentityRules(contentDir);
  if (!rules) log.error({ problems: formatProblems(problems) }, 'identity rules did not load; residents are greeted plainly');
  const { idle } = config.kiosk;
  const service = new IdentityService({
    reader,
    secret,
    rules,
    guideTitle: (id) => {
      try {
        return guides.get(id).guide.title;
      } catch {
        return undefined;
      }
    },
    staffCardKeys: config.staff.cardKeys ?? [],
    staff,
    events,
    store,
    log,
    timing: {
      ...DEFAULT_SESSION_TIMING,
      // The screen's own idle care asks "还需要更多时间吗？" on the same touches, so with the card
      // on the reader the session ends when the screen's does.
      presentIdleMs: (idle.warnAfterSeconds + idle.countdownSeconds) * 1000,
      liftedIdleMs: config.identity.idleSecondsAfterLift * 1000,
      warningMs: idle.countdownSeconds * 1000,
    },
    where: reminderPlace(config.kiosk.location, config.identity.readerPosition),
  });
  service.start();
  return service;
}

/** "一楼大厅入口左侧，读卡器在屏幕下方": the place in the hall first, for whoever hears it from afar. */
export function reminderPlace(location: string, readerPosition: LocalizedText): LocalizedText {
  if (!location) return readerPosition;
  return { zh: `${location}，${readerPosition.zh}`, en: `${location}. ${readerPosition.en}` };
}

/**
 * Never throws, whatever went wrong: the kiosk must start for the emergency call's sake, so a
 * secret that cannot be had turns ID cards away and tells staff why.
 */
export function readSecret(load: () => SiteSecret, log: Logger, health: Pick<HealthService, 'report'>): Buffer | undefined {
  let loaded: SiteSecret;
  try {
    loaded = load();
  } catch (error) {
    const expected = error instanceof SiteSecretError;
    const problem = expected ? error.message : `the site secret could not be loaded (${(error as Error)?.name ?? 'error'})`;
    log.error({ problem, ...(expected ? {} : { err: error }) }, 'site secret unusable; ID cards are turned away');
    health.report('identity', 'fault', {
      zh: '本机的身份密钥文件读不出来，身份证暂时不能用。请联系维修，不要删除这个文件。',
      en: `ID cards cannot be used: ${problem}.`,
    });
    return undefined;
  }
  const { secret, created, permissions } = loaded;
  if (created) log.info('made the site secret that keys residents (first start in this data directory)');
  if (permissions.state === 'narrowed') log.warn('the site secret was readable by other users; narrowed it to 0600');
  if (permissions.state === 'unchanged') {
    // The key works as before, so residents keep being served; only who else can read it is at stake.
    log.warn({ problem: permissions.problem, readableByOthers: permissions.exposed }, 'could not make the site secret readable by the kiosk only');
  }
  if (permissions.state === 'unchanged' && permissions.exposed) {
    health.report('identity', 'degraded', {
      zh: '身份证可以正常使用，但身份密钥文件其他账户也能读取，且无法自动改正。请联系维修，把它改为只有本机程序能读，不要删除这个文件。',
      en: `ID cards work, but the site secret can be read by other users of this computer and could not be narrowed: ${permissions.problem}. Ask maintenance to make it readable by the kiosk only; do not delete it.`,
    });
  } else {
    health.report('identity', 'ok', { zh: '身份证识别正常。', en: 'ID-card identification is working.' });
  }
  return secret;
}
