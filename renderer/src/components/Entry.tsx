interface Props {
  icon: string;
  title: string;
  summary?: string;
  onSelect(): void;
}

/** A whole-width tap target: icon, title and one plain line — readable without the icon, and vice versa. */
export function Entry({ icon, title, summary, onSelect }: Props) {
  return (
    <li>
      <button type="button" className="entry" onClick={onSelect}>
        <span className="entry-icon" aria-hidden="true">{icon}</span>
        <span className="entry-text">
          <span className="entry-title">{title}</span>
          {summary && <span className="entry-summary">{summary}</span>}
        </span>
        <span className="entry-arrow" aria-hidden="true">›</span>
      </button>
    </li>
  );
}
