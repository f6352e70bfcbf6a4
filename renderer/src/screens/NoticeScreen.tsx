import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { longDate } from '../app/dates.ts';
import { pick } from '../app/localized.ts';
import { useCommand } from '../app/useCommand.ts';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { Section } from '../components/Section.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';
import { noticeIcons } from './noticeKinds.ts';

/** One notice: what kind, what it says in short paragraphs, then when and where. */
export function NoticeScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { language } = useApp();
  const loaded = useCommand('notices.list', {});
  const notice = loaded.state === 'ready' ? loaded.data.notices.find((n) => n.id === id) : undefined;
  const missing = loaded.state === 'ready' && !notice;
  return (
    <ScreenFrame id="notice" title={notice ? pick(notice.title, language) : t('notices.title')} ready={notice !== undefined}>
      <StatusNotice loaded={missing ? { state: 'error', notFound: true } : loaded} />
      {notice && (
        <>
          <p className="tag">
            <span aria-hidden="true">{noticeIcons[notice.kind]}</span> {t(`notices.kind.${notice.kind}`)}
          </p>
          <div className="paragraphs">
            {notice.body.map((p, i) => (
              <p key={i}>{pick(p, language)}</p>
            ))}
          </div>
          {notice.when && (
            <Section icon="🕘" title={t('notices.when')}>
              <p>{pick(notice.when, language)}</p>
            </Section>
          )}
          {notice.where && (
            <Section icon="📍" title={t('notices.where')}>
              <p>{pick(notice.where, language)}</p>
            </Section>
          )}
          <p className="status-line">{t('notices.published', { date: longDate(notice.published, language) })}</p>
        </>
      )}
    </ScreenFrame>
  );
}
