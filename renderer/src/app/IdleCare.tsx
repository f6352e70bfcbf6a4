import { useTranslation } from 'react-i18next';
import { IdleDialog } from '../components/IdleDialog.tsx';
import { useStaffPanelOpen } from '../emergency/staff-panel-state.ts';
import { useEmergency } from '../emergency/useEmergency.ts';
import { htmlLang } from '../i18n.ts';
import { useApp } from './context.ts';
import { requestSpeech } from './speech.ts';
import { useIdle } from './useIdle.ts';

/** Used until kiosk.info answers; the same as the core's defaults. */
const DEFAULT_IDLE = { warnAfterSeconds: 60, countdownSeconds: 20 };

/**
 * Idle care for a session: the "more time?" question and, with no answer, the end of the session.
 * Nobody is timed out on the attract screen, while an alarm is open, or while staff are at the screen.
 */
export function IdleCare({ attract, onExpire }: { attract: boolean; onExpire(): void }) {
  const { t } = useTranslation();
  const { kiosk, language } = useApp();
  const { alarm } = useEmergency();
  const staffOpen = useStaffPanelOpen();
  const busy = (alarm !== null && alarm.phase !== 'closed') || staffOpen;
  const config = kiosk?.idle ?? DEFAULT_IDLE;
  const idle = useIdle({
    enabled: !attract && !busy,
    warnAfterSeconds: config.warnAfterSeconds,
    countdownSeconds: config.countdownSeconds,
    onWarn: () => requestSpeech({ text: t('idle.spoken'), lang: htmlLang[language] }),
    onExpire,
  });
  return idle.warning ? <IdleDialog secondsLeft={idle.secondsLeft} onContinue={idle.stillHere} /> : null;
}
