import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useInertWhile } from '../app/inert.ts';

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

/** Everything a dialog covers; the bottom bar (languages, text size, emergency) stays usable. */
const COVERED = '.app .topbar, .app .content, .app .pager';

/** A dialog above the screen (and below the emergency layer), large, with one obvious way out. */
export function Dialog({ icon, title, children, action, testId, role = 'dialog' }: Props) {
  const titleId = useId();
  const button = useRef<HTMLButtonElement>(null);
  useInertWhile(true, COVERED);
  // Without preventScroll the browser scrolls a dialog taller than the screen to the button at
  // its foot, and the title and question above it open out of sight.
  useEffect(() => button.current?.focus({ preventScroll: true }), []);
  return createPortal(
    <div className="dialog-scrim">
      <div className="dialog" role={role} aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 className="dialog-title" id={titleId}>
          <span aria-hidden="true">{icon}</span> {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="layer-foot">
          <button ref={button} type="button" className="btn btn-primary dialog-action" onClick={action.onPress}>
            <span aria-hidden="true">{action.icon}</span> {action.label}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
