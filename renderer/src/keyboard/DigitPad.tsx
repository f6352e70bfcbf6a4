import { useTranslation } from 'react-i18next';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

interface Props {
  onDigit(digit: string): void;
  onDelete(): void;
  onClear(): void;
}

/** A telephone-style pad (1 2 3 at the top), big keys, delete and clear beside 0. */
export function DigitPad({ onDigit, onDelete, onClear }: Props) {
  const { t } = useTranslation();
  return (
    <div className="key-grid key-grid-digits" data-testid="digit-pad">
      {DIGITS.map((d) => (
        <button key={d} type="button" className="btn key key-digit" onClick={() => onDigit(d)}>
          {d}
        </button>
      ))}
      <button type="button" className="btn key" onClick={onDelete}>
        <span aria-hidden="true">⌫</span> {t('keyboard.delete')}
      </button>
      <button type="button" className="btn key key-digit" onClick={() => onDigit('0')}>
        0
      </button>
      <button type="button" className="btn key" onClick={onClear}>
        <span aria-hidden="true">✖</span> {t('keyboard.clear')}
      </button>
    </div>
  );
}
