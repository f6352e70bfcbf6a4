import { Converter } from 'opencc-js/cn2t';
import overrides from '../../content/ui/zh-Hant.overrides.json' with { type: 'json' };

/**
 * Traditional Chinese, generated from the Simplified source: the one mechanism behind both the UI
 * strings (scripts/i18n-build.ts, at build) and the content texts (load.ts, at load).
 *
 * Variant: Hong Kong (`hk`, shown as zh-Hant-HK). Residents of a mainland community hall who
 * read Traditional are mostly from Hong Kong and Macau, and later speech in zh-HK is Cantonese,
 * which suits them; `tw` would also turn 身份证 into the Taiwan 身分證 and 里 into 裡. OpenCC's
 * `hk` table over-applies a few glyph-standard variants (説, 户, 衞); the reviewed override file
 * puts back what Hong Kong readers actually see in print.
 */

export interface HantOverride {
  /** Simplified text as written in the source. */
  from: string;
  /** Its reviewed Traditional form, used verbatim. */
  to: string;
  why: string;
}

export const hantOverrides: readonly HantOverride[] = overrides;

const opencc = Converter({ from: 'cn', to: 'hk' });
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A converter that applies `list` before OpenCC, longest match first, and leaves those spans alone. */
export function hantConverter(list: readonly HantOverride[]): (text: string) => string {
  if (list.length === 0) return opencc;
  const table = new Map(list.map((o) => [o.from, o.to]));
  const pattern = new RegExp([...table.keys()].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  return (text) => {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      out += opencc(text.slice(last, match.index)) + table.get(match[0])!;
      last = match.index + match[0].length;
    }
    return out + opencc(text.slice(last));
  };
}

export const toHant = hantConverter(hantOverrides);

/** Key of the generated text in a `{ zh, en }` pair, as the renderer's language code. */
export const HANT = 'zh-Hant';

/**
 * A copy of `value` in which every `{ zh, en }` text also has its generated `zh-Hant`. Applied to
 * everything the loader reads, so no content file ever carries Traditional text by hand.
 */
export function withHant<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withHant) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, withHant(v)] as const);
  const out: Record<string, unknown> = Object.fromEntries(entries);
  if (typeof out.zh === 'string' && typeof out.en === 'string') out[HANT] = toHant(out.zh);
  return out as T;
}
