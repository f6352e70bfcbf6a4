/** A small content/voice.yaml for service tests: wake, help and cancel phrases, and the given commands and timing. */
import type { VoiceFile } from '../../main/content/schema.ts';

export const label = (zh: string): { zh: string; en: string } => ({ zh, en: zh });

export function testVoiceFile(rest: Pick<VoiceFile, 'commands' | 'listenSeconds'>): VoiceFile {
  return {
    wake: [{ id: 'wake', label: label('小邻小邻'), sensitivity: 0.5 }],
    help: [{ id: 'help', label: label('救命'), sensitivity: 0.5 }],
    cancel: [{ id: 'cancel', label: label('取消'), sensitivity: 0.5 }],
    yes: [],
    no: [],
    endSilenceMs: 1500,
    ...rest,
  };
}
