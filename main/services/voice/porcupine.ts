import type { Logger } from 'pino';
import { PorcupineEngine } from '../../../drivers/wakeword/porcupine.ts';
import type { SiteConfig } from '../../config/schema.ts';
import type { VoiceFile } from '../../content/schema.ts';
import type { ListeningEngine } from './engines.ts';
import { phraseTable } from './phrases.ts';

type PorcupineConfig = NonNullable<SiteConfig['voice']['porcupine']>;

/**
 * Porcupine with the site's keyword files, each tied to a phrase of content/voice.yaml. The
 * engine retries activation by itself; `onChange` lets the voice service tell staff when it does.
 */
export function porcupineEngine(config: PorcupineConfig, voiceFile: VoiceFile, log: Logger, onChange: () => void): ListeningEngine {
  const table = phraseTable(voiceFile);
  const keywords = config.keywords.filter((k) => {
    if (table.has(k.phraseId)) return true;
    log.warn({ phraseId: k.phraseId }, 'Porcupine keyword names a phrase that is not in content/voice.yaml; ignored');
    return false;
  });
  const engine = new PorcupineEngine({
    accessKey: config.accessKey,
    keywords: keywords.map((k) => ({ phraseId: k.phraseId, label: table.get(k.phraseId)!.phrase.label.zh, path: k.path, sensitivity: k.sensitivity })),
    ...(config.modelPath ? { modelPath: config.modelPath } : {}),
    onStatus: (status) => {
      if (status.state === 'unavailable') log.warn({ problem: status.problem, retryAt: status.retryAt, detail: status.detail }, 'Porcupine is not listening');
      else log.info('Porcupine is listening');
      onChange();
    },
  });
  // Not awaited: the first licence check can wait on the network, and the kiosk (its window,
  // its emergency button) must not wait with it; the status says "starting" until it is done.
  engine.init().catch((e: unknown) => log.error({ err: e }, 'Porcupine could not be started'));
  return {
    kind: 'porcupine',
    engine,
    enrolled: new Set(keywords.map((k) => k.phraseId)),
    get reason() {
      const status = engine.status();
      return status.state === 'unavailable' ? status.words : undefined;
    },
  };
}
