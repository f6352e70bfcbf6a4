import { useTranslation } from 'react-i18next';
import type { Loaded } from '../app/useCommand.ts';

/** What a screen shows while loading or after a failure: words and an icon, never a stack trace. */
export function StatusNotice({ loaded }: { loaded: Loaded<unknown> }) {
  const { t } = useTranslation();
  if (loaded.state === 'ready') return null;
  const [icon, text] =
    loaded.state === 'loading' ? ['⏳', t('status.loading')] : loaded.notFound ? ['🔍', t('status.notFound')] : ['⚠️', t('status.error')];
  return (
    <p className="notice" role="status">
      <span className="notice-icon" aria-hidden="true">{icon}</span>
      <span>{text}</span>
    </p>
  );
}
