import { useSpeechState } from './state.ts';

interface Props {
  /** The reader whose speech this text belongs to (ReadAloud's `owner`). */
  owner: string;
  /** Where this text starts in what the reader says (composeReading's `at`). */
  from: number;
  text: string;
}

/** Text on the page that marks the words being read aloud, in place, as they are said. */
export function SpokenText({ owner, from, text }: Props) {
  const { speaking } = useSpeechState();
  const segment = speaking?.owner === owner ? speaking.segment : null;
  const start = segment ? Math.max(0, segment.start - from) : 0;
  const end = segment ? Math.min(text.length, segment.end - from) : 0;
  if (start >= end) return <>{text}</>;
  return (
    <>
      {text.slice(0, start)}
      <mark className="spoken-now" data-testid="spoken-now">
        {text.slice(start, end)}
      </mark>
      {text.slice(end)}
    </>
  );
}
