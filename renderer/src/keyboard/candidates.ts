/** Syllable (ü typed as v) → characters that read that way, most likely first. */
export type PinyinTable = Readonly<Record<string, string>>;

/** Enough for several pages; beyond that a longer pinyin finds the character sooner than paging. */
const MAX_CANDIDATES = 64;

/**
 * Candidates for what has been typed so far: the syllable itself first, then — so a half-typed
 * "zh" already offers 这, 中, 住 — the syllables it begins, taking the likeliest of each in turn.
 */
export function candidatesFor(typed: string, table: PinyinTable): string[] {
  if (!typed) return [];
  const out = [...(table[typed] ?? '')];
  const longer = Object.keys(table)
    .filter((syllable) => syllable !== typed && syllable.startsWith(typed))
    .map((syllable) => [...table[syllable]!]);
  for (let rank = 0; out.length < MAX_CANDIDATES && longer.some((chars) => rank < chars.length); rank++) {
    for (const chars of longer) if (rank < chars.length) out.push(chars[rank]!);
  }
  return [...new Set(out)].slice(0, MAX_CANDIDATES);
}
