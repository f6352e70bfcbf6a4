import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

export interface Choice<T> {
  value: T;
  label: string;
  hint?: string;
  /** Inline style for the label, e.g. the text size it stands for. */
  labelStyle?: CSSProperties;
}

interface Props<T> {
  icon: string;
  legend: string;
  choices: readonly Choice<T>[];
  value: T;
  onChoose(value: T): void;
  testId: string;
}

/** A row of big options; the chosen one is filled, ticked and says "已选", never colour alone. */
export function ChoiceGroup<T extends string | number | boolean>({ icon, legend, choices, value, onChoose, testId }: Props<T>) {
  const { t } = useTranslation();
  return (
    <fieldset className="choice-group" data-testid={testId}>
      <legend>
        <span aria-hidden="true">{icon}</span> {legend}
      </legend>
      <div className="choice-row">
        {choices.map((c) => {
          const chosen = c.value === value;
          return (
            <button
              key={String(c.value)}
              type="button"
              className="btn choice"
              aria-pressed={chosen}
              data-value={String(c.value)}
              onClick={() => onChoose(c.value)}
            >
              <span className="choice-label" style={c.labelStyle}>
                {c.label}
              </span>
              {c.hint && <span className="choice-hint">{c.hint}</span>}
              <span className="choice-state">{chosen && <><span aria-hidden="true">✓</span> {t('settings.selected')}</>}</span>
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
