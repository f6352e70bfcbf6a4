import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_RULES_FILE, loadIdentityRules } from '../../../main/services/identity/rules.ts';

const GOOD = [
  'ageBands:',
  '  - {id: young, from: 0, label: {zh: 年轻, en: Young}}',
  '  - {id: old, from: 60, label: {zh: 老年, en: Older}}',
  'honorifics:',
  '  - {band: old, sex: female, text: {zh: 阿姨, en: Ms}}',
  'greeting:',
  '  named: {zh: "{surname}{honorific}，您好", en: "Hello, {honorific} {surname}"}',
  '  plain: {zh: 您好, en: Hello}',
  'eligibility:',
  '  - {guide: gaoling-jintie, minAge: 80}',
];

function load(lines: string[], guides?: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'linli-rules-'));
  writeFileSync(join(dir, IDENTITY_RULES_FILE), lines.join('\n'));
  return loadIdentityRules(dir, guides ? new Set(guides) : undefined);
}

describe('content/identity.yaml', () => {
  it('loads valid rules, adding Traditional Chinese', () => {
    const { rules, problems } = load(GOOD, ['gaoling-jintie']);
    expect(problems).toEqual([]);
    expect(rules?.ageBands[1]).toMatchObject({ id: 'old', from: 60, label: { zh: '老年', 'zh-Hant': '老年' } });
  });

  it('names each mistake by file and field', () => {
    const bad = GOOD.map((line) =>
      line
        .replace('from: 60', 'from: 0')
        .replace('band: old', 'band: elderly')
        .replace('en: "Hello, {honorific} {surname}"', 'en: "Hello"'),
    );
    const { rules, problems } = load(bad);
    expect(rules).toBeUndefined();
    expect(problems).toEqual([
      {
        file: IDENTITY_RULES_FILE,
        problems: expect.arrayContaining([
          'greeting.named: zh and en must both hold {surname} and {honorific}',
          'ageBands[1].from: must be above the band before (0)',
          'honorifics[0].band: "elderly" is not in ageBands',
        ]),
      },
    ]);
  });

  it('refuses an offer of a guide that does not exist, when the guides are known', () => {
    const { rules, problems } = load(GOOD, ['dibao']);
    expect(rules).toBeUndefined();
    expect(problems[0]?.problems).toEqual(['eligibility[0].guide: "gaoling-jintie" is not a guide in guides/']);
  });

  it('reports a missing file', () => {
    const { rules, problems } = loadIdentityRules(mkdtempSync(join(tmpdir(), 'linli-rules-')));
    expect(rules).toBeUndefined();
    expect(problems[0]?.problems[0]).toMatch(/cannot be read \(ENOENT\)/);
  });
});
