import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { requestSpeech } from '../app/speech.ts';
import { Dialog } from '../components/Dialog.tsx';
import { htmlLang } from '../i18n.ts';
import { assistOutcome } from './outcome.ts';
import './assist.css';

/** The ticket number or "staff are coming", large and said aloud, however it was asked for. */
export function AssistDialog() {
  const { t } = useTranslation();
  const { language } = useApp();
  const outcome = assistOutcome.use();
  useEffect(() => {
    if (!outcome) return;
    const text = outcome.kind === 'ticket' ? t('assist.ticket', { number: outcome.number }) : t('assist.staffCalled');
    requestSpeech({ text, lang: htmlLang[language] });
  }, [outcome, t, language]);
  if (!outcome) return null;
  return (
    <Dialog
      icon={outcome.kind === 'ticket' ? '🎫' : '🙋'}
      title={outcome.kind === 'ticket' ? t('assist.ticketTitle') : t('assist.staffCalledTitle')}
      action={{ icon: '✔', label: t('assist.ok'), onPress: () => assistOutcome.set(null) }}
      testId="assist-outcome"
    >
      {outcome.kind === 'ticket' ? (
        <p className="assist-ticket" data-testid="assist-ticket">
          {t('assist.ticketNumber', { number: outcome.number })}
        </p>
      ) : (
        <p>{t('assist.staffCalled')}</p>
      )}
    </Dialog>
  );
}
