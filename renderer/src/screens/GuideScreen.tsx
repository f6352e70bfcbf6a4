import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Guide, LocalizedText } from '../../../main/content/schema.ts';
import { useApp } from '../app/context.ts';
import { longDate } from '../app/dates.ts';
import { pick } from '../app/localized.ts';
import { useCommand } from '../app/useCommand.ts';
import { GuideShareDialog } from '../components/GuideShareDialog.tsx';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { Section } from '../components/Section.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';

/** One guide, in the order a person needs it: can I, what to bring, what to do, where, when, cost. */
export function GuideScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { language } = useApp();
  const loaded = useCommand('guides.get', { id });
  const text = (value: LocalizedText): string => pick(value, language);
  const guide: Guide | undefined = loaded.state === 'ready' ? loaded.data.guide : undefined;
  const [sharing, setSharing] = useState(false);
  return (
    <ScreenFrame id="guide" title={guide ? text(guide.title) : t('guides.categoriesTitle')} ready={guide !== undefined}>
      <StatusNotice loaded={loaded} />
      {guide && (
        <>
          <p className="summary-lead">{text(guide.summary)}</p>
          <button type="button" className="btn btn-wide" data-testid="share-guide" onClick={() => setSharing(true)}>
            <span aria-hidden="true">📱</span> {t('guides.share')}
          </button>
          {sharing && <GuideShareDialog guide={guide} onClose={() => setSharing(false)} />}
          <Section icon="🙋" title={t('guides.eligibility')}>
            <p>{text(guide.eligibility)}</p>
          </Section>
          <Section icon="🎒" title={t('guides.materials')}>
            <ul>
              {guide.materials.map((m, i) => (
                <li key={i}>{text(m)}</li>
              ))}
            </ul>
          </Section>
          <Section icon="👣" title={t('guides.steps')}>
            <ol>
              {guide.steps.map((s, i) => (
                <li key={i}>{text(s)}</li>
              ))}
            </ol>
          </Section>
          <Section icon="📍" title={t('guides.where')}>
            <p>{text(guide.where)}</p>
          </Section>
          <Section icon="🕘" title={t('guides.hours')}>
            <p>{text(guide.hours)}</p>
          </Section>
          <Section icon="💰" title={t('guides.fees')}>
            <p>{text(guide.fees)}</p>
          </Section>
          <Section icon="⏱️" title={t('guides.duration')}>
            <p>{text(guide.duration)}</p>
          </Section>
          <Section icon="🧑‍💼" title={t('guides.contact')}>
            <p>{text(guide.contact)}</p>
          </Section>
          {guide.tips.length > 0 && (
            <Section icon="💡" title={t('guides.tips')}>
              <ul>
                {guide.tips.map((tip, i) => (
                  <li key={i}>{text(tip)}</li>
                ))}
              </ul>
            </Section>
          )}
          <p className="status-line">{t('guides.reviewed', { date: longDate(guide.reviewed, language) })}</p>
        </>
      )}
    </ScreenFrame>
  );
}
