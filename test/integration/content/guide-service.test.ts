import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events.ts';
import { createNullLogger } from '../../../main/log/logger.ts';
import { contentDir } from '../../../main/paths.ts';
import { GuideService } from '../../../main/services/guides/service.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { openStore, type Store } from '../../../main/store/database.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';

const open: { store: Store; service: GuideService }[] = [];
afterEach(async () => {
  for (const { store, service } of open.splice(0)) {
    service.close();
    await store.close();
  }
});

async function setup(dataDir: string, content: string) {
  const log = createNullLogger();
  const store = await openStore({ file: join(dataDir, 'linli.db'), log, migrations: MIGRATIONS });
  const events = new EventBus();
  const health = new HealthService(events);
  const service = new GuideService({ contentDir: content, store, log, events, health });
  open.push({ store, service });
  await service.start();
  return { service, events, health, store };
}

function freshDirs() {
  const content = mkdtempSync(join(tmpdir(), 'linli-gs-content-'));
  cpSync(contentDir(), content, { recursive: true });
  return { content, dataDir: mkdtempSync(join(tmpdir(), 'linli-gs-data-')) };
}

const breakFile = (content: string, id: string): void => {
  const file = join(content, 'guides', `${id}.yaml`);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^steps:/m, 'stepz:'));
};

describe('GuideService', () => {
  it('keeps the last good guides when a reload finds a broken file, and announces good updates', async () => {
    const { content, dataDir } = freshDirs();
    const { service, events, health } = await setup(dataDir, content);
    const before = service.categories();
    const seen: string[] = [];
    events.subscribe((name) => seen.push(name));

    breakFile(content, 'dibao');
    expect(await service.reload()).toBe(false);
    expect(service.categories()).toEqual(before);
    expect(service.get('dibao').guide.id).toBe('dibao');
    expect(health.snapshot().components.find((c) => c.id === 'content')?.state).toBe('degraded');

    const file = join(content, 'guides', 'dibao.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^stepz:/m, 'steps:').replace(/^title: \{zh: [^,]+/m, 'title: {zh: 申请低保（新）'));
    expect(await service.reload()).toBe(true);
    expect(service.get('dibao').guide.title.zh).toBe('申请低保（新）');
    expect(seen).toContain('content.changed');
    expect(health.snapshot().components.find((c) => c.id === 'content')?.state).toBe('ok');
  });

  it('starts from the stored last good content when a file is broken at start-up', async () => {
    const { content, dataDir } = freshDirs();
    const first = await setup(dataDir, content);
    const good = first.service.categories();
    first.service.close();
    await first.store.close();
    open.length = 0;

    breakFile(content, 'juzhuzheng');
    const second = await setup(dataDir, content);
    expect(second.service.categories()).toEqual(good);
    expect(second.service.get('juzhuzheng').guide.steps.length).toBeGreaterThan(0);
  });

  it('with no good content ever stored, shows the files that are valid', async () => {
    const { content, dataDir } = freshDirs();
    breakFile(content, 'juzhuzheng');
    const { service } = await setup(dataDir, content);
    expect(() => service.get('juzhuzheng')).toThrow(/No guide/);
    expect(service.get('dibao').guide.id).toBe('dibao');
  });

  it('tells staff all is well again when a broken file is put back as it was', async () => {
    const { content, dataDir } = freshDirs();
    const { service, health } = await setup(dataDir, content);
    const file = join(content, 'guides', 'dibao.yaml');
    const good = readFileSync(file, 'utf8');
    breakFile(content, 'dibao');
    expect(await service.reload()).toBe(false);
    expect(health.snapshot().components.find((c) => c.id === 'content')?.state).toBe('degraded');
    writeFileSync(file, good);
    expect(await service.reload()).toBe(true);
    expect(health.snapshot().components.find((c) => c.id === 'content')?.state).toBe('ok');
  });

  it('starts on the valid files when both a file and the stored last good copy are damaged', async () => {
    const { content, dataDir } = freshDirs();
    const first = await setup(dataDir, content);
    await first.store.run("UPDATE content_snapshots SET body = '{not json' WHERE kind = 'content'");
    first.service.close();
    await first.store.close();
    open.length = 0;

    breakFile(content, 'juzhuzheng');
    const { service } = await setup(dataDir, content);
    expect(service.get('dibao').guide.id).toBe('dibao');
    expect(() => service.get('juzhuzheng')).toThrow(/No guide/);
  });

  it('starts on the valid files when the stored last good copy was saved in a shape this version does not read', async () => {
    const { content, dataDir } = freshDirs();
    const first = await setup(dataDir, content);
    const old = { version: 'older', categories: [{ id: 'x' }], guides: 'all of them' };
    await first.store.run("UPDATE content_snapshots SET body = ? WHERE kind = 'content'", [JSON.stringify(old)]);
    first.service.close();
    await first.store.close();
    open.length = 0;

    breakFile(content, 'juzhuzheng');
    const { service } = await setup(dataDir, content);
    expect(service.current.version).not.toBe('older');
    expect(service.get('dibao').guide.id).toBe('dibao');
    expect(() => service.get('juzhuzheng')).toThrow(/No guide/);
  });
});
