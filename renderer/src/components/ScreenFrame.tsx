import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/context.ts';
import { SosButton } from '../emergency/SosButton.tsx';
import { StaffEntry } from '../emergency/StaffEntry.tsx';
import { TalkButton } from '../voice/TalkButton.tsx';
import { SayAgain } from '../speech/SayAgain.tsx';
import { useSpokenSummary, type Summary } from '../speech/useSpokenSummary.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Pager } from './Pager.tsx';

interface Props {
  /** Stable screen id, exposed as data-screen for tests and the benchmark. */
  id: string;
  title: string;
  /** False while the screen's data is still loading. */
  ready: boolean;
  /** 返回 and 首页; off only where there is nowhere to go back to (home, the attract screen). */
  navigation?: boolean;
  /** Use the whole width (the keyboard), not a comfortable reading width. */
  wide?: boolean;
  /** Said when the screen is ready, and by "再听一遍"; absent: `speech.summary.<id>` with the title. */
  summary?: Summary;
  children: ReactNode;
}

/**
 * The frame every screen shares, so everything is always where it was: title with 返回 and 首页
 * at the top; at the bottom, within reach, the text-size control, the languages and the
 * emergency button; 再听一遍 (the screen's summary again) in whichever bar has room. On home,
 * where the title bar has no 首页, its corner holds the staff entry, far from SOS. Not on the
 * attract screen: no idle clock runs there to close a PIN pad left open.
 */
export function ScreenFrame({ id, title, ready, navigation = id !== 'home', wide = false, summary, children }: Props) {
  const { t } = useTranslation();
  const { dispatch } = useApp();
  const bottombar = useFrameBottom();
  useSpokenSummary(id, title, ready, summary);
  return (
    <div className="screen" data-screen={id} data-ready={ready ? 'true' : 'false'}>
      <header className="topbar">
        {navigation && (
          <button type="button" className="btn" onClick={() => dispatch({ type: 'back' })}>
            <span aria-hidden="true">←</span> {t('nav.back')}
          </button>
        )}
        <h1>{title}</h1>
        <SayAgain place="top" />
        {navigation && (
          <button type="button" className="btn btn-primary" onClick={() => dispatch({ type: 'home' })}>
            <span aria-hidden="true">⌂</span> {t('nav.home')}
          </button>
        )}
        {id === 'home' && <StaffEntry />}
      </header>
      <Pager label={title} wide={wide}>
        {children}
      </Pager>
      <footer className="bottombar" ref={bottombar}>
        <div className="bottombar-tools">
          <button
            type="button"
            className="btn settings-entry"
            data-testid="settings-entry"
            onClick={() => dispatch({ type: 'open', screen: { name: 'settings' } })}
          >
            <span aria-hidden="true">👓</span> {t('frame.settings')}
          </button>
          <SayAgain place="bottom" />
          <LanguageSwitch />
        </div>
        <div className="bottombar-sos">
          <TalkButton />
          <SosButton />
        </div>
      </footer>
    </div>
  );
}

/**
 * Publishes how much of the window, from the bottom, the bottom bar (and anything below it)
 * takes, as --frame-bottom: dialogs stop above it, so the emergency button is never covered.
 */
function useFrameBottom() {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const bar = ref.current;
    if (!bar) return;
    const measure = (): void => {
      const bottom = Math.max(0, window.innerHeight - bar.getBoundingClientRect().top);
      document.documentElement.style.setProperty('--frame-bottom', `${bottom}px`);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(bar);
    observer.observe(document.body);
    // Something shown outside the app (the emergency-impaired notice) moves the bar without resizing it or the body.
    const screen = bar.closest('.screen');
    if (screen) observer.observe(screen);
    observer.observe(document.documentElement);
    measure();
    return () => observer.disconnect();
  }, []);
  return ref;
}
