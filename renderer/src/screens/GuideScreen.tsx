import { useMemo, useState } from 'react';
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
import { composeReading } from '../speech/reading.ts';
import { ReadAloud } from '../speech/ReadAloud.tsx';
import { SpokenText } from '../speech/SpokenText.tsx';

interface Part {
  icon: string;
  heading: string;
  body: LocalizedText[];
  /** How the body is shown: one paragraph, or a list (numbered for steps). */
  as: 'p' | 'ul' | 'ol';
}

/** The guide's parts in the order a person needs them: can I, what to bring, what to do, where, when, cost. */
function guideParts(guide: Guide): Part[] {
  const parts: Part[] = [
    { icon: '🙋', heading: 'guides.eligibility', body: [guide.eligibility], as: 'p' },
    { icon: '🎒', heading: 'guides.materials', body: guide.materials, as: 'ul' },
    { icon: '👣', heading: 'guides.steps', body: guide.steps, as: 'ol' },
    { icon: '📍', heading: 'guides.where', body: [guide.where], as: 'p' },
    { icon: '🕘', heading: 'guides.hours', body: [guide.hours], as: 'p' },
    { icon: '💰', heading: 'guides.fees', body: [guide.fees], as: 'p' },
    { icon: '⏱️', heading: 'guides.duration', body: [guide.duration], as: 'p' },
    { icon: '🧑‍💼', heading: 'guides.contact', body: [guide.contact], as: 'p' },
  ];
  if (guide.tips.length > 0) parts.push({ icon: '💡', heading: 'guides.tips', body: guide.tips, as: 'ul' });
  return parts;
}

/** One guide, in the order a person needs it: can I, what to bring, what to do, where, when, cost. */
export function GuideScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { language } = useApp();
  const loaded = useCommand('guides.get', { id });
  const text = (value: LocalizedText): string => pick(value, language);
  const guide: Guide | undefined = loaded.state === 'ready' ? loaded.data.guide : undefined;
  const [sharing, setSharing] = useState(false);
  const owner = `guide:${id}`;
  const parts = useMemo(() => (guide ? guideParts(guide) : []), [guide]);
  // Read aloud: the title, the summary, then each part's heading (so a listener knows where they
  // are) and its texts. `firstText[i]` is the block of part i's first text.
  const { reading, firstText } = useMemo(() => {
    if (!guide) return { reading: undefined, firstText: [] };
    const blocks = [pick(guide.title, language), pick(guide.summary, language)];
    const firstText: number[] = [];
    for (const part of parts) {
      blocks.push(t(part.heading));
      firstText.push(blocks.length);
      blocks.push(...part.body.map((b) => pick(b, language)));
    }
    return { reading: composeReading(blocks), firstText };
  }, [guide, parts, language, t]);
  const spoken = (block: number, value: string) => (reading ? <SpokenText owner={owner} from={reading.at[block]!} text={value} /> : value);
  const title = guide ? text(guide.title) : t('guides.categoriesTitle');
  return (
    <ScreenFrame
      id="guide"
      title={title}
      ready={guide !== undefined}
      summary={guide && { text: t('speech.summary.guide', { title, summary: text(guide.summary) }) }}
    >
      <StatusNotice loaded={loaded} />
      {guide && reading && (
        <>
          <p className="summary-lead">{spoken(1, text(guide.summary))}</p>
          <ReadAloud owner={owner} text={reading.text} />
          <button type="button" className="btn btn-wide" data-testid="share-guide" onClick={() => setSharing(true)}>
            <span aria-hidden="true">📱</span> {t('guides.share')}
          </button>
          {sharing && <GuideShareDialog guide={guide} onClose={() => setSharing(false)} />}
          {parts.map((part, i) => {
            const body = part.body.map((b, j) => spoken(firstText[i]! + j, text(b)));
            return (
              <Section key={part.heading} icon={part.icon} title={t(part.heading)}>
                {part.as === 'p' ? (
                  <p>{body[0]}</p>
                ) : (
                  <part.as>
                    {body.map((b, j) => (
                      <li key={j}>{b}</li>
                    ))}
                  </part.as>
                )}
              </Section>
            );
          })}
          <p className="status-line">{t('guides.reviewed', { date: longDate(guide.reviewed, language) })}</p>
        </>
      )}
    </ScreenFrame>
  );
}
