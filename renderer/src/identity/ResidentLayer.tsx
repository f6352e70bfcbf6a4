import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { useSecondsUntil } from '../app/useSecondsUntil.ts';
import { Dialog } from '../components/Dialog.tsx';
import { openStaffPanel } from '../emergency/staff-panel-state.ts';
import { requestSpeech } from '../app/speech.ts';
import { useEmergency } from '../emergency/useEmergency.ts';
import { htmlLang } from '../i18n.ts';
import { CardProblemNotice, CardReminderLayer } from './CardNotices.tsx';
import { GreetingPanel, SessionBar } from './GreetingPanel.tsx';
import { offerStaffCardToken } from './staff-card.ts';
import { useActivityReport } from './useActivityReport.ts';
import { useResident } from './useResident.ts';
import './identity.css';

/**
 * Everything the ID-card reader puts on the screen, mounted once beside the screens: the greeting
 * for a resident who laid a card down (folded into a bar while they use the kiosk), the question
 * before a lifted session ends, "请取回您的身份证" for a card left behind, and the reader's word
 * when a card could not be read. A staff member's card opens the staff panel.
 *
 * The attract screen stands between visits, so no session is shown over it: one still open when
 * the screen went back there has ended, whatever the core has yet to say — and stays hidden
 * after, should the core never hear of it (its `identity.done` lost on a dropped link), until a
 * card is laid down again. Laying a card down there starts a visit and brings the screen out
 * (`onCardLaid`).
 */
export function ResidentLayer({ attract, onCardLaid }: { attract: boolean; onCardLaid(): void }) {
  const { t } = useTranslation();
  const { client, dispatch, language } = useApp();
  const resident = useResident();
  const { reminder, reminderSeq, problem } = resident;
  const [dismissed, setDismissed] = useState<string | undefined>();
  useEffect(() => {
    if (attract) setDismissed(resident.session?.sessionId);
  }, [attract]);
  const session = attract || resident.session?.sessionId === dismissed ? null : resident.session;
  const { alarm } = useEmergency();
  const alarmOpen = alarm !== null && alarm.phase !== 'closed';
  const [expanded, setExpanded] = useState(true);
  const secondsLeft = useSecondsUntil(session?.endsAt) ?? 0;
  const say = useCallback((text: string) => !alarmOpen && requestSpeech({ text, lang: htmlLang[language] }), [alarmOpen, language]);

  useActivityReport(session !== null);

  // Laying the card down (a new session, or the same card back) opens the greeting and says it.
  const sessionId = resident.session?.sessionId;
  const onReader = resident.session?.cardOnReader === true;
  useEffect(() => {
    const session = resident.session;
    if (!session || !onReader) return;
    setDismissed(undefined);
    onCardLaid();
    setExpanded(true);
    say(`${pick(session.greeting, language)} ${session.expiry === 'expired' ? t('identity.expired') : ''}`.trim());
  }, [sessionId, onReader]);

  const ending = session?.endsAt !== undefined;
  useEffect(() => {
    if (ending) say(t('identity.endingSpoken'));
  }, [ending]);

  const reminding = reminder?.active === true;
  useEffect(() => {
    if (reminding && reminder) say(t('identity.reminderSpoken', { where: pick(reminder.where, language) }));
  }, [reminderSeq, reminding]);

  useEffect(() => {
    if (problem) say(pick(problem.message, language));
  }, [problem]);

  useEffect(
    () =>
      client.on('identity.staff-card', ({ token }) => {
        offerStaffCardToken(token);
        openStaffPanel();
      }),
    [client],
  );

  const done = (): void => {
    void client.command('identity.done').catch(() => undefined);
    dispatch({ type: 'home' });
  };
  const moreTime = (): void => void client.command('identity.activity').catch(() => undefined);

  return (
    <>
      {session && expanded && (
        <GreetingPanel
          key={session.sessionId}
          session={session}
          onOpenGuide={(id) => {
            setExpanded(false);
            dispatch({ type: 'open', screen: { name: 'guide', id } });
          }}
          onContinue={() => setExpanded(false)}
          onDone={done}
        />
      )}
      {session && !expanded && <SessionBar session={session} onExpand={() => setExpanded(true)} onDone={done} />}
      {session && ending && (
        <Dialog icon="⏰" title={t('identity.stillHere')} role="alertdialog" testId="resident-ending" action={{ icon: '👍', label: t('identity.moreTime'), onPress: moreTime }}>
          <p className="countdown">
            <span className="countdown-number">{secondsLeft}</span>
            <span>{t('identity.endingBody', { seconds: secondsLeft })}</span>
          </p>
        </Dialog>
      )}
      {reminding && reminder && <CardReminderLayer reminder={reminder} />}
      {!reminding && <CardProblemNotice problem={problem} />}
    </>
  );
}
