import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { htmlLang, languageNames, languages } from '../i18n.ts';

/** 简体 / 繁體 / English, each in its own script; the one in use is ticked and filled. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useApp();
  return (
    <div className="language-switch" role="group" aria-label={t('frame.languages')}>
      {languages.map((code) => (
        <button
          key={code}
          type="button"
          className="btn choice inline-choice"
          lang={htmlLang[code]}
          aria-pressed={code === language}
          onClick={() => setLanguage(code)}
        >
          {code === language && <span aria-hidden="true">✓</span>}
          {languageNames[code]}
        </button>
      ))}
    </div>
  );
}
