import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentNotices, loadBoard } from '../../../main/content/load-board.ts';
import { formatProblems } from '../../../main/content/load.ts';
import type { Notice } from '../../../main/content/schema.ts';
import { contentDir } from '../../../main/paths.ts';

const dirs: string[] = [];
function copyOfContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-board-'));
  dirs.push(dir);
  cpSync(contentDir(), dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the shipped notices and hotlines', () => {
  const result = loadBoard(contentDir());

  it('pass their schemas', () => {
    expect(formatProblems(result.problems)).toEqual([]);
  });

  it('list the emergency numbers first, and the numbers older residents call', () => {
    const groups = result.bundle!.hotlines;
    expect(groups[0]!.lines.map((l) => l.number)).toEqual(['120', '110', '119']);
    const numbers = groups.flatMap((g) => g.lines.map((l) => l.number));
    for (const n of ['12345', '12349']) expect(numbers).toContain(n);
    const names = groups.flatMap((g) => g.lines.map((l) => l.name.zh)).join(' ');
    for (const word of ['社区居委会', '物业']) expect(names).toContain(word);
  });

  it('keep notices in plain short sentences, newest first', () => {
    const notices = result.bundle!.notices;
    expect(notices.length).toBeGreaterThanOrEqual(3);
    expect(notices.map((n) => n.published)).toEqual([...notices.map((n) => n.published)].sort().reverse());
    for (const n of notices) for (const p of n.body) expect(p.zh.length, `${n.id}: ${p.zh}`).toBeLessThanOrEqual(40);
  });
});

describe('a broken notice or hotline file', () => {
  it('is reported naming the file and the field', () => {
    const dir = copyOfContent();
    const file = join(dir, 'notices', 'choir.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^kind: .*$/m, 'kind: party'));
    writeFileSync(join(dir, 'hotlines.yaml'), readFileSync(join(dir, 'hotlines.yaml'), 'utf8').replace('number: 120', 'number: "call me"'));
    const lines = formatProblems(loadBoard(dir).problems);
    expect(lines).toContainEqual(expect.stringMatching(/^content\/notices\/choir\.yaml: kind: /));
    expect(lines).toContainEqual(expect.stringMatching(/^content\/hotlines\.yaml: groups\[0\]\.lines\[0\]\.number: /));
    expect(loadBoard(dir).bundle).toBeUndefined();
  });

  it('catches an expiry before publication and an id that does not match the file', () => {
    const dir = copyOfContent();
    const file = join(dir, 'notices', 'choir.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: singing') + 'expires: 2020-01-01\n');
    const lines = formatProblems(loadBoard(dir).problems);
    expect(lines).toContainEqual('content/notices/choir.yaml: expires: must not be before published');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^expires: .*$/m, ''));
    expect(formatProblems(loadBoard(dir).problems)).toContainEqual('content/notices/choir.yaml: id: "singing" must match the file name');
  });
});

describe('current notices', () => {
  const notice = (id: string, published: string, expires?: string): Notice => ({
    id,
    kind: 'life',
    title: { zh: id, en: id },
    body: [{ zh: id, en: id }],
    published,
    expires,
  });

  it('leave out those not yet published and those past their last day', () => {
    const all = [notice('future', '2026-12-01'), notice('today-last', '2026-11-01', '2026-11-23'), notice('expired', '2026-11-01', '2026-11-22'), notice('open', '2026-01-01')];
    expect(currentNotices(all, '2026-11-23').map((n) => n.id)).toEqual(['today-last', 'open']);
  });
});
