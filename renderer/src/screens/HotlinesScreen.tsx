import { useTranslation } from 'react-i18next';
import type { Hotline } from '../../../main/content/schema.ts';
import { useApp } from '../app/context.ts';
import { groupDigits } from '../app/digits.ts';
import { pick } from '../app/localized.ts';
import { useCommand } from '../app/useCommand.ts';
import { ScreenFrame } from '../components/ScreenFrame.tsx';
import { Section } from '../components/Section.tsx';
import { StatusNotice } from '../components/StatusNotice.tsx';

function Line({ line }: { line: Hotline }) {
  const { t } = useTranslation();
  const { language } = useApp();
  return (
    <li className="hotline">
      <p className="hotline-name">{pick(line.name, language)}</p>
      <p className="hotline-number">
        <span aria-hidden="true">📞</span> {groupDigits(line.number)}
      </p>
      <p>{pick(line.when, language)}</p>
      {line.hours && <p className="status-line">{t('hotlines.hours', { hours: pick(line.hours, language) })}</p>}
    </li>
  );
}

/** 便民电话: numbers to read, large, grouped with the emergency ones first. The kiosk does not dial. */
export function HotlinesScreen() {
  const { t } = useTranslation();
  const { language } = useApp();
  const loaded = useCommand('hotlines.list', {});
  return (
    <ScreenFrame id="hotlines" title={t('hotlines.title')} ready={loaded.state === 'ready'}>
      <p className="summary-lead">{t('hotlines.lead')}</p>
      <StatusNotice loaded={loaded} />
      {loaded.state === 'ready' &&
        loaded.data.groups.map((g) => (
          <Section key={g.id} icon={g.icon} title={pick(g.title, language)}>
            <ul className="hotline-list">
              {g.lines.map((line) => (
                <Line key={line.number} line={line} />
              ))}
            </ul>
          </Section>
        ))}
    </ScreenFrame>
  );
}
