import { useEffect, useRef } from 'react';
import { useScrollArea } from '../components/Pager.tsx';
import { followPhrase } from './follow.ts';
import { useSpeechState } from './state.ts';

interface Props {
  /** The reader whose speech this text belongs to (ReadAloud's `owner`). */
  owner: string;
  /** Where this text starts in what the reader says (composeReading's `at`). */
  from: number;
  text: string;
}

/**
 * Text on the page that marks the words being read aloud, in place, as they are said. Each new
 * phrase marked is brought into view in the content area (follow.ts), so the reader never has to
 * look for it; if they scrolled away themselves, the next phrase brings them back.
 */
export function SpokenText({ owner, from, text }: Props) {
  const { speaking } = useSpeechState();
  const area = useScrollArea();
  const mark = useRef<HTMLElement>(null);
  const segment = speaking?.owner === owner ? speaking.segment : null;
  const start = segment ? Math.max(0, segment.start - from) : 0;
  const end = segment ? Math.min(text.length, segment.end - from) : 0;
  const marked = start < end;
  useEffect(() => {
    if (marked && mark.current && area?.current) followPhrase(area.current, mark.current);
  }, [marked, start, end, text, area]);
  if (!marked) return <>{text}</>;
  return (
    <>
      {text.slice(0, start)}
      <mark className="spoken-now" data-testid="spoken-now" ref={mark}>
        {text.slice(start, end)}
      </mark>
      {text.slice(end)}
    </>
  );
}
