import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';

/** "还需要更多时间吗？" with the time left in big figures and one big "yes". */
export function IdleDialog({ secondsLeft, onContinue }: { secondsLeft: number; onContinue(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      icon="⏰"
      title={t('idle.title')}
      role="alertdialog"
      testId="idle-dialog"
      action={{ icon: '👍', label: t('idle.continue'), onPress: onContinue }}
    >
      <p>{t('idle.body')}</p>
      <p className="countdown" data-testid="idle-countdown">
        <span className="countdown-number">{secondsLeft}</span>
        <span>{t('idle.countdown', { seconds: secondsLeft })}</span>
      </p>
    </Dialog>
  );
}
