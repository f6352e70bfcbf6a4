import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import table from '../../../content/ui/generated/pinyin.json';
import { candidatesFor } from './candidates.ts';

/**
 * In alphabetical order, seven to a row: a QWERTY row of ten does not fit 96-px keys with 24-px
 * gaps across a 1080-px portrait screen, and older residents who write pinyin learnt it as an
 * alphabet, not as a typist's layout.
 */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');
/** One row of candidates, on either orientation's layout, leaving the letters their room. */
const PER_PAGE = 7;
/** The longest syllable (zhuang); more letters cannot match anything. */
const MAX_TYPED = 6;

interface Props {
  onText(text: string): void;
  onDelete(): void;
  onClear(): void;
}

/** Pinyin by letter keys, then the character from big candidate buttons, a page at a time. */
export function PinyinPad({ onText, onDelete, onClear }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [page, setPage] = useState(0);
  const candidates = candidatesFor(typed, table);
  const pages = Math.max(1, Math.ceil(candidates.length / PER_PAGE));
  const shown = candidates.slice(page * PER_PAGE, (page + 1) * PER_PAGE);

  const type = (next: string): void => {
    setTyped(next);
    setPage(0);
  };
  const choose = (ch: string): void => {
    onText(ch);
    type('');
  };
  const remove = (): void => (typed ? type(typed.slice(0, -1)) : onDelete());

  return (
    <div className="pinyin-pad" data-testid="pinyin-pad">
      <div className="pinyin-candidates">
        <p className="pinyin-typed" aria-live="polite" data-testid="pinyin-typed">
          {typed ? t('keyboard.pinyinNow', { pinyin: typed }) : t('keyboard.noteEmpty')}
        </p>
        {typed && candidates.length === 0 && <p className="status-line">{t('keyboard.noCandidates')}</p>}
        {shown.length > 0 && (
          <div className="candidate-grid" role="group" aria-label={t('keyboard.candidates')} data-testid="candidates">
            {shown.map((ch) => (
              <button key={ch} type="button" className="btn key candidate" lang="zh-CN" onClick={() => choose(ch)}>
                {ch}
              </button>
            ))}
          </div>
        )}
        <div className="pinyin-actions">
          {pages > 1 && (
            <>
              <button type="button" className="btn" disabled={page === 0} onClick={() => setPage(page - 1)}>
                <span aria-hidden="true">◀</span> {t('keyboard.previous')}
              </button>
              <button type="button" className="btn" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
                {t('keyboard.more')} <span aria-hidden="true">▶</span>
              </button>
            </>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => {
              type('');
              onClear();
            }}
          >
            <span aria-hidden="true">✖</span> {t('keyboard.clear')}
          </button>
        </div>
      </div>
      <div className="key-grid key-grid-letters" role="group" aria-label={t('keyboard.letters')}>
        {LETTERS.map((letter) => (
          <button
            key={letter}
            type="button"
            className="btn key"
            lang="en"
            onClick={() => typed.length < MAX_TYPED && type(typed + letter)}
          >
            {letter}
          </button>
        ))}
        <button type="button" className="btn key key-wide" onClick={remove}>
          <span aria-hidden="true">⌫</span> {t('keyboard.delete')}
        </button>
      </div>
    </div>
  );
}
