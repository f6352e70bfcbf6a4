import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupDigits } from '../app/digits.ts';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { DigitPad } from '../keyboard/DigitPad.tsx';
import { PinyinPad } from '../keyboard/PinyinPad.tsx';

type Mode = 'digits' | 'pinyin';
const MODES = [
  { mode: 'digits', icon: '🔢', label: 'keyboard.digits' },
  { mode: 'pinyin', icon: '🔤', label: 'keyboard.pinyin' },
] as const;

/** Room for a landline with area code and extension; more is a mistake, not a number. */
const MAX_DIGITS = 16;
const MAX_NOTE = 60;

/**
 * The on-screen keyboard on its own, to try out (and to test): a phone number on the digit pad,
 * a short note in pinyin. Nothing here depends on a system keyboard or input method.
 */
export function KeyboardScreen() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('digits');
  const [phone, setPhone] = useState('');
  const [note, setNote] = useState('');
  const digits = mode === 'digits';
  const value = digits ? groupDigits(phone) : note;
  return (
    <ScreenFrame id="keyboard" title={t('keyboard.title')} ready wide>
      <div className="keyboard" data-mode={mode}>
        <div className="keyboard-side">
          <div className="mode-switch" role="group" aria-label={t('keyboard.title')} data-testid="keyboard-mode">
            {MODES.map((m) => (
              <button key={m.mode} type="button" className="btn choice inline-choice" aria-pressed={m.mode === mode} onClick={() => setMode(m.mode)}>
                <span aria-hidden="true">{m.mode === mode ? '✓' : m.icon}</span> {t(m.label)}
              </button>
            ))}
          </div>
          <label className="typed-label" htmlFor="typed">
            {digits ? t('keyboard.phoneLabel') : t('keyboard.noteLabel')}
          </label>
          <output id="typed" className="typed" data-testid="typed" data-empty={value === '' ? 'true' : 'false'}>
            {value || (digits ? t('keyboard.phoneEmpty') : '…')}
          </output>
        </div>
        {digits ? (
          <DigitPad
            onDigit={(d) => setPhone((p) => (p.length < MAX_DIGITS ? p + d : p))}
            onDelete={() => setPhone((p) => p.slice(0, -1))}
            onClear={() => setPhone('')}
          />
        ) : (
          <PinyinPad
            onText={(text) => setNote((n) => (n.length < MAX_NOTE ? n + text : n))}
            onDelete={() => setNote((n) => [...n].slice(0, -1).join(''))}
            onClear={() => setNote('')}
          />
        )}
      </div>
    </ScreenFrame>
  );
}
