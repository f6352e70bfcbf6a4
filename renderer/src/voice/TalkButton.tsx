import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { voiceStatus, voiceView } from './voice-state.ts';

/**
 * 说话: opens the same listening window as the wake phrase, for anyone who would rather press
 * than call out (facts/voice.md §0: the button is the main trigger, the wake word a convenience).
 * Shown only when the kiosk could understand a command; otherwise there is nothing to press for.
 */
export function TalkButton() {
  const { t } = useTranslation();
  const { client } = useApp();
  const status = voiceStatus.use();
  const view = voiceView.use();
  if (!status?.commandsReady) return null;
  const listening = view?.state === 'listening';
  return (
    <button
      type="button"
      className="btn talk-button"
      data-testid="talk"
      aria-pressed={listening}
      onClick={() => void client.command(listening ? 'voice.close' : 'voice.talk').catch(() => undefined)}
    >
      <span aria-hidden="true">🎤</span> {listening ? t('voice.stop') : t('voice.talk')}
    </button>
  );
}
