import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TakeView, VoiceStatus } from '../../../../main/api/voice.ts';
import { useApp } from '../../app/context.ts';
import { pick } from '../../app/localized.ts';
import { LevelMeter } from './LevelMeter.tsx';
import { toneMarks } from './pinyin.ts';
import { MIN_TAKES, TEST_SECONDS, faultWords, wavUrl, type Fault } from './words.ts';

type Phrase = VoiceStatus['phrases'][number];
type Busy = 'record' | 'test' | 'save' | 'remove' | null;
export type Result = { kind: 'ok' | 'problem' | 'info'; text: string };

/** How long to wait before asking again for the takes when the screen stopped waiting for a recording. */
const LATE_TAKE_MS = 2_500;

interface Props {
  token: string;
  phrase: Phrase;
  onBack(): void;
  /** Something about the phrase changed in the core (saved, removed): the status is asked for again. */
  onChanged(): void;
  onFault(fault: Fault): void;
}

/**
 * Enrolling one phrase: record takes with a level meter, hear each back, drop the ones the core
 * rejected (silent, clipped, too short or long), try the phrase live, then save it.
 */
export function PhraseRecorder({ token, phrase, onBack, onChanged, onFault }: Props) {
  const { t } = useTranslation();
  const { client, language, settings } = useApp();
  const [takes, setTakes] = useState<TakeView[]>([]);
  const [busy, setBusy] = useState<Busy>(null);
  const [level, setLevel] = useState(-100);
  const [result, setResult] = useState<Result | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [playing, setPlaying] = useState<string | null>(null);
  const audio = useRef<{ element: HTMLAudioElement; url: string } | null>(null);
  const live = useRef(true);
  const takesRef = useRef(takes);
  takesRef.current = takes;
  const phraseId = phrase.id;

  const fail = useCallback(
    (err: unknown): Fault => {
      const fault = faultWords(err, t);
      if (live.current) setResult({ kind: 'problem', text: fault.text });
      onFault(fault);
      return fault;
    },
    [onFault, t],
  );

  const loadTakes = useCallback(() => {
    client.command('voice.enroll.takes', { token, phraseId }).then(
      (r) => live.current && setTakes(r.takes),
      (err: unknown) => live.current && fail(err),
    );
  }, [client, token, phraseId, fail]);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  useEffect(loadTakes, [loadTakes]);

  // Reads only refs and stable values, so the cleanup on leaving the screen may use the first one.
  const stopPlayback = (): void => {
    if (!audio.current) return;
    audio.current.element.pause();
    URL.revokeObjectURL(audio.current.url);
    audio.current = null;
    setPlaying(null);
    // If this never arrives (the screen closed mid-command), the core listens again by itself.
    void client.command('voice.enroll.playing', { token, on: false }).catch(() => undefined);
  };
  useEffect(() => stopPlayback, []);

  const usable = takes.filter((take) => !take.problem).length;
  const enough = usable >= MIN_TAKES;

  const record = async (): Promise<void> => {
    stopPlayback();
    setBusy('record');
    setConfirmRemove(false);
    setLevel(-100);
    setResult({ kind: 'info', text: t('voiceStaff.recording') });
    const off = client.on('voice.level', ({ db }) => setLevel(db));
    try {
      const take = await client.command('voice.enroll.record', { token, phraseId });
      if (!live.current) return;
      const list = [...takesRef.current.filter((x) => x.takeId !== take.takeId), take];
      setTakes(list);
      const n = list.length;
      setResult(
        take.problem
          ? { kind: 'problem', text: t('voiceStaff.takeRejected', { n, problem: pick(take.problem, language) }) }
          : { kind: 'ok', text: t('voiceStaff.takeOk', { n }) },
      );
    } catch (err) {
      const fault = fail(err);
      // The take may still have been recorded after the screen stopped waiting for it.
      if (fault.noAnswer) setTimeout(() => live.current && loadTakes(), LATE_TAKE_MS);
    } finally {
      off();
      if (live.current) {
        setBusy(null);
        setLevel(-100);
      }
    }
  };

  const discard = (take: TakeView): void => {
    if (playing === take.takeId) stopPlayback();
    client.command('voice.enroll.discard', { token, phraseId, takeId: take.takeId }).then(
      () => live.current && setTakes((list) => list.filter((x) => x.takeId !== take.takeId)),
      fail,
    );
  };

  /** The take comes out of the kiosk's own speaker, so the kiosk stops listening first: a 救命 take must not raise an alarm. */
  const play = async (take: TakeView): Promise<void> => {
    stopPlayback();
    const url = wavUrl(take.wav);
    const element = new Audio(url);
    element.volume = settings.volume;
    audio.current = { element, url };
    setPlaying(take.takeId);
    const current = (): boolean => audio.current?.element === element;
    try {
      await client.command('voice.enroll.playing', { token, on: true });
    } catch (err) {
      if (!current()) return;
      stopPlayback();
      fail(err);
      return;
    }
    // Stopped, or another take started, while the core was being told.
    if (!current()) return;
    element.onended = () => {
      if (current()) stopPlayback();
    };
    element.play().catch(() => {
      if (!current()) return;
      stopPlayback();
      setResult({ kind: 'problem', text: t('voiceStaff.playFailed') });
    });
  };

  const test = async (): Promise<void> => {
    stopPlayback();
    setBusy('test');
    setResult({ kind: 'info', text: t('voiceStaff.testing', { seconds: TEST_SECONDS }) });
    try {
      const { heard, problem } = await client.command('voice.enroll.test', { token, phraseId, seconds: TEST_SECONDS });
      if (!live.current) return;
      if (problem) setResult({ kind: 'problem', text: pick(problem, language) });
      else setResult(heard ? { kind: 'ok', text: t('voiceStaff.heard') } : { kind: 'problem', text: t('voiceStaff.notHeard') });
    } catch (err) {
      fail(err);
    } finally {
      if (live.current) setBusy(null);
    }
  };

  const save = async (): Promise<void> => {
    stopPlayback();
    setBusy('save');
    setResult({ kind: 'info', text: t('voiceStaff.wait') });
    try {
      const r = await client.command('voice.enroll.save', { token, phraseId });
      if (!live.current) return;
      if (r.saved) {
        setResult({ kind: 'ok', text: t('voiceStaff.saved') });
        loadTakes();
        onChanged();
      } else {
        setResult({ kind: 'problem', text: t('voiceStaff.saveFailed', { problem: r.problem ? pick(r.problem, language) : '' }) });
      }
    } catch (err) {
      fail(err);
    } finally {
      if (live.current) setBusy(null);
    }
  };

  const remove = async (): Promise<void> => {
    setConfirmRemove(false);
    setBusy('remove');
    try {
      await client.command('voice.enroll.remove', { token, phraseId });
      if (!live.current) return;
      setResult({ kind: 'ok', text: t('voiceStaff.removed') });
      onChanged();
    } catch (err) {
      fail(err);
    } finally {
      if (live.current) setBusy(null);
    }
  };

  const label = pick(phrase.label, language);
  // The phrase is said in Chinese whatever language the screen is in.
  const spoken = language === 'en' ? phrase.label.zh : label;
  const roleLine =
    phrase.role === 'command' && phrase.intent
      ? t('voiceStaff.does', { intent: t(`voiceStaff.intent.${phrase.intent}`) })
      : phrase.role === 'yes' || phrase.role === 'no'
        ? `${t('voiceStaff.group.answer')} · ${t(`voiceStaff.role.${phrase.role}`)}`
        : t(`voiceStaff.group.${phrase.role}`);

  return (
    <div className="vs-recorder" data-testid="vs-recorder" data-phrase={phrase.id}>
      <button type="button" className="btn vs-back" onClick={onBack} disabled={busy === 'record' || busy === 'test'}>
        <span aria-hidden="true">◀</span> {t('voiceStaff.backToList')}
      </button>

      <section className="section vs-say" aria-labelledby="vs-say-heading">
        <h2 id="vs-say-heading">
          <span aria-hidden="true">🗣️</span>
          {t('voiceStaff.say')}
        </h2>
        <p className="vs-say-phrase" lang="zh-CN" data-testid="vs-say-phrase">
          {spoken}
        </p>
        {phrase.pinyin && (
          <p className="vs-say-pinyin" lang="zh-Latn-pinyin">
            {toneMarks(phrase.pinyin)}
          </p>
        )}
        {language === 'en' && <p className="vs-muted">{label}</p>}
        <p className="vs-muted">
          {roleLine} · {phrase.enrolled ? t('voiceStaff.enrolled') : t('voiceStaff.notEnrolled')}
        </p>
        <p className="vs-hint">
          <span aria-hidden="true">👥</span> {t('voiceStaff.dialectHint')}
        </p>
      </section>

      <div className="vs-record-row">
        <button
          type="button"
          className="btn btn-primary vs-record"
          onClick={() => void record()}
          disabled={busy !== null}
          data-testid="vs-record"
        >
          <span aria-hidden="true">{busy === 'record' ? '🔴' : '🎙️'}</span> {t('voiceStaff.record')}
        </button>
        <LevelMeter db={level} active={busy === 'record'} />
      </div>

      <div className="vs-result" aria-live="polite" role="status" data-testid="vs-result" data-kind={result?.kind ?? 'none'}>
        {result && (
          <p className={`notice vs-result-${result.kind}`}>
            <span className="notice-icon" aria-hidden="true">
              {result.kind === 'ok' ? '✅' : result.kind === 'problem' ? '⚠️' : '⏳'}
            </span>
            <span>{result.text}</span>
          </p>
        )}
      </div>

      <section className="section" aria-labelledby="vs-takes-heading">
        <h2 id="vs-takes-heading">
          <span aria-hidden="true">🎧</span>
          {t('voiceStaff.takesHeading')}
        </h2>
        <p data-testid="vs-usable">{t('voiceStaff.usableCount', { usable, min: MIN_TAKES })}</p>
        {takes.length === 0 ? (
          <p className="vs-muted">{t('voiceStaff.noTakes')}</p>
        ) : (
          <ol className="vs-takes" data-testid="vs-takes">
            {takes.map((take, i) => {
              const n = i + 1;
              return (
                <li key={take.takeId} className="vs-take" data-usable={!take.problem} data-testid="vs-take">
                  <p className="vs-take-title">
                    <strong>{t('voiceStaff.takeTitle', { n })}</strong> · {t('voiceStaff.seconds', { seconds: (take.durationMs / 1000).toFixed(1) })} ·{' '}
                    <span className="vs-take-verdict">
                      <span aria-hidden="true">{take.problem ? '❌' : '✅'}</span> {take.problem ? t('voiceStaff.rejected') : t('voiceStaff.usable')}
                    </span>
                  </p>
                  {take.problem && <p className="vs-take-problem">{pick(take.problem, language)}</p>}
                  <div className="vs-actions">
                    <button type="button" className="btn" onClick={() => (playing === take.takeId ? stopPlayback() : void play(take))} aria-pressed={playing === take.takeId}>
                      <span aria-hidden="true">{playing === take.takeId ? '⏹' : '▶'}</span> {t('voiceStaff.play', { n })}
                    </button>
                    <button type="button" className="btn" onClick={() => discard(take)} disabled={busy === 'record' || busy === 'save'}>
                      <span aria-hidden="true">🗑️</span> {t('voiceStaff.discard', { n })}
                    </button>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <div className="vs-actions">
        <button type="button" className="btn" onClick={() => void test()} disabled={!enough || busy !== null} data-testid="vs-test">
          <span aria-hidden="true">👂</span> {t('voiceStaff.test')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={!enough || busy !== null} data-testid="vs-save">
          <span aria-hidden="true">💾</span> {t('voiceStaff.save')}
        </button>
        {phrase.enrolled && !confirmRemove && (
          <button type="button" className="btn vs-danger" onClick={() => setConfirmRemove(true)} disabled={busy !== null} data-testid="vs-remove">
            <span aria-hidden="true">🗑️</span> {t('voiceStaff.remove')}
          </button>
        )}
      </div>
      {confirmRemove && (
        <div className="notice vs-confirm" role="group" aria-labelledby="vs-confirm-text" data-testid="vs-confirm">
          <p id="vs-confirm-text">{t('voiceStaff.removeConfirm', { label })}</p>
          <div className="vs-actions">
            <button type="button" className="btn vs-danger" onClick={() => void remove()}>
              {t('voiceStaff.removeYes')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmRemove(false)} autoFocus>
              {t('voiceStaff.removeNo')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
