import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { CommandResult } from '../../api/contract.ts';
import { currentNotices, HOTLINES_FILE, loadBoard, NOTICES_DIR, type BoardBundle } from '../../content/load-board.ts';
import { formatProblems } from '../../content/load.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { loadSnapshot, saveSnapshot } from '../../store/snapshots.ts';
import type { HealthService } from '../health/service.ts';

const SNAPSHOT_KIND = 'board';
/** Editors write a file in several steps; wait for them to settle before re-reading. */
const RELOAD_SETTLE_MS = 250;

export interface BoardServiceOptions {
  contentDir: string;
  store: Store;
  log: Logger;
  events: EventBus;
  health: HealthService;
  watch?: boolean;
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
export class BoardService {
  #bundle: BoardBundle = { version: 'none', notices: [], hotlines: [] };
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: BoardServiceOptions) {}

  async start(): Promise<void> {
    const result = loadBoard(this.opts.contentDir);
    if (result.bundle) {
      await this.#accept(result.bundle, false);
    } else {
      this.#logProblems(result.problems);
      const snapshot = await loadSnapshot<BoardBundle>(this.opts.store, SNAPSHOT_KIND);
      this.#bundle = snapshot?.body ?? result.partial;
      this.#degraded();
    }
    if (this.opts.watch) this.#watch();
  }

  async reload(): Promise<boolean> {
    const result = loadBoard(this.opts.contentDir);
    if (!result.bundle) {
      this.#logProblems(result.problems);
      this.#degraded();
      return false;
    }
    if (result.bundle.version !== this.#bundle.version) await this.#accept(result.bundle, true);
    return true;
  }

  notices(): CommandResult<'notices.list'> {
    return { notices: currentNotices(this.#bundle.notices, (this.opts.today ?? localToday)()) };
  }

  hotlines(): CommandResult<'hotlines.list'> {
    return { groups: this.#bundle.hotlines };
  }

  close(): void {
    for (const w of this.#watchers) w.close();
    clearTimeout(this.#timer);
  }

  async #accept(bundle: BoardBundle, announce: boolean): Promise<void> {
    this.#bundle = bundle;
    await saveSnapshot(this.opts.store, SNAPSHOT_KIND, bundle.version, bundle);
    this.opts.health.report('board', 'ok', { zh: '通知和电话内容正常。', en: 'Notices and hotlines are fine.' });
    this.opts.log.info({ version: bundle.version, notices: bundle.notices.length }, 'notice board loaded');
    if (announce) this.opts.events.publish('content.changed', { version: bundle.version });
  }

  #degraded(): void {
    this.opts.health.report('board', 'degraded', {
      zh: '通知或便民电话文件有错误，正在显示上一版内容。',
      en: 'A notice or hotline file has errors; the last good version is shown.',
    });
  }

  #logProblems(problems: Parameters<typeof formatProblems>[0]): void {
    for (const line of formatProblems(problems)) this.opts.log.error({ content: line }, 'content problem');
  }

  #watch(): void {
    const onChange = (): void => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.reload().catch((err: unknown) => this.opts.log.error({ err }, 'notice board reload failed'));
      }, RELOAD_SETTLE_MS);
    };
    // The content folder itself, not hotlines.yaml: editors that save by renaming would end a file watch.
    const targets: [string, (name: string | null) => boolean][] = [
      [join(this.opts.contentDir, NOTICES_DIR), () => true],
      [this.opts.contentDir, (name) => name === HOTLINES_FILE],
    ];
    for (const [target, relevant] of targets) {
      try {
        const watcher = watch(target, (_event, name) => relevant(name) && onChange());
        watcher.on('error', (err) => this.opts.log.warn({ err, target }, 'content watch stopped'));
        this.#watchers.push(watcher);
      } catch (err) {
        this.opts.log.warn({ err, target }, 'cannot watch content; changes apply at next start');
      }
    }
  }
}
