import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoiceStateView } from '../../../main/api/voice.ts';
import type { VoiceIntent } from '../../../main/content/schema.ts';
import { assistOutcome } from '../assist/outcome.ts';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { repeatSummary, requestSpeech, stopSpeech } from '../app/speech.ts';
import { reportActivity } from '../app/useIdle.ts';
import { useSecondsUntil } from '../app/useSecondsUntil.ts';
import { htmlLang } from '../i18n.ts';
import { playListeningCue } from './cue.ts';
import { voiceView } from './voice-state.ts';
import './voice.css';

/** How long "我听到了：…" stays up: long enough to read slowly. */
const NOTE_MS = 6000;

/** The touch path's own words when the same thing fails there (SosPress, AssistEntries). */
const failedLine = (failed: NonNullable<VoiceStateView['failed']>): string => (failed === 'emergency' ? 'emergency.triggerFailed' : 'assist.failed');

const SCREEN_FOR: Partial<Record<VoiceIntent, 'guide-categories' | 'notices' | 'hotlines'>> = {
  guides: 'guide-categories',
  notices: 'notices',
  hotlines: 'hotlines',
};

/**
 * The spoken conversation on screen: the listening panel with its countdown and "我听到了：…",
 * the yes/no question before a consequential command (answerable by voice or by touch), and what
 * a command did. Every line shown is also said, so nobody has to read to use voice.
 */
export function VoiceLayer() {
  const { t } = useTranslation();
  const { client, dispatch, language, settings } = useApp();
  const view = voiceView.use();
  const seconds = useSecondsUntil(view?.state === 'idle' ? undefined : view?.deadline);
  const lang = htmlLang[language];
  const say = (text: string): void => requestSpeech({ text, lang });
  const sayRef = useRef(say);
  sayRef.current = say;

  // Cues and spoken lines follow the core's state changes (each has its own seq).
  useEffect(() => {
    if (!view) return;
    if (view.cue !== 'idle' && view.cue !== 'closed') reportActivity();
    const speak = sayRef.current;
    const heard = view.heard ? pick(view.heard.label, language) : '';
    switch (view.cue) {
      case 'listening':
        // The person is about to speak: the kiosk stops talking over them.
        stopSpeech();
        playListeningCue(settings.volume);
        return;
      case 'asking':
        if (view.intent) speak(t(`voice.ask.${view.intent}`));
        return;
      case 'not-understood':
        speak(`${t('voice.notUnderstood')} ${examplesLine(view.examples.map((e) => pick(e, language)), t)}`);
        return;
      case 'understood':
        // A help phrase is shown, never said back: the kiosk hears itself, and a help phrase counts
        // even while it speaks, so "我听到了：救命" would raise the alarm again, and again.
        if (heard && view.state === 'idle' && !view.intent) speak(view.heard?.role === 'help' ? t('voice.heardHelp') : t('voice.heard', { label: heard }));
        return;
      case 'failed':
        if (view.failed) speak(t(failedLine(view.failed)));
        return;
      default:
        return;
    }
    // The seq is the change; the rest is read from `view` as it was then.
  }, [view?.seq]);

  // "我听到了" and "没有听清楚" are notes, not panels: they step aside after a few seconds.
  const [shownSeq, setShownSeq] = useState<number | null>(null);
  useEffect(() => {
    if (!view || (view.cue !== 'understood' && view.cue !== 'not-understood' && view.cue !== 'failed')) return;
    setShownSeq(view.seq);
    const timer = setTimeout(() => setShownSeq(null), NOTE_MS);
    return () => clearTimeout(timer);
  }, [view?.seq]);
  const note = view !== null && shownSeq === view.seq;

  useEffect(
    () =>
      client.on('voice.intent', ({ intent, ticket }) => {
        const speak = sayRef.current;
        const screen = SCREEN_FOR[intent];
        if (screen) dispatch({ type: 'open', screen: { name: screen } });
        else if (intent === 'home') dispatch({ type: 'home' });
        else if (intent === 'repeat') repeatSummary();
        else if (intent === 'louder' || intent === 'slower') speak(t(`voice.done.${intent}`));
        else if (intent === 'queue' && ticket !== undefined) assistOutcome.set({ kind: 'ticket', number: ticket });
        else if (intent === 'call-staff') assistOutcome.set({ kind: 'staff-called' });
      }),
    [client, dispatch, t],
  );

  const answer = (yes: boolean): void => void client.command('voice.answer', { yes }).catch(() => undefined);
  const close = (): void => void client.command('voice.close').catch(() => undefined);

  if (view?.state === 'confirming' && view.intent) {
    return (
      <div className="voice-panel" role="alertdialog" aria-live="assertive" data-testid="voice-confirm">
        <p className="voice-panel-title">
          <span aria-hidden="true">❓</span> {t(`voice.ask.${view.intent}`)}
        </p>
        <div className="voice-actions">
          <button type="button" className="btn btn-primary" onClick={() => answer(true)} data-testid="voice-yes">
            <span aria-hidden="true">✔</span> {t('voice.yes')}
          </button>
          <button type="button" className="btn" onClick={() => answer(false)} data-testid="voice-no">
            <span aria-hidden="true">✖</span> {t('voice.no')}
          </button>
        </div>
      </div>
    );
  }
  if (view?.state === 'listening') {
    const examples = view.examples.map((e) => pick(e, language));
    return (
      <div className="voice-panel" role="status" aria-live="polite" data-testid="voice-listening">
        <p className="voice-panel-title">
          <span aria-hidden="true" className="voice-pulse">🎤</span> {t('voice.listening')}
        </p>
        {seconds !== undefined && <p className="voice-countdown">{t('voice.secondsLeft', { seconds })}</p>}
        {examples.length > 0 && <p className="voice-examples">{examplesLine(examples, t)}</p>}
        <button type="button" className="btn" onClick={close}>
          <span aria-hidden="true">✖</span> {t('voice.stop')}
        </button>
      </div>
    );
  }
  // An alarm that did not go out stays in view until something else happens, like SosPress's notice.
  if (view?.cue === 'failed' && view.failed && (note || view.failed === 'emergency')) {
    return (
      <p className="voice-panel voice-note" role="alert" data-testid="voice-failed">
        <span aria-hidden="true">⚠️</span> {t(failedLine(view.failed))}
      </p>
    );
  }
  if (note && view.cue === 'not-understood') {
    return (
      <p className="voice-panel voice-note" role="status" data-testid="voice-not-understood">
        {t('voice.notUnderstood')}
      </p>
    );
  }
  if (note && view.heard && view.cue === 'understood') {
    return (
      <p className="voice-panel voice-note" role="status" data-testid="voice-heard">
        {t('voice.heard', { label: pick(view.heard.label, language) })}
      </p>
    );
  }
  return null;
}

function examplesLine(examples: readonly string[], t: TFunction): string {
  return examples.length > 0 ? t('voice.examples', { list: examples.join('、') }) : '';
}
