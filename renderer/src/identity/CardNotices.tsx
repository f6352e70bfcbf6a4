import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardReminder as Reminder } from '../../../main/api/identity.ts';
import type { LocalizedText } from '../../../main/content/schema.ts';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { openStaffPanel } from '../emergency/staff-panel-state.ts';

/**
 * "请取回您的身份证" over the whole screen (the bottom bar with the emergency button stays), with
 * where the reader is: the card's owner may already be walking away, and whoever is next at the
 * kiosk can call them back. Staff reach their panel from here to take it down.
 */
export function CardReminderLayer({ reminder }: { reminder: Reminder }) {
  const { t } = useTranslation();
  const { language } = useApp();
  return (
    <div className="identity-reminder" role="alertdialog" aria-modal="true" aria-labelledby="card-reminder-title" data-testid="card-reminder">
      <p className="identity-reminder-icon" aria-hidden="true">🪪</p>
      <h1 id="card-reminder-title" className="identity-reminder-title">
        {t('identity.reminderTitle')}
      </h1>
      <p className="identity-reminder-where" data-testid="card-reminder-where">
        <span aria-hidden="true">👇</span> {pick(reminder.where, language)}
      </p>
      <button type="button" className="btn staff-entry" onClick={openStaffPanel}>
        <span aria-hidden="true">🔑</span> {t('staff.entry')}
      </button>
    </div>
  );
}

// Long enough to read twice at an older reader's pace; a new message replaces it at once.
const PROBLEM_SHOWN_MS = 8_000;

/** The reader's word when a card could not be read ("请把身份证重新放好"), for a few seconds. */
export function CardProblemNotice({ problem }: { problem: { message: LocalizedText; seq: number } | null }) {
  const { language } = useApp();
  const [shown, setShown] = useState(problem);
  useEffect(() => {
    setShown(problem);
    if (!problem) return;
    const timer = setTimeout(() => setShown(null), PROBLEM_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [problem]);
  if (!shown) return null;
  return (
    <p className="notice identity-problem" role="alert" data-testid="card-problem">
      <span className="notice-icon" aria-hidden="true">🪪</span>
      <span>{pick(shown.message, language)}</span>
    </p>
  );
}
