import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { CommandError } from '../../api/dispatcher.ts';
import type { CommandResult } from '../../api/contract.ts';
import { formatProblems, loadGuides, type GuideBundle } from '../../content/load.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { loadSnapshot, saveSnapshot } from '../../store/snapshots.ts';
import type { HealthService } from '../health/service.ts';

const SNAPSHOT_KIND = 'guides';
/** Editors write a file in several steps; wait for them to settle before re-reading. */
const RELOAD_SETTLE_MS = 250;

export interface GuideServiceOptions {
  contentDir: string;
  store: Store;
  log: Logger;
  events: EventBus;
  health: HealthService;
  /** Re-read content when its files change (on for the kiosk, off in most tests). */
  watch?: boolean;
}

/**
 * Service guides (办事指南). Content on disk is validated as a whole; when it is good it replaces
 * what is shown and is kept in the store, so a later bad edit — or a bad file at start-up —
 * leaves the last good guides on screen.
 */
export class GuideService {
  #bundle: GuideBundle = { version: 'none', categories: [], guides: [] };
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: GuideServiceOptions) {}

  async start(): Promise<void> {
    const result = loadGuides(this.opts.contentDir);
    if (result.bundle) {
      await this.#accept(result.bundle, false);
    } else {
      this.#logProblems(result);
      const snapshot = await loadSnapshot<GuideBundle>(this.opts.store, SNAPSHOT_KIND);
      this.#bundle = snapshot?.body ?? result.partial;
      this.opts.log.warn(
        { version: this.#bundle.version, guides: this.#bundle.guides.length, from: snapshot ? 'last good' : 'valid files only' },
        'content has problems; showing the last good guides',
      );
      this.opts.health.report('content', 'degraded', {
        zh: '部分办事指南文件有错误，正在显示上一版内容。',
        en: 'Some guide files have errors; the last good version is shown.',
      });
    }
    if (this.opts.watch) this.#watch();
  }

  /** Re-reads the content folder; good content replaces the current guides, bad content is logged and ignored. */
  async reload(): Promise<boolean> {
    const result = loadGuides(this.opts.contentDir);
    if (!result.bundle) {
      this.#logProblems(result);
      this.opts.health.report('content', 'degraded', {
        zh: '办事指南更新有错误，仍显示上一版内容。',
        en: 'A guide update has errors; the previous version is still shown.',
      });
      return false;
    }
    if (result.bundle.version === this.#bundle.version) return true;
    await this.#accept(result.bundle, true);
    return true;
  }

  categories(): CommandResult<'guides.categories'> {
    return {
      version: this.#bundle.version,
      categories: this.#bundle.categories.map((c) => ({
        ...c,
        guideCount: this.#bundle.guides.filter((g) => g.category === c.id).length,
      })),
    };
  }

  list(categoryId: string): CommandResult<'guides.list'> {
    const category = this.#bundle.categories.find((c) => c.id === categoryId);
    if (!category) throw new CommandError('not-found', `No guide category "${categoryId}"`);
    const guides = this.#bundle.guides
      .filter((g) => g.category === categoryId)
      .map(({ id, category: cat, title, summary }) => ({ id, category: cat, title, summary }));
    return { category, guides };
  }

  get(id: string): CommandResult<'guides.get'> {
    const guide = this.#bundle.guides.find((g) => g.id === id);
    const category = guide && this.#bundle.categories.find((c) => c.id === guide.category);
    if (!guide || !category) throw new CommandError('not-found', `No guide "${id}"`);
    return { guide, category };
  }

  close(): void {
    this.#watcher?.close();
    clearTimeout(this.#timer);
  }

  async #accept(bundle: GuideBundle, announce: boolean): Promise<void> {
    this.#bundle = bundle;
    await saveSnapshot(this.opts.store, SNAPSHOT_KIND, bundle.version, bundle);
    this.opts.health.report('content', 'ok', { zh: '办事指南内容正常。', en: 'Guide content is fine.' });
    this.opts.log.info({ version: bundle.version, guides: bundle.guides.length }, 'guides loaded');
    if (announce) this.opts.events.publish('content.changed', { version: bundle.version });
  }

  #logProblems(result: ReturnType<typeof loadGuides>): void {
    for (const line of formatProblems(result.problems)) this.opts.log.error({ content: line }, 'content problem');
  }

  #watch(): void {
    try {
      this.#watcher = watch(`${this.opts.contentDir}/guides`, () => {
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => {
          this.reload().catch((err: unknown) => this.opts.log.error({ err }, 'content reload failed'));
        }, RELOAD_SETTLE_MS);
      });
      this.#watcher.on('error', (err) => this.opts.log.warn({ err }, 'content watch stopped'));
    } catch (err) {
      this.opts.log.warn({ err }, 'cannot watch content folder; changes apply at next start');
    }
  }
}
