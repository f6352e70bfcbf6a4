import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AlarmView } from '../../../main/api/contract.ts';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { useInertWhile } from '../app/inert.ts';
import { requestSpeech } from '../app/speech.ts';
import { StaffPanel } from './StaffPanel.tsx';
import { useSecondsUntil } from '../app/useSecondsUntil.ts';
import { openStaffPanel, useStaffPanelOpen } from './staff-panel-state.ts';
import { useEmergency } from './useEmergency.ts';
import './emergency.css';

function statusLine(alarm: AlarmView, t: TFunction, seconds: number | undefined): string {
  switch (alarm.phase) {
    case 'cancel-window':
      return t('emergency.countdown', { seconds: seconds ?? 0 });
    case 'calling': {
      const who = alarm.calling ? (alarm.calling.relation ? `${alarm.calling.name}（${alarm.calling.relation}）` : alarm.calling.name) : '';
      return t(`emergency.calling.${alarm.calling?.state ?? 'dialling'}`, { who });
    }
    case 'between-calls':
      return t('emergency.nextContact');
    case 'awaiting-help':
      return t('emergency.awaitingHelp');
    case 'acknowledged':
      return t(`emergency.acknowledged.${alarm.acknowledgedBy ?? 'staff'}`, { who: alarm.acknowledgedName ?? '' });
    case 'closed':
      return t(alarm.outcome === 'cancelled' ? 'emergency.cancelled' : 'emergency.closed');
  }
}

/**
 * The full-screen emergency view above every screen while an alarm is open: it says at once that
 * help has been called, then where things stand — calling whom, answered, help is coming — with
 * a big cancel button while cancelling is still possible. Also hosts the staff panel and the
 * notice shown when an alarm could not get out.
 */
export function EmergencyLayer() {
  const { t } = useTranslation();
  const { client, language } = useApp();
  const { alarm, readiness } = useEmergency();
  const staffOpen = useStaffPanelOpen();
  const seconds = useSecondsUntil(alarm?.phase === 'cancel-window' ? alarm.cancelDeadline : undefined);
  const [closedShown, setClosedShown] = useState<AlarmView | null>(null);

  useEffect(() => {
    if (alarm?.phase !== 'closed') return;
    // A closed alarm says so briefly ("已取消"), then the screen returns to what it was.
    setClosedShown(alarm);
    const timer = setTimeout(() => setClosedShown(null), 4000);
    return () => clearTimeout(timer);
  }, [alarm]);

  const shown = alarm && alarm.phase !== 'closed' ? alarm : closedShown;
  // While the emergency view is up nothing behind it can be tapped by accident, including the resident layer.
  useInertWhile(shown !== null, '.app, .identity-scrim, .identity-reminder');

  // Each new announcement is said aloud once (keyed on its seq alone): the title, then where things stand.
  const seq = alarm?.announcement?.seq;
  useEffect(() => {
    if (!alarm || seq === undefined) return;
    const title = alarm.phase === 'closed' ? '' : t(alarm.phase === 'acknowledged' ? 'emergency.helpComing' : 'emergency.raised');
    const left = alarm.cancelDeadline ? Math.max(0, Math.ceil((Date.parse(alarm.cancelDeadline) - Date.now()) / 1000)) : undefined;
    requestSpeech({ text: `${title} ${statusLine(alarm, t, left)}`.trim(), lang: document.documentElement.lang });
  }, [seq]);
  return (
    <>
      {readiness && !readiness.ready && !shown && (
        <div className="notice impaired-notice" role="status" data-testid="emergency-impaired">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          <span>
            {t('emergency.impaired')} {pick(readiness.askInstead, language)}
          </span>
        </div>
      )}
      {shown && (
        <div className="emergency-layer" role="alertdialog" aria-modal="true" aria-labelledby="emergency-title" data-phase={shown.phase}>
          <p className="emergency-icon" aria-hidden="true">{shown.phase === 'acknowledged' ? '✅' : shown.phase === 'closed' ? '☑️' : '🚨'}</p>
          <h1 id="emergency-title" className="emergency-title">
            {shown.phase === 'closed' ? statusLine(shown, t, seconds) : t(shown.phase === 'acknowledged' ? 'emergency.helpComing' : 'emergency.raised')}
          </h1>
          {shown.phase !== 'closed' && (
            <p className="emergency-status" aria-live="assertive" data-testid="emergency-status">
              {statusLine(shown, t, seconds)}
            </p>
          )}
          {shown.canCancel && (
            <button
              type="button"
              className="btn emergency-cancel"
              onClick={() => void client.command('emergency.cancel', { alarmId: shown.id }).catch(() => undefined)}
            >
              <span aria-hidden="true">✋</span> {t('emergency.cancel')}
            </button>
          )}
          {/* Staff who come to help must reach their panel while the alarm covers the screen. */}
          <button type="button" className="btn staff-entry" onClick={openStaffPanel}>
            <span aria-hidden="true">🔑</span> {t('staff.entry')}
          </button>
        </div>
      )}
      {staffOpen && <StaffPanel />}
    </>
  );
}
