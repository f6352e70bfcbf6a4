import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';

interface Props {
  /** Stable screen id, exposed as data-screen for tests and the benchmark. */
  id: string;
  title: string;
  /** False while the screen's data is still loading. */
  ready: boolean;
  children: ReactNode;
}

/** The frame every screen shares: the same title bar, with 返回 and 首页 always in the same places. */
export function ScreenFrame({ id, title, ready, children }: Props) {
  const { t } = useTranslation();
  const { dispatch } = useApp();
  const isHome = id === 'home';
  return (
    <div className="screen" data-screen={id} data-ready={ready ? 'true' : 'false'}>
      <header className="topbar">
        {!isHome && (
          <button type="button" className="btn" onClick={() => dispatch({ type: 'back' })}>
            <span aria-hidden="true">←</span> {t('nav.back')}
          </button>
        )}
        <h1>{title}</h1>
        {!isHome && (
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'home' })}>
            <span aria-hidden="true">⌂</span> {t('nav.home')}
          </button>
        )}
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
