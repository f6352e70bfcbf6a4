import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { formatProblems, type ContentProblem } from '../../content/load.ts';
import type { LocalizedText } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { loadSnapshot, saveSnapshot } from '../../store/snapshots.ts';
import type { HealthService } from '../health/service.ts';

/** Editors write a file in several steps; wait for them to settle before re-reading. */
const RELOAD_SETTLE_MS = 250;

export interface ContentLoad<B> {
  /** Present only when every file passed. */
  bundle?: B;
  /** The files that did pass, for a kiosk that has never had good content to fall back on. */
  partial: B;
  problems: ContentProblem[];
}

export interface LastGoodOptions<B extends { version: string }> {
  /** Names the snapshot in the store and the component in health. */
  kind: string;
  load(): ContentLoad<B>;
  /** What a whole bundle looks like: a snapshot saved by an older version may no longer fit it. */
  bundleSchema: z.ZodType<B>;
  empty: B;
  /** Folders to watch, each with which changed names matter (null: the platform did not say). */
  watchTargets: [folder: string, relevant: (name: string | null) => boolean][];
  messages: { ok: LocalizedText; degraded: LocalizedText };
  store: Store;
  log: Logger;
  events: EventBus;
  health: HealthService;
  /** Re-read when files change (on for the kiosk, off in most tests). */
  watch?: boolean;
}

/** What a content service is given; it adds the rest of LastGoodOptions itself. */
export type ContentServiceOptions = Pick<LastGoodOptions<never>, 'store' | 'log' | 'events' | 'health' | 'watch'> & { contentDir: string };

/**
 * Content files on disk, validated as a whole: good content replaces what is shown and is kept in
 * the store, so a later bad edit — or a bad file at start-up — leaves the last good version on
 * screen. The guide and board services are this, plus their queries on `current`.
 */
export class LastGoodContent<B extends { version: string }> {
  #current: B;
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: LastGoodOptions<B>) {
    this.#current = o.empty;
  }

  get current(): B {
    return this.#current;
  }

  async start(): Promise<void> {
    const result = this.o.load();
    if (result.bundle) {
      await this.#accept(result.bundle, false);
    } else {
      this.#logProblems(result.problems);
      const snapshot = await loadSnapshot<unknown>(this.o.store, this.o.kind);
      const saved = snapshot ? this.o.bundleSchema.safeParse(snapshot.body) : undefined;
      if (saved && !saved.success) {
        this.o.log.warn({ kind: this.o.kind, version: snapshot?.version }, 'the stored last good content does not fit this version; not using it');
      }
      this.#current = saved?.success ? saved.data : result.partial;
      this.o.log.warn(
        { kind: this.o.kind, version: this.#current.version, from: saved?.success ? 'last good' : 'valid files only' },
        'content has problems; showing the last good version',
      );
      this.o.health.report(this.o.kind, 'degraded', this.o.messages.degraded);
    }
    if (this.o.watch) this.#watch();
  }

  /** Re-reads the files; good content replaces the current one, bad content is logged and ignored. */
  async reload(): Promise<boolean> {
    const result = this.o.load();
    if (!result.bundle) {
      this.#logProblems(result.problems);
      this.o.health.report(this.o.kind, 'degraded', this.o.messages.degraded);
      return false;
    }
    if (result.bundle.version !== this.#current.version) await this.#accept(result.bundle, true);
    // A bad edit undone brings back the version already shown: nothing new to show, but the
    // warning staff were given no longer holds.
    else this.o.health.report(this.o.kind, 'ok', this.o.messages.ok);
    return true;
  }

  close(): void {
    for (const w of this.#watchers) w.close();
    clearTimeout(this.#timer);
  }

  async #accept(bundle: B, announce: boolean): Promise<void> {
    this.#current = bundle;
    await saveSnapshot(this.o.store, this.o.kind, bundle.version, bundle);
    this.o.health.report(this.o.kind, 'ok', this.o.messages.ok);
    this.o.log.info({ kind: this.o.kind, version: bundle.version }, 'content loaded');
    if (announce) this.o.events.publish('content.changed', { version: bundle.version });
  }

  #logProblems(problems: ContentProblem[]): void {
    for (const line of formatProblems(problems)) this.o.log.error({ content: line }, 'content problem');
  }

  #watch(): void {
    const onChange = (): void => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        this.reload().catch((err: unknown) => this.o.log.error({ err, kind: this.o.kind }, 'content reload failed'));
      }, RELOAD_SETTLE_MS);
    };
    for (const [folder, relevant] of this.o.watchTargets) {
      try {
        const watcher = watch(folder, (_event, name) => relevant(name) && onChange());
        watcher.on('error', (err) => this.o.log.warn({ err, folder }, 'content watch stopped'));
        this.#watchers.push(watcher);
      } catch (err) {
        this.o.log.warn({ err, folder }, 'cannot watch content; changes apply at next start');
      }
    }
  }
}
