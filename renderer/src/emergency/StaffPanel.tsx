import { useCallback, useEffect, useRef, useState } from 'react';
import { HelpRequests } from '../assist/HelpRequests.tsx';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../../../main/api/contract.ts';
import { sessionEnded } from '../api/client.ts';
import { followCore } from '../api/follow-core.ts';
import { useApp } from '../app/context.ts';
import { useTakeFocus } from '../app/focus.ts';
import { useInertWhile } from '../app/inert.ts';
import { pick } from '../app/localized.ts';
import { useSingleFlight } from '../app/useSingleFlight.ts';
import { clearStaffCardToken, useStaffCardToken } from '../identity/staff-card.ts';
import { VoiceStaffScreen } from '../voice/staff/VoiceStaffScreen.tsx';
import { signInProblem } from './sign-in-problem.ts';
import { closeStaffPanel, setStaffSignedIn } from './staff-panel-state.ts';

type StaffAlarms = CommandResult<'staff.alarms'>['alarms'];
type Health = CommandResult<'health.get'>['components'];

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

function PinPad({ onSignedIn }: { onSignedIn(token: string): void }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A double tap on 确定 with a wrong PIN must not count as two wrong tries towards the lockout.
  const signIn = useSingleFlight();
  const submit = (): void =>
    signIn.run(() =>
      client.command('staff.signIn', { pin }).then(
        (r) => onSignedIn(r.token),
        (err: unknown) => {
          setPin('');
          const problem = signInProblem(err);
          setError(t(problem.key, problem.values));
        },
      ),
    );
  return (
    <div className="pin-pad">
      <p className="pin-display" aria-live="polite" data-testid="pin-display">
        {pin ? '●'.repeat(pin.length) : t('staff.enterPin')}
      </p>
      {error && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          {error}
        </p>
      )}
      <div className="pin-keys">
        {DIGITS.map((d) => (
          <button key={d} type="button" className="btn" onClick={() => setPin((p) => (p.length < 8 ? p + d : p))}>
            {d}
          </button>
        ))}
        <button type="button" className="btn" onClick={() => setPin((p) => p.slice(0, -1))}>
          <span aria-hidden="true">⌫</span> {t('staff.delete')}
        </button>
        <button type="button" className="btn btn-primary" disabled={pin.length < 4 || signIn.busy} onClick={submit}>
          {t('staff.signIn')}
        </button>
      </div>
    </div>
  );
}

const STATE_ICON = { ok: '✅', degraded: '⚠️', fault: '❌' } as const;

/**
 * The first piece of staff mode: open alarms with their timelines (acknowledge, close with an
 * outcome) and the health of every device, in plain words.
 */
export function StaffPanel() {
  const { t } = useTranslation();
  const { client, language } = useApp();
  const [token, setToken] = useState<string | null>(null);
  const [alarms, setAlarms] = useState<StaffAlarms>([]);
  const [health, setHealth] = useState<Health>([]);
  const [voiceOpen, setVoiceOpen] = useState(false);

  const [reminderActive, setReminderActive] = useState(false);
  useInertWhile(true, '.app, .emergency-layer, .identity-scrim, .identity-reminder');
  const heading = useRef<HTMLHeadingElement>(null);
  useTakeFocus(heading);
  const cardToken = useStaffCardToken();

  useEffect(() => setStaffSignedIn(token !== null), [token]);

  // A staff card on the reader signs in without the PIN.
  useEffect(() => {
    if (!cardToken) return;
    setToken(cardToken);
    clearStaffCardToken();
  }, [cardToken]);

  useEffect(
    () =>
      followCore(client, {
        ask: () => client.command('identity.status'),
        answer: (s, overtaken) => !overtaken && setReminderActive(s.reminder.active),
        events: (changed) => [
          client.on('identity.card-reminder', (r) => {
            changed();
            setReminderActive(r.active);
          }),
        ],
      }),
    [client],
  );

  const refresh = useCallback(() => {
    if (!token) return;
    client.command('staff.alarms', { token }).then(
      (r) => setAlarms(r.alarms),
      (err: unknown) => sessionEnded(err) && setToken(null),
    );
    client.command('health.get').then((r) => setHealth(r.components), () => undefined);
  }, [client, token]);

  useEffect(() => {
    refresh();
    // Alarms and health changes while the link was down sent their events to no one: ask again once it is back.
    const offs = [client.on('emergency.changed', refresh), client.on('health.changed', refresh), client.onConnection((up) => up && refresh())];
    return () => offs.forEach((off) => off());
  }, [client, refresh]);

  const leave = (): void => {
    if (token) void client.command('staff.signOut', { token }).catch(() => undefined);
    closeStaffPanel();
  };
  const act = (command: Promise<unknown>): void => void command.then(refresh, refresh);

  if (token && voiceOpen) {
    return <VoiceStaffScreen token={token} onClose={() => setVoiceOpen(false)} onSignedOut={() => { setVoiceOpen(false); setToken(null); }} />;
  }

  return (
    <div className="staff-panel" role="dialog" aria-modal="true" aria-labelledby="staff-title">
      <header className="topbar">
        <h1 id="staff-title" ref={heading} tabIndex={-1}>
          {t('staff.title')}
        </h1>
        <button type="button" className="btn btn-primary" onClick={leave}>
          <span aria-hidden="true">✖</span> {t('staff.close')}
        </button>
      </header>
      <div className="content">
        {!token ? (
          <PinPad onSignedIn={setToken} />
        ) : (
          <>
            <section className="section" aria-labelledby="staff-alarms">
              <h2 id="staff-alarms">
                <span aria-hidden="true">🚨</span>
                {t('staff.alarms')}
              </h2>
              {alarms.length === 0 && <p>{t('staff.noAlarms')}</p>}
              <ul className="staff-alarm-list">
                {alarms.map(({ alarm, timeline }) => (
                  <li key={alarm.id} className="staff-alarm" data-phase={alarm.phase}>
                    <p>
                      <strong>{t(`staff.phase.${alarm.phase}`)}</strong> · {t(`staff.source.${alarm.source}`)} ·{' '}
                      {new Date(alarm.raisedAt).toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN')}
                    </p>
                    <ol className="staff-timeline">
                      {timeline.map((e, i) => (
                        <li key={i}>
                          {new Date(e.at).toLocaleTimeString(language === 'en' ? 'en-GB' : 'zh-CN')} {e.text ? pick(e.text, language) : e.kind}
                        </li>
                      ))}
                    </ol>
                    {alarm.phase !== 'closed' && (
                      <div className="staff-actions">
                        {alarm.phase !== 'acknowledged' && (
                          <button type="button" className="btn btn-primary" onClick={() => act(client.command('staff.acknowledge', { token, alarmId: alarm.id }))}>
                            {t('staff.acknowledge')}
                          </button>
                        )}
                        <button type="button" className="btn" onClick={() => act(client.command('staff.close', { token, alarmId: alarm.id, outcome: 'resolved' }))}>
                          {t('staff.resolved')}
                        </button>
                        <button type="button" className="btn" onClick={() => act(client.command('staff.close', { token, alarmId: alarm.id, outcome: 'false-alarm' }))}>
                          {t('staff.falseAlarm')}
                        </button>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </section>
            <HelpRequests token={token} />
            {reminderActive && (
              <button type="button" className="btn btn-primary" onClick={() => act(client.command('identity.dismissReminder', { token }))}>
                <span aria-hidden="true">🪪</span> {t('staff.dismissCardReminder')}
              </button>
            )}
            <section className="section" aria-labelledby="staff-health">
              <h2 id="staff-health">
                <span aria-hidden="true">🩺</span>
                {t('staff.health')}
              </h2>
              <ul className="staff-health" data-testid="staff-health">
                {health.map((c) => (
                  <li key={c.id} data-state={c.state}>
                    <span aria-hidden="true">{STATE_ICON[c.state]}</span> {t(`staff.state.${c.state}`)} · {pick(c.message, language)}
                  </li>
                ))}
              </ul>
            </section>
            <button type="button" className="btn" onClick={() => setVoiceOpen(true)} data-testid="staff-voice">
              <span aria-hidden="true">🎙️</span> {t('voiceStaff.entry')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
