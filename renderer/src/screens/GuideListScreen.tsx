import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { useCommand } from '../app/useCommand.ts';
import { Entry } from '../components/Entry.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';

export function GuideListScreen({ category }: { category: string }) {
  const { t } = useTranslation();
  const { dispatch, language } = useApp();
  const loaded = useCommand('guides.list', { category });
  const title = loaded.state === 'ready' ? pick(loaded.data.category.title, language) : t('guides.categoriesTitle');
  return (
    <ScreenFrame id="guide-list" title={title} ready={loaded.state === 'ready'}>
      <StatusNotice loaded={loaded} />
      {loaded.state === 'ready' && (
        <ul className="entry-list">
          {loaded.data.guides.map((g) => (
            <Entry
              key={g.id}
              icon={loaded.data.category.icon}
              title={pick(g.title, language)}
              summary={pick(g.summary, language)}
              onSelect={() => dispatch({ type: 'open', screen: { name: 'guide', id: g.id } })}
            />
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
