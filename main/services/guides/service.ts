import { join } from 'node:path';
import type { Logger } from 'pino';
import { CommandError } from '../../api/dispatcher.ts';
import type { CommandResult } from '../../api/contract.ts';
import { loadGuides, type GuideBundle } from '../../content/load.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { LastGoodContent } from '../content/last-good.ts';
import type { HealthService } from '../health/service.ts';

export interface GuideServiceOptions {
  contentDir: string;
  store: Store;
  log: Logger;
  events: EventBus;
  health: HealthService;
  /** Re-read content when its files change (on for the kiosk, off in most tests). */
  watch?: boolean;
}

/** Service guides (办事指南), kept as the last good content (see LastGoodContent). */
export class GuideService {
  readonly #content: LastGoodContent<GuideBundle>;

  constructor(opts: GuideServiceOptions) {
    this.#content = new LastGoodContent({
      ...opts,
      // Health id "content": what staff have known the guides' state by since the first build.
      kind: 'content',
      load: () => loadGuides(opts.contentDir),
      empty: { version: 'none', categories: [], guides: [] },
      watchTargets: [[join(opts.contentDir, 'guides'), () => true]],
      messages: {
        ok: { zh: '办事指南内容正常。', en: 'Guide content is fine.' },
        degraded: { zh: '部分办事指南文件有错误，正在显示上一版内容。', en: 'Some guide files have errors; the last good version is shown.' },
      },
    });
  }

  start(): Promise<void> {
    return this.#content.start();
  }

  reload(): Promise<boolean> {
    return this.#content.reload();
  }

  close(): void {
    this.#content.close();
  }

  get #bundle(): GuideBundle {
    return this.#content.current;
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
}
