import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VoiceStatus } from '../../../../main/api/voice.ts';
import { useApp } from '../../app/context.ts';
import { pick } from '../../app/localized.ts';
import { voiceStatus } from '../voice-state.ts';
import { PhraseRecorder, type Result } from './PhraseRecorder.tsx';
import { toneMarks } from './pinyin.ts';
import { faultWords, type Fault } from './words.ts';
import './voice-staff.css';

type Phrase = VoiceStatus['phrases'][number];
type Group = 'wake' | 'help' | 'cancel' | 'answer' | 'command';

const GROUPS: readonly Group[] = ['wake', 'help', 'cancel', 'answer', 'command'];
const groupOf = (phrase: Phrase): Group => (phrase.role === 'yes' || phrase.role === 'no' ? 'answer' : phrase.role);
const GROUP_ICON: Record<Group, string> = { wake: '👋', help: '🆘', cancel: '✋', answer: '🙆', command: '🧭' };

interface Props {
  token: string;
  onClose(): void;
  /** The staff session ended: back to the PIN. */
  onSignedOut(): void;
}

/**
 * 语音口令, the staff screen for voice: what voice can do right now and why not (in words),
 * every phrase and whether it is enrolled, the recorder for one phrase, and moving the
 * enrolments between kiosks.
 */
export function VoiceStaffScreen({ token, onClose, onSignedOut }: Props) {
  const { t } = useTranslation();
  const { client } = useApp();
  const status = voiceStatus.use();
  const [selected, setSelected] = useState<string | null>(null);
  const [statusFault, setStatusFault] = useState<string | null>(null);

  const refresh = useCallback(() => {
    client.command('voice.status').then(
      (s) => {
        voiceStatus.set(s);
        setStatusFault(null);
      },
      (err: unknown) => setStatusFault(faultWords(err, t).text),
    );
  }, [client, t]);

  useEffect(() => {
    refresh();
    return client.on('voice.status', (s) => voiceStatus.set(s));
  }, [client, refresh]);

  // Stable, so the recorder does not fetch its takes again whenever the staff panel re-renders.
  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;
  const onFault = useCallback((fault: Fault) => {
    if (fault.signedOut) signedOut.current();
  }, []);

  const phrase = selected ? status?.phrases.find((p) => p.id === selected) : undefined;

  return (
    <div className="staff-panel voice-staff" role="dialog" aria-modal="true" aria-labelledby="vs-title" data-testid="voice-staff">
      <header className="topbar">
        <h1 id="vs-title">
          <span aria-hidden="true">🎙️</span> {t('voiceStaff.title')}
        </h1>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          <span aria-hidden="true">◀</span> {t('voiceStaff.back')}
        </button>
      </header>
      <div className="content">
        <div className="vs-body">
          <StatusSection status={status} fault={statusFault} />
          {phrase ? (
            <PhraseRecorder key={phrase.id} token={token} phrase={phrase} onBack={() => setSelected(null)} onChanged={refresh} onFault={onFault} />
          ) : (
            <>
              {status && <PhraseList phrases={status.phrases} onSelect={setSelected} />}
              <TransferSection token={token} onChanged={refresh} onFault={onFault} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function StatusSection({ status, fault }: { status: VoiceStatus | null; fault: string | null }) {
  const { t } = useTranslation();
  const { language } = useApp();
  const enrolled = status?.phrases.filter((p) => p.enrolled).length ?? 0;
  return (
    <section className="section" aria-labelledby="vs-status-heading" data-testid="vs-status">
      <h2 id="vs-status-heading">
        <span aria-hidden="true">🩺</span>
        {t('voiceStaff.statusHeading')}
      </h2>
      {fault && (
        <p className="notice" role="alert">
          <span className="notice-icon" aria-hidden="true">⚠️</span>
          <span>{fault}</span>
        </p>
      )}
      {!status ? (
        !fault && <p>{t('status.loading')}</p>
      ) : (
        <div className="vs-status">
          {status.available ? (
            <p className="vs-status-line" data-testid="vs-available">
              <span aria-hidden="true">✅</span> {t('voiceStaff.working')}
            </p>
          ) : (
            <div className="notice vs-touch-only" data-testid="vs-touch-only">
              <span className="notice-icon" aria-hidden="true">✋</span>
              <div>
                <p className="vs-status-line">{t('voiceStaff.unavailable')}</p>
                {status.reason && <p data-testid="vs-reason">{pick(status.reason, language)}</p>}
              </div>
            </div>
          )}
          <p data-testid="vs-microphone" data-capture={status.capture}>
            <span aria-hidden="true">{status.capture === 'running' ? '🎤' : '🔇'}</span>{' '}
            {t('voiceStaff.microphone', { state: t(`voiceStaff.capture.${status.capture}`) })}
          </p>
          <p>
            <span aria-hidden="true">⚙️</span> {t('voiceStaff.engine', { engine: t(`voiceStaff.engineName.${status.engine}`) })}
            {status.frontEnd && <> · {t('voiceStaff.frontEnd', { frontEnd: t(`voiceStaff.frontEndName.${status.frontEnd}`) })}</>}
          </p>
          <p data-testid="vs-enrolled-count">{t('voiceStaff.enrolledCount', { enrolled, total: status.phrases.length })}</p>
        </div>
      )}
    </section>
  );
}

function PhraseList({ phrases, onSelect }: { phrases: VoiceStatus['phrases']; onSelect(id: string): void }) {
  const { t } = useTranslation();
  const { language } = useApp();
  return (
    <section className="section" aria-labelledby="vs-phrases-heading">
      <h2 id="vs-phrases-heading">
        <span aria-hidden="true">📋</span>
        {t('voiceStaff.phrasesHeading')}
      </h2>
      {GROUPS.map((group) => {
        const members = phrases.filter((p) => groupOf(p) === group);
        if (members.length === 0) return null;
        return (
          <div key={group} className="vs-group" role="group" aria-labelledby={`vs-group-${group}`}>
            <h3 id={`vs-group-${group}`} className="vs-group-title">
              <span aria-hidden="true">{GROUP_ICON[group]}</span> {t(`voiceStaff.group.${group}`)}
            </h3>
            <ul className="vs-phrases">
              {members.map((p) => (
                <li key={p.id}>
                  <button type="button" className="vs-phrase" onClick={() => onSelect(p.id)} data-testid={`vs-phrase-${p.id}`} data-enrolled={p.enrolled}>
                    <span className="vs-phrase-text">
                      <span className="vs-phrase-label">{pick(p.label, language)}</span>
                      {p.pinyin && <span className="vs-muted">{toneMarks(p.pinyin)}</span>}
                      {p.role === 'command' && p.intent && <span className="vs-muted">{t('voiceStaff.does', { intent: t(`voiceStaff.intent.${p.intent}`) })}</span>}
                    </span>
                    <span className="vs-phrase-state" data-enrolled={p.enrolled}>
                      <span aria-hidden="true">{p.enrolled ? '✅' : '⭕'}</span> {p.enrolled ? t('voiceStaff.enrolled') : t('voiceStaff.notEnrolled')}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function TransferSection({ token, onChanged, onFault }: { token: string; onChanged(): void; onFault(fault: Fault): void }) {
  const { t } = useTranslation();
  const { client, language } = useApp();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const inputId = useId();

  const run = async (body: () => Promise<Result>): Promise<void> => {
    setBusy(true);
    setResult({ kind: 'info', text: t('voiceStaff.wait') });
    try {
      setResult(await body());
    } catch (err) {
      const fault = faultWords(err, t);
      setResult({ kind: 'problem', text: fault.text });
      onFault(fault);
    } finally {
      setBusy(false);
    }
  };
  const exportAll = (): Promise<void> =>
    run(async () => {
      const r = await client.command('voice.enrollments.export', { token });
      return { kind: 'ok', text: t('voiceStaff.exported', { count: r.phrases, path: r.path }) };
    });
  const importFile = (): Promise<void> =>
    run(async () => {
      const r = await client.command('voice.enrollments.import', { token, path: path.trim() });
      if (r.problem) return { kind: 'problem', text: t('voiceStaff.importFailed', { problem: pick(r.problem, language) }) };
      onChanged();
      return { kind: 'ok', text: t('voiceStaff.imported', { count: r.imported }) };
    });

  return (
    <section className="section" aria-labelledby="vs-transfer-heading">
      <h2 id="vs-transfer-heading">
        <span aria-hidden="true">💾</span>
        {t('voiceStaff.transferHeading')}
      </h2>
      <div className="vs-transfer">
        <p className="vs-muted">{t('voiceStaff.transferHint')}</p>
        <button type="button" className="btn" onClick={() => void exportAll()} disabled={busy} data-testid="vs-export">
          <span aria-hidden="true">📤</span> {t('voiceStaff.export')}
        </button>
        <label htmlFor={inputId} className="vs-label">
          {t('voiceStaff.importPath')}
        </label>
        <div className="vs-import-row">
          <input
            id={inputId}
            className="vs-input"
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            data-testid="vs-import-path"
          />
          <button type="button" className="btn" onClick={() => void importFile()} disabled={busy || path.trim() === ''} data-testid="vs-import">
            <span aria-hidden="true">📥</span> {t('voiceStaff.import')}
          </button>
        </div>
        <div aria-live="polite" role="status" data-testid="vs-transfer-result" data-kind={result?.kind ?? 'none'}>
          {result && (
            <p className={`notice vs-result-${result.kind}`}>
              <span className="notice-icon" aria-hidden="true">
                {result.kind === 'ok' ? '✅' : result.kind === 'problem' ? '⚠️' : '⏳'}
              </span>
              <span>{result.text}</span>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
