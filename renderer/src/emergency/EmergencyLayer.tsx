import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AlarmView } from '../../../main/api/contract.ts';
import { useApp } from '../app/context.ts';
import { useTakeFocus } from '../app/focus.ts';
import { pick } from '../app/localized.ts';
import { useInertWhile } from '../app/inert.ts';
import { requestSpeech } from '../app/speech.ts';
import { useConnected } from '../app/useConnected.ts';
import { useSingleFlight } from '../app/useSingleFlight.ts';
import type { Language } from '../i18n.ts';
import { StaffEntry } from './StaffEntry.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import { secondsUntil, useSecondsUntil } from '../app/useSecondsUntil.ts';
import { closeStaffPinPad, useStaffPanel } from './staff-panel-state.ts';
import { useEmergency, type Readiness } from './useEmergency.ts';
import './emergency.css';

/** How long a closed alarm stays on screen saying so ("已取消") before the screen returns. */
const CLOSED_SHOWN_MS = 4000;

function statusLine(alarm: AlarmView, t: TFunction, seconds: number | undefined): string {
  switch (alarm.phase) {
    case 'cancel-window':
      return t('emergency.countdown', { seconds: seconds ?? 0 });
    case 'calling': {
      const who = alarm.calling ? (alarm.calling.relation ? `${alarm.calling.name}（${alarm.calling.relation}）` : alarm.calling.name) : '';
      return t(`emergency.calling.${alarm.calling?.state ?? 'dialling'}`, { who });
    }
    case 'between-calls':
      return t(alarm.redial ? 'emergency.redialling' : 'emergency.nextContact');
    case 'awaiting-help':
      return t('emergency.awaitingHelp');
    case 'acknowledged':
      return t(`emergency.acknowledged.${alarm.acknowledgedBy ?? 'staff'}`, { who: alarm.acknowledgedName ?? '' });
    case 'closed':
      return t(alarm.outcome === 'cancelled' ? 'emergency.cancelled' : 'emergency.closed');
  }
}

/** "Calling may not get out" and who to ask instead; empty while an alarm can get out. */
function impairedWords(readiness: Readiness | null, t: TFunction, language: Language): string {
  return readiness && !readiness.ready ? `${t('emergency.impaired')} ${pick(readiness.askInstead, language)}` : '';
}

/**
 * The full-screen emergency view above every screen while an alarm is open: it says at once that
 * help has been called, then where things stand — calling whom, answered, help is coming — with
 * a big cancel button while cancelling is still possible. Also hosts the staff panel and the
 * notice shown when an alarm could not get out.
 */
export function EmergencyLayer() {
  const { t } = useTranslation();
  const { language } = useApp();
  const { alarm, readiness } = useEmergency();
  const staffPanel = useStaffPanel();
  const [closedShown, setClosedShown] = useState<AlarmView | null>(null);

  useEffect(() => {
    if (alarm?.phase === 'closed') setClosedShown(alarm);
    // A new alarm replaces the last one's "已取消" at once, and it must not come back after.
    else if (alarm) setClosedShown(null);
  }, [alarm]);
  // A closed alarm says so briefly, then the screen returns to what it was — whatever the core
  // says meanwhile (a reconnect's or a health change's status has no alarm at all).
  useEffect(() => {
    if (!closedShown) return;
    const timer = setTimeout(() => setClosedShown(null), CLOSED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [closedShown?.id]);

  const open = alarm && alarm.phase !== 'closed' ? alarm : null;
  const shown = open ?? closedShown;
  const impaired = impairedWords(readiness, t, language);
  // While the emergency view is up nothing behind it can be tapped by accident, including the resident layer.
  useInertWhile(shown !== null, '.app, .identity-scrim, .identity-reminder');
  // A PIN pad (perhaps opened by a tap meant for SOS) must not hide a new alarm; signed-in staff keep their panel.
  useEffect(() => {
    if (open) closeStaffPinPad();
  }, [open?.id]);

  // Each new announcement is said aloud once (keyed on its seq alone): the title, then where
  // things stand, then — should calling not get out — who to ask instead.
  const seq = alarm?.announcement?.seq;
  useEffect(() => {
    if (!alarm || seq === undefined) return;
    const closed = alarm.phase === 'closed';
    const title = closed ? '' : t(alarm.phase === 'acknowledged' ? 'emergency.helpComing' : 'emergency.raised');
    const left = alarm.cancelDeadline ? secondsUntil(alarm.cancelDeadline, Date.now()) : undefined;
    requestSpeech({ text: `${title} ${statusLine(alarm, t, left)} ${closed ? '' : impaired}`.trim(), lang: document.documentElement.lang });
  }, [seq]);
  return (
    <>
      {impaired && !shown && (
        <div className="notice impaired-notice" role="status" data-testid="emergency-impaired">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          <span>{impaired}</span>
        </div>
      )}
      {shown && <AlarmLayer key={shown.id} alarm={shown} impaired={shown.phase === 'closed' ? '' : impaired} />}
      {staffPanel !== 'closed' && <StaffPanel />}
    </>
  );
}

/**
 * One alarm on screen, from the moment it opens until its "已取消" / "已处理完" has been shown;
 * `impaired` says who to ask instead should calling not get out.
 */
function AlarmLayer({ alarm, impaired }: { alarm: AlarmView; impaired: string }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const connected = useConnected(client);
  const seconds = useSecondsUntil(alarm.phase === 'cancel-window' ? alarm.cancelDeadline : undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  useTakeFocus(heading);

  const cancelling = useSingleFlight();
  const [cancelFailed, setCancelFailed] = useState(false);
  const cancel = (): void =>
    cancelling.run(() => {
      setCancelFailed(false);
      return client.command('emergency.cancel', { alarmId: alarm.id }).then(
        (r) => setCancelFailed(!r.cancelled),
        () => setCancelFailed(true),
      );
    });
  // Only while 取消 is still there to press again: once calling has begun the status says so.
  const retry = cancelFailed && alarm.canCancel;
  useEffect(() => {
    if (retry) requestSpeech({ text: t('emergency.cancelFailed'), lang: document.documentElement.lang });
  }, [retry]);

  const closed = alarm.phase === 'closed';
  return (
    <div className="emergency-layer" role="alertdialog" aria-modal="true" aria-labelledby="emergency-title" data-phase={alarm.phase}>
      {/* Staff who come to help must reach their panel while the alarm covers the screen; up here, away from 取消. */}
      <div className="emergency-top">
        <StaffEntry />
      </div>
      <div className="emergency-body">
        <p className="emergency-icon" aria-hidden="true">{alarm.phase === 'acknowledged' ? '✅' : closed ? '☑️' : '🚨'}</p>
        <h1 id="emergency-title" className="emergency-title" ref={heading} tabIndex={-1}>
          {closed ? statusLine(alarm, t, seconds) : t(alarm.phase === 'acknowledged' ? 'emergency.helpComing' : 'emergency.raised')}
        </h1>
        {!closed && (
          <p className="emergency-status" aria-live="assertive" data-testid="emergency-status">
            {statusLine(alarm, t, seconds)}
          </p>
        )}
        {!connected && (
          <p className="notice" role="status" data-testid="emergency-offline">
            <span className="notice-icon" aria-hidden="true">🔌</span>
            <span>{t('emergency.offline')}</span>
          </p>
        )}
        {impaired && (
          <p className="notice impaired-notice" role="status" data-testid="emergency-impaired">
            <span className="notice-icon" aria-hidden="true">⚠️</span>
            <span>{impaired}</span>
          </p>
        )}
        {retry && (
          <p className="notice" role="alert">
            <span className="notice-icon" aria-hidden="true">⚠️</span>
            <span>{t('emergency.cancelFailed')}</span>
          </p>
        )}
        {alarm.canCancel && (
          <button type="button" className="btn emergency-cancel" aria-busy={cancelling.busy} onClick={cancel}>
            <span aria-hidden="true">{cancelling.busy ? '⏳' : '✋'}</span> {t(cancelling.busy ? 'emergency.cancelling' : 'emergency.cancel')}
          </button>
        )}
      </div>
    </div>
  );
}
