import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { ScreenFrame } from '../components/ScreenFrame.tsx';

const FEATURES = [
  { feature: 'guides', icon: '📋', text: 'attract.guides' },
  { feature: 'notices', icon: '📢', text: 'attract.notices' },
  { feature: 'hotlines', icon: '☎️', text: 'attract.hotlines' },
] as const;

/** What every kiosk does, whatever content it has (assist/AssistEntries.tsx). */
const ALWAYS = [
  { key: 'queue', icon: '🎫', text: 'attract.queue' },
  { key: 'callStaff', icon: '🙋', text: 'attract.callStaff' },
] as const;

/**
 * What a passer-by sees while nobody is using the kiosk: what it can do, in big words and
 * pictures, and that one tap anywhere starts. No idle timer runs here.
 */
export function AttractScreen({ onStart }: { onStart(): void }) {
  const { t } = useTranslation();
  const { kiosk } = useApp();
  const features = kiosk?.features ?? [];
  return (
    <ScreenFrame id="attract" title={kiosk?.siteName ?? t('app.name')} ready navigation={false} summary={{ text: t('attract.spoken'), key: 'attract.spoken' }}>
      {/* A tap anywhere here starts; the button is the same thing for those who look for one. */}
      <div className="attract" onClick={onStart}>
        <p className="welcome">{t('home.welcome')}</p>
        <p className="summary-lead">{t('attract.lead')}</p>
        <ul className="attract-list">
          {[...FEATURES.filter((f) => features.includes(f.feature)).map((f) => ({ key: f.feature, icon: f.icon, text: f.text })), ...ALWAYS].map((f) => (
            <li key={f.key}>
              <span className="attract-icon" aria-hidden="true">
                {f.icon}
              </span>
              <span>{t(f.text)}</span>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-primary btn-wide attract-start" data-testid="attract-start">
          <span aria-hidden="true">👆</span> {t('attract.start')}
        </button>
        <p className="place">{t('attract.hint')}</p>
      </div>
    </ScreenFrame>
  );
}
