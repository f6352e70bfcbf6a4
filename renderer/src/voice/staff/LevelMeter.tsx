import { useTranslation } from 'react-i18next';
import { TOO_LOUD_DB, TOO_QUIET_DB, levelVerdict, meterPercent } from './words.ts';

/**
 * The microphone level while a take is recorded: a bar that follows the core's `voice.level`,
 * over a track marked with the too-quiet and too-loud zones, with the verdict also in words.
 */
export function LevelMeter({ db, active }: { db: number; active: boolean }) {
  const { t } = useTranslation();
  const rounded = Math.round(Math.max(-100, Math.min(0, db)));
  const verdict = levelVerdict(rounded);
  const quietEnd = meterPercent(TOO_QUIET_DB);
  const loudStart = meterPercent(TOO_LOUD_DB);
  return (
    <div className="vs-meter-wrap">
      <div
        className="vs-meter"
        role="meter"
        aria-label={t('voiceStaff.level')}
        aria-valuemin={-100}
        aria-valuemax={0}
        aria-valuenow={rounded}
        aria-valuetext={t('voiceStaff.levelText', { db: rounded, verdict: t(`voiceStaff.${verdict}`) })}
        data-testid="vs-meter"
        data-verdict={active ? verdict : 'idle'}
      >
        <div className="vs-meter-zone vs-meter-quiet" style={{ width: `${quietEnd}%` }} />
        <div className="vs-meter-zone vs-meter-loud" style={{ left: `${loudStart}%`, width: `${100 - loudStart}%` }} />
        <div className="vs-meter-fill" style={{ width: `${active ? meterPercent(rounded) : 0}%` }} />
      </div>
      <div className="vs-meter-scale" aria-hidden="true">
        <span>◀ {t('voiceStaff.tooQuiet')}</span>
        <span className="vs-meter-verdict">{active ? t(`voiceStaff.${verdict}`) : ''}</span>
        <span>{t('voiceStaff.tooLoud')} ▶</span>
      </div>
    </div>
  );
}
