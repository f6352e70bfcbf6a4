import type { ReactNode } from 'react';

/** A boxed part of a page with a heading that reads with or without its picture. */
export function Section({ icon, title, children }: { icon: string; title: string; children: ReactNode }) {
  return (
    <section className="section">
      <h2>
        <span aria-hidden="true">{icon}</span>
        {title}
      </h2>
      {children}
    </section>
  );
}
