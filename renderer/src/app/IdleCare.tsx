import { useTranslation } from 'react-i18next';
import { IdleDialog } from '../components/IdleDialog.tsx';
import { closeStaffPinPad, useStaffPanel } from '../emergency/staff-panel-state.ts';
import { useEmergency } from '../emergency/useEmergency.ts';
import { htmlLang } from '../i18n.ts';
import { useApp } from './context.ts';
import { requestSpeech, useReadingAloud } from './speech.ts';
import { useIdle } from './useIdle.ts';

/** Used until kiosk.info answers; the same as the core's defaults. */
const DEFAULT_IDLE = { warnAfterSeconds: 60, countdownSeconds: 20 };

/**
 * Idle care for a session: the "more time?" question and, with no answer, the end of the session.
 * Nobody is timed out on the attract screen, while an alarm is open, while signed-in staff are at
 * the screen, or while a reading they started (朗读全文) is being said: the clock starts again
 * when it ends. A PIN pad nobody signed in at holds nothing off.
 */
export function IdleCare({ attract, onExpire }: { attract: boolean; onExpire(): void }) {
  const { t } = useTranslation();
  const { kiosk, language } = useApp();
  const { alarm } = useEmergency();
  const staffSignedIn = useStaffPanel() === 'signed-in';
  const reading = useReadingAloud();
  const busy = (alarm !== null && alarm.phase !== 'closed') || staffSignedIn || reading;
  const config = kiosk?.idle ?? DEFAULT_IDLE;
  const idle = useIdle({
    enabled: !attract && !busy,
    warnAfterSeconds: config.warnAfterSeconds,
    countdownSeconds: config.countdownSeconds,
    onWarn: () => {
      // The question must be seen, and the PIN pad would cover it; nobody has touched it for a minute.
      closeStaffPinPad();
      requestSpeech({ text: t('idle.spoken'), lang: htmlLang[language] });
    },
    onExpire,
  });
  return idle.warning ? <IdleDialog secondsLeft={idle.secondsLeft} onContinue={idle.stillHere} /> : null;
}
