import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { useCommand } from '../app/useCommand.ts';
import { Entry } from '../components/Entry.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';

/** The kiosk's front page: a greeting, where you are, today's date, and the functions that work. */
export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const { dispatch } = useApp();
  const info = useCommand('kiosk.info', {});
  const today = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date());
  const features = info.state === 'ready' ? info.data.features : [];
  return (
    <ScreenFrame id="home" title={info.state === 'ready' ? info.data.siteName : t('app.name')} ready={info.state === 'ready'}>
      <p className="welcome">{t('home.welcome')}</p>
      <p className="today">{today}</p>
      {info.state === 'ready' && <p className="place">{info.data.kioskName}</p>}
      <p className="summary-lead">{t('home.question')}</p>
      <ul className="entry-list">
        {features.includes('guides') && (
          <Entry
            icon="📋"
            title={t('home.guides')}
            summary={t('home.guidesHint')}
            onSelect={() => dispatch({ type: 'open', screen: { name: 'guide-categories' } })}
          />
        )}
      </ul>
    </ScreenFrame>
  );
}
