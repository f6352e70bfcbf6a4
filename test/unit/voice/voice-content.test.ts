import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { voiceFileSchema } from '../../../main/content/schema.ts';
import { loadVoiceFile } from '../../../main/services/voice/setup.ts';

const contentDir = fileURLToPath(new URL('../../../content', import.meta.url));

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('content/voice.yaml', () => {
  const { file, problems } = loadVoiceFile(contentDir);

  it('is valid, with a wake phrase, a help phrase and every command the issue names', () => {
    expect(problems).toEqual([]);
    expect(file!.wake.length).toBeGreaterThan(0);
    expect(file!.help.length).toBeGreaterThan(0);
    expect(file!.commands.map((c) => c.intent).sort()).toEqual(
      ['call-staff', 'guides', 'home', 'hotlines', 'louder', 'notices', 'queue', 'repeat', 'slower'].sort(),
    );
    // Consequential commands are asked back before they are carried out.
    expect(file!.commands.filter((c) => c.confirm).map((c) => c.intent).sort()).toEqual(['call-staff', 'queue']);
  });

  it('refuses a phrase id used twice', () => {
    const twice = { ...file!, cancel: [{ id: 'wake', label: { zh: '取消', en: 'Cancel' } }] };
    const parsed = voiceFileSchema.safeParse(twice);
    expect(parsed.success).toBe(false);
  });

  it('has no help phrase in anything the kiosk says, since the help phrase is heard even while it speaks', () => {
    const helps = file!.help.flatMap((p) => [p.label.zh, p.label['zh-Hant']].filter((x): x is string => !!x));
    const spoken = [
      ...strings(JSON.parse(readFileSync(join(contentDir, 'ui', 'zh.json'), 'utf8'))),
      ...readdirSync(join(contentDir, 'guides')).map((f) => readFileSync(join(contentDir, 'guides', f), 'utf8')),
      ...readdirSync(join(contentDir, 'notices')).map((f) => readFileSync(join(contentDir, 'notices', f), 'utf8')),
    ];
    for (const help of helps) expect(spoken.filter((s) => s.includes(help))).toEqual([]);
  });

  it('has no cancel phrase in what the alarm screen says while 取消 can still call it off, since 取消 is heard over it', () => {
    const cancels = file!.cancel.flatMap((p) => [p.label.zh, p.label['zh-Hant']].filter((x): x is string => !!x));
    for (const name of ['zh.json', join('generated', 'zh-Hant.json')]) {
      const ui = JSON.parse(readFileSync(join(contentDir, 'ui', name), 'utf8')) as { emergency: Record<string, unknown>; voice: Record<string, unknown> };
      // `cancel` is the button's label, never said; `cancelled` is said once the alarm is already off.
      const { cancel: _label, cancelled: _after, ...said } = ui.emergency;
      const lines = [...strings(said), ...strings(ui.voice)];
      for (const cancel of cancels) expect(lines.filter((line) => line.includes(cancel))).toEqual([]);
    }
  });
});
