import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblems, loadGuides } from '../../../main/content/load.ts';
import { contentDir } from '../../../main/paths.ts';

const dirs: string[] = [];
function copyOfContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'linli-content-'));
  dirs.push(dir);
  cpSync(contentDir(), dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the shipped content', () => {
  const result = loadGuides(contentDir());

  it('passes its schema, every file', () => {
    expect(formatProblems(result.problems)).toEqual([]);
    expect(result.bundle).toBeDefined();
  });

  it('has at least 12 guides, each category with at least one, all ids unique', () => {
    const { guides, categories } = result.bundle!;
    expect(guides.length).toBeGreaterThanOrEqual(12);
    for (const c of categories) expect(guides.some((g) => g.category === c.id), c.id).toBe(true);
    expect(new Set(guides.map((g) => g.id)).size).toBe(guides.length);
  });

  it('covers the services a community centre handles for older people', () => {
    const titles = result.bundle!.guides.map((g) => g.title.zh).join(' ');
    for (const word of ['居住证', '高龄津贴', '资格认证', '医保', '低保', '残疾人证', '老年人优待证', '户籍证明', '就业', '临时救助', '活动室']) {
      expect(titles, word).toContain(word);
    }
  });
});

describe('a broken content file', () => {
  it('is reported naming the file and the field, and withholds the whole bundle', () => {
    const dir = copyOfContent();
    const file = join(dir, 'guides', 'juzhuzheng.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^fees:.*$/m, ''));
    const result = loadGuides(dir);
    expect(result.bundle).toBeUndefined();
    expect(formatProblems(result.problems)).toContainEqual(expect.stringMatching(/^content\/guides\/juzhuzheng\.yaml: fees: /));
    expect(result.partial.guides.some((g) => g.id === 'juzhuzheng')).toBe(false);
    expect(result.partial.guides.length).toBeGreaterThan(10);
  });

  it('reports YAML syntax errors with a line number', () => {
    const dir = copyOfContent();
    writeFileSync(join(dir, 'guides', 'broken.yaml'), 'id: broken\ntitle: {zh: 没有结尾\n');
    expect(formatProblems(loadGuides(dir).problems)).toContainEqual(expect.stringMatching(/guides\/broken\.yaml: \(yaml\) line \d+/));
  });

  it('reports an alias with no anchor, which the YAML parser lets through, instead of throwing', () => {
    const dir = copyOfContent();
    const file = join(dir, 'guides', 'juzhuzheng.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^fees:.*$/m, 'fees: *note'));
    const result = loadGuides(dir);
    expect(result.bundle).toBeUndefined();
    expect(formatProblems(result.problems)).toContainEqual(expect.stringMatching(/^content\/guides\/juzhuzheng\.yaml: \(yaml\)/));
    expect(result.partial.guides.length).toBeGreaterThan(10);
  });

  it('catches a guide whose id does not match its file or whose category does not exist', () => {
    const dir = copyOfContent();
    const file = join(dir, 'guides', 'dibao.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^category: .*$/m, 'category: nowhere'));
    cpSync(join(dir, 'guides', 'juzhuzheng.yaml'), join(dir, 'guides', 'copy.yaml'));
    const lines = formatProblems(loadGuides(dir).problems);
    expect(lines).toContainEqual(expect.stringContaining('guides/dibao.yaml: category: "nowhere"'));
    expect(lines).toContainEqual(expect.stringContaining('guides/copy.yaml: id: "juzhuzheng" must match the file name'));
  });

  it('changes the bundle version when any file changes', () => {
    const dir = copyOfContent();
    const before = loadGuides(dir).bundle!.version;
    const file = join(dir, 'guides', 'dibao.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    expect(loadGuides(dir).bundle!.version).not.toBe(before);
  });
});
