import { useTranslation } from 'react-i18next';
import { repeatSummary } from '../app/speech.ts';
import './speech.css';

/**
 * "再听一遍": says the screen's summary again. The frame has one in the title bar and one in the
 * bottom bar, and speech.css shows one of them: where the bar has room in each orientation.
 */
export function SayAgain({ place }: { place: 'top' | 'bottom' }) {
  const { t } = useTranslation();
  return (
    <button type="button" className={`btn say-again say-again-${place}`} data-testid="say-again" onClick={repeatSummary}>
      <span aria-hidden="true">🔁</span> {t('speech.again')}
    </button>
  );
}
