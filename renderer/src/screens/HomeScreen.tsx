import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { longDate } from '../app/dates.ts';
import { AssistEntries } from '../assist/AssistEntries.tsx';
import { Entry } from '../components/Entry.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import type { Screen } from '../app/navigation.ts';

const ENTRIES = [
  { feature: 'guides', icon: '📋', title: 'home.guides', hint: 'home.guidesHint', screen: { name: 'guide-categories' } },
  { feature: 'notices', icon: '📢', title: 'home.notices', hint: 'home.noticesHint', screen: { name: 'notices' } },
  { feature: 'hotlines', icon: '☎️', title: 'home.hotlines', hint: 'home.hotlinesHint', screen: { name: 'hotlines' } },
] as const satisfies readonly { feature: string; icon: string; title: string; hint: string; screen: Screen }[];

/** The kiosk's front page: a greeting, today's date, where you are, and the functions that work now. */
export function HomeScreen() {
  const { t } = useTranslation();
  const { dispatch, kiosk, language } = useApp();
  const today = longDate(new Date(), language, true);
  const features = kiosk?.features ?? [];
  return (
    <ScreenFrame id="home" title={kiosk?.siteName ?? t('app.name')} ready={kiosk !== undefined}>
      {/* One row where the screen is wide enough, so the functions below start high up. */}
      <div className="greeting">
        <p className="welcome">{t('home.welcome')}</p>
        <p className="today">
          <span aria-hidden="true">🗓️</span> {t('home.today', { date: today })}
        </p>
        {kiosk && <p className="place">{kiosk.kioskName}</p>}
      </div>
      <p className="summary-lead">{t('home.question')}</p>
      <ul className="entry-list">
        {ENTRIES.filter((e) => features.includes(e.feature)).map((e) => (
          <Entry key={e.feature} icon={e.icon} title={t(e.title)} summary={t(e.hint)} onSelect={() => dispatch({ type: 'open', screen: e.screen })} />
        ))}
        <AssistEntries />
      </ul>
    </ScreenFrame>
  );
}
