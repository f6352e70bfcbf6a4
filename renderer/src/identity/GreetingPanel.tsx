import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentView } from '../../../main/api/identity.ts';
import { useApp } from '../app/context.ts';
import { pick } from '../app/localized.ts';
import { Entry } from '../components/Entry.tsx';

interface Props {
  session: ResidentView;
  onOpenGuide(id: string): void;
  onContinue(): void;
  onDone(): void;
}

/**
 * The greeting when a resident lays their card down: who the kiosk thinks they are (surname,
 * card, masked number), a gentle word if the card has expired, and what their age makes worth
 * looking at — the real guides, nothing promised that is not there.
 */
export function GreetingPanel({ session, onOpenGuide, onContinue, onDone }: Props) {
  const { t } = useTranslation();
  const { language } = useApp();
  const titleId = useId();
  const done = useRef<HTMLButtonElement>(null);
  // preventScroll: the greeting and the card line at the top must open in sight, not scrolled past to 完成.
  useEffect(() => done.current?.focus({ preventScroll: true }), []);
  return (
    <div className="identity-scrim">
      <section className="identity-panel" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="resident-greeting" data-on-reader={session.cardOnReader}>
        <h2 className="identity-greeting" id={titleId}>
          <span aria-hidden="true">👋</span> {pick(session.greeting, language)}
        </h2>
        <p className="identity-card" data-testid="resident-card">
          {t(`identity.cardType.${session.cardType}`)} · <span className="identity-number">{session.maskedNumber}</span>
          {session.expiry === 'long-term' && <> · {t('identity.longTerm')}</>}
        </p>
        {session.expiry === 'expired' && (
          <p className="notice" role="status" data-testid="resident-expired">
            <span className="notice-icon" aria-hidden="true">📅</span>
            <span>{t('identity.expired')}</span>
          </p>
        )}
        {session.eligible.length > 0 && (
          <div className="identity-offers">
            <p className="identity-offers-lead">
              {session.ageBand ? t('identity.forYou', { band: pick(session.ageBand.label, language) }) : t('identity.forYouPlain')}
            </p>
            <ul className="entry-list" data-testid="resident-offers">
              {session.eligible.map((offer) => (
                <Entry key={offer.guideId} icon="📋" title={pick(offer.title, language)} onSelect={() => onOpenGuide(offer.guideId)} />
              ))}
            </ul>
          </div>
        )}
        <div className="layer-foot">
          <button type="button" className="btn btn-wide" onClick={onContinue}>
            <span aria-hidden="true">👉</span> {t('identity.continue')}
          </button>
          <button ref={done} type="button" className="btn btn-primary btn-wide identity-done" onClick={onDone}>
            <span aria-hidden="true">✔</span> {t('identity.done')}
          </button>
        </div>
      </section>
    </div>
  );
}

/** The session, folded away while the person uses the kiosk: their greeting to reopen it, and 完成. */
export function SessionBar({ session, onExpand, onDone }: { session: ResidentView; onExpand(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { language } = useApp();
  return (
    <div className="identity-bar" role="region" aria-label={t('identity.barLabel')} data-testid="resident-bar" data-on-reader={session.cardOnReader}>
      <button type="button" className="btn identity-bar-greeting" onClick={onExpand}>
        <span aria-hidden="true">👋</span> {pick(session.greeting, language)}
      </button>
      <button type="button" className="btn btn-primary identity-bar-done" onClick={onDone}>
        <span aria-hidden="true">✔</span> {t('identity.done')}
      </button>
    </div>
  );
}
