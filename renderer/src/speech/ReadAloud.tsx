import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { requestSpeech, stopSpeech } from '../app/speech.ts';
import { htmlLang } from '../i18n.ts';
import { useSpeechState } from './state.ts';
import './speech.css';

interface Props {
  /** Names this reader; its SpokenText blocks carry the same owner. */
  owner: string;
  /** Everything to read, as composeReading made it. */
  text: string;
}

/**
 * "朗读全文": reads a whole page aloud, the words marked on the page as they are said (SpokenText).
 * The same big button stops it. Where nothing can speak, it says so and the page stays as it is.
 */
export function ReadAloud({ owner, text }: Props) {
  const { t } = useTranslation();
  const { language } = useApp();
  const { speaking, unavailable } = useSpeechState();
  const reading = speaking?.owner === owner;
  return (
    <div className="read-aloud">
      <button
        type="button"
        className={reading ? 'btn btn-wide' : 'btn btn-wide btn-primary'}
        data-testid="read-aloud"
        aria-pressed={reading}
        onClick={() => (reading ? stopSpeech() : requestSpeech({ text, lang: htmlLang[language], owner }))}
      >
        <span aria-hidden="true">{reading ? '⏹️' : '🔊'}</span> {reading ? t('speech.stop') : t('speech.read')}
      </button>
      <p className="status-line" role="status">
        {reading ? t('speech.reading') : unavailable === owner ? t('speech.unavailable') : ''}
      </p>
    </div>
  );
}
