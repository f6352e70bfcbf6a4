import { join } from 'node:path';
import { CommandError } from '../../api/dispatcher.ts';
import type { CommandResult } from '../../api/contract.ts';
import { guideBundleSchema, loadGuides, type GuideBundle } from '../../content/load.ts';
import { LastGoodContent, type ContentServiceOptions } from '../content/last-good.ts';

/** Service guides (办事指南), kept as the last good content (see LastGoodContent). */
export class GuideService extends LastGoodContent<GuideBundle> {
  constructor(opts: ContentServiceOptions) {
    super({
      ...opts,
      // Health id "content": what staff have known the guides' state by since the first build.
      kind: 'content',
      load: () => loadGuides(opts.contentDir),
      bundleSchema: guideBundleSchema,
      empty: { version: 'none', categories: [], guides: [] },
      watchTargets: [[join(opts.contentDir, 'guides'), () => true]],
      messages: {
        ok: { zh: '办事指南内容正常。', en: 'Guide content is fine.' },
        degraded: { zh: '部分办事指南文件有错误，正在显示上一版内容。', en: 'Some guide files have errors; the last good version is shown.' },
      },
    });
  }

  categories(): CommandResult<'guides.categories'> {
    return {
      version: this.current.version,
      categories: this.current.categories.map((c) => ({
        ...c,
        guideCount: this.current.guides.filter((g) => g.category === c.id).length,
      })),
    };
  }

  list(categoryId: string): CommandResult<'guides.list'> {
    const category = this.current.categories.find((c) => c.id === categoryId);
    if (!category) throw new CommandError('not-found', `No guide category "${categoryId}"`);
    const guides = this.current.guides
      .filter((g) => g.category === categoryId)
      .map(({ id, category: cat, title, summary }) => ({ id, category: cat, title, summary }));
    return { category, guides };
  }

  get(id: string): CommandResult<'guides.get'> {
    const guide = this.current.guides.find((g) => g.id === id);
    const category = guide && this.current.categories.find((c) => c.id === guide.category);
    if (!guide || !category) throw new CommandError('not-found', `No guide "${id}"`);
    return { guide, category };
  }
}
