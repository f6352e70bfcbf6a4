import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { longDate } from '../app/dates.ts';
import { pick } from '../app/localized.ts';
import { useCommand } from '../app/useCommand.ts';
import { Entry } from '../components/Entry.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';
import { noticeIcons } from './noticeKinds.ts';

/** 通知公告: newest first, each with its kind as a picture and a word. */
export function NoticesScreen() {
  const { t } = useTranslation();
  const { dispatch, language } = useApp();
  const loaded = useCommand('notices.list', {});
  return (
    <ScreenFrame id="notices" title={t('notices.title')} ready={loaded.state === 'ready'}>
      <StatusNotice loaded={loaded} />
      {loaded.state === 'ready' && loaded.data.notices.length === 0 && (
        <p className="notice" role="status">
          <span className="notice-icon" aria-hidden="true">📭</span>
          <span>{t('notices.empty')}</span>
        </p>
      )}
      {loaded.state === 'ready' && (
        <ul className="entry-list">
          {loaded.data.notices.map((n) => (
            <Entry
              key={n.id}
              icon={noticeIcons[n.kind]}
              title={pick(n.title, language)}
              summary={`${t(`notices.kind.${n.kind}`)} · ${n.when ? pick(n.when, language) : t('notices.published', { date: longDate(n.published, language) })}`}
              onSelect={() => dispatch({ type: 'open', screen: { name: 'notice', id: n.id } })}
            />
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
