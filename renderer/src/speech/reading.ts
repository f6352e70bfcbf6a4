/**
 * A page's texts joined into the one text the kiosk reads aloud, each starting on a line of its
 * own (a line break is a full stop's breath), with where each begins, so the part being said can
 * be highlighted in place.
 */
export interface Reading {
  text: string;
  /** Offset of each block in `text`. */
  at: number[];
}

export function composeReading(blocks: readonly string[]): Reading {
  const at: number[] = [];
  let text = '';
  for (const block of blocks) {
    if (text !== '') text += '\n';
    at.push(text.length);
    text += block;
  }
  return { text, at };
}
