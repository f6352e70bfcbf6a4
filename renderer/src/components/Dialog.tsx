import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Props {
  icon: string;
  title: string;
  children: ReactNode;
  /** The one way out, as a big button at the bottom centre (MIIT: close only top corners or bottom centre). */
  action: { icon: string; label: string; onPress(): void };
  /** For tests and screenshots. */
  testId: string;
  role?: 'dialog' | 'alertdialog';
}

let open = 0;
/** Everything a dialog covers; the bottom bar (languages, text size, emergency) stays usable. */
const COVERED = '.app .topbar, .app .content, .app .pager';

/** The screen behind a dialog takes no taps or focus while it is up. */
function useInertBackground(): void {
  useEffect(() => {
    open++;
    for (const el of document.querySelectorAll(COVERED)) el.setAttribute('inert', '');
    return () => {
      open--;
      if (open === 0) for (const el of document.querySelectorAll(COVERED)) el.removeAttribute('inert');
    };
  }, []);
}

/** A dialog above the screen (and below the emergency layer), large, with one obvious way out. */
export function Dialog({ icon, title, children, action, testId, role = 'dialog' }: Props) {
  const titleId = useId();
  const button = useRef<HTMLButtonElement>(null);
  useInertBackground();
  useEffect(() => button.current?.focus(), []);
  return createPortal(
    <div className="dialog-scrim">
      <div className="dialog" role={role} aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 className="dialog-title" id={titleId}>
          <span aria-hidden="true">{icon}</span> {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <button ref={button} type="button" className="btn btn-primary dialog-action" onClick={action.onPress}>
          <span aria-hidden="true">{action.icon}</span> {action.label}
        </button>
      </div>
    </div>,
    document.body,
  );
}
