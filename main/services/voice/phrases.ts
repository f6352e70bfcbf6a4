import type { LocalizedText, VoiceFile, VoicePhrase } from '../../content/schema.ts';
import type { PhraseRole } from './machine.ts';

export interface PhraseEntry {
  readonly phrase: VoicePhrase;
  readonly role: PhraseRole;
}

/** Every phrase in content/voice.yaml with what hearing it means, in the file's order. */
export function phraseTable(file: VoiceFile): ReadonlyMap<string, PhraseEntry> {
  const table = new Map<string, PhraseEntry>();
  const add = (phrases: readonly VoicePhrase[], role: PhraseRole): void => {
    for (const phrase of phrases) table.set(phrase.id, { phrase, role });
  };
  add(file.wake, { role: 'wake' });
  add(file.help, { role: 'help' });
  add(file.cancel, { role: 'cancel' });
  add(file.yes, { role: 'yes' });
  add(file.no, { role: 'no' });
  for (const command of file.commands) add(command.phrases, { role: 'command', intent: command.intent, confirm: command.confirm });
  return table;
}

/** The phrases a listener is told to try, e.g. "您可以说：办事指南、返回首页". */
export function commandExamples(file: VoiceFile, enrolled: ReadonlySet<string>): LocalizedText[] {
  return file.commands.flatMap((c) => c.phrases.filter((p) => enrolled.has(p.id)).slice(0, 1).map((p) => p.label));
}
