import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { useCommand } from '../app/useCommand.ts';
import { Entry } from '../components/Entry.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';

export function GuideCategoriesScreen() {
  const { t } = useTranslation();
  const { dispatch, language } = useApp();
  const loaded = useCommand('guides.categories', {});
  return (
    <ScreenFrame id="guide-categories" title={t('guides.categoriesTitle')} ready={loaded.state === 'ready'}>
      <p className="summary-lead">{t('guides.pick')}</p>
      <StatusNotice loaded={loaded} />
      {loaded.state === 'ready' && (
        <ul className="entry-list">
          {loaded.data.categories
            .filter((c) => c.guideCount > 0)
            .map((c) => (
              <Entry
                key={c.id}
                icon={c.icon}
                title={pick(c.title, language)}
                summary={`${pick(c.summary, language)} · ${t('guides.count', { count: c.guideCount })}`}
                onSelect={() => dispatch({ type: 'open', screen: { name: 'guide-list', category: c.id } })}
              />
            ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
