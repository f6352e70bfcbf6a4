import { join } from 'node:path';
import type { CommandResult } from '../../api/contract.ts';
import { boardBundleSchema, currentNotices, HOTLINES_FILE, loadBoard, NOTICES_DIR, type BoardBundle } from '../../content/load-board.ts';
import { LastGoodContent, type ContentServiceOptions } from '../content/last-good.ts';

export interface BoardServiceOptions extends ContentServiceOptions {
  /** The kiosk's local date as YYYY-MM-DD; notices are current or not by it. */
  today?: () => string;
}

const localToday = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Notices (通知公告) and hotlines (便民电话). Like guides, files are validated as a whole: good
 * content replaces what is shown and is kept in the store; a bad edit leaves the last good board.
 */
export class BoardService extends LastGoodContent<BoardBundle> {
  readonly #today: () => string;

  constructor(opts: BoardServiceOptions) {
    super({
      ...opts,
      kind: 'board',
      load: () => loadBoard(opts.contentDir),
      bundleSchema: boardBundleSchema,
      empty: { version: 'none', notices: [], hotlines: [] },
      // The content folder itself, not hotlines.yaml: editors that save by renaming would end a file watch.
      watchTargets: [
        [join(opts.contentDir, NOTICES_DIR), () => true],
        [opts.contentDir, (name) => name === HOTLINES_FILE],
      ],
      messages: {
        ok: { zh: '通知和电话内容正常。', en: 'Notices and hotlines are fine.' },
        degraded: { zh: '通知或便民电话文件有错误，正在显示上一版内容。', en: 'A notice or hotline file has errors; the last good version is shown.' },
      },
    });
    this.#today = opts.today ?? localToday;
  }

  notices(): CommandResult<'notices.list'> {
    return { notices: currentNotices(this.current.notices, this.#today()) };
  }

  hotlines(): CommandResult<'hotlines.list'> {
    return { groups: this.current.hotlines };
  }
}
