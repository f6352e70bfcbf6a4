/**
 * Design tokens: the only source of sizes and colours in the renderer. Components and
 * styles.css use them through the CSS custom properties `cssVariables()` produces; nothing else
 * in the renderer names a pixel size or a colour.
 *
 * Thresholds (facts/a11y.md, in CSS px of a 1080p panel: see DESIGN_SHORT_SIDE): body text ≥ 28 px at arm's length, nothing under 24 px,
 * line height ≥ 1.5, tap targets ≥ 88×88 with ≥ 16 px between, text contrast ≥ 7:1 (WCAG AAA).
 * We beat them with margin, since the kiosk's users often see less than the standard assumes.
 */

export const fontSize = {
  /** Secondary lines (dates, counts). Still above the 24 px floor. */
  small: 28,
  body: 32,
  button: 36,
  heading: 40,
  title: 48,
  hero: 60,
} as const;

export const lineHeight = { body: 1.6, heading: 1.35 } as const;

export const space = { xs: 8, s: 16, m: 24, l: 32, xl: 48 } as const;

export const target = {
  /** Smallest tap target anywhere. */
  min: 96,
  /** Big entries on the home screen and category lists. */
  large: 160,
  /** Gap between neighbouring targets. */
  gap: 24,
} as const;

export const radius = { s: 12, m: 20 } as const;

/** Widths that keep lines readable and keyboards within reach on a wide landscape screen. */
export const layout = {
  /** About 40 characters of body text per line at 100%. */
  reading: 1400,
  keyboard: 1040,
  /** The narrowest an entry (icon, title, one line) gets before a list of them goes to one column; scaled with the text. */
  entry: 620,
  /** The guide QR code: big enough for an old phone camera at arm's length. */
  qr: 520,
} as const;

/** Stacking, lowest first. The emergency layer (renderer/src/emergency) sits above all of these. */
export const layer = { frame: 1, dialog: 5 } as const;

export const borderWidth = { normal: 3, focus: 6 } as const;

/** Text-size choices in the elder settings, as multipliers. */
export const textScales = [1, 1.25, 1.5] as const;

const emoji = '"Noto Color Emoji", "Segoe UI Emoji"';

/**
 * Per language, because Han unification lets one code point take a region's glyph shapes: the
 * family is named explicitly so Traditional text gets Hong Kong forms, not Simplified ones.
 */
export const fontFamilies = {
  zh: `"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif, ${emoji}`,
  'zh-Hant': `"Noto Sans CJK HK", "Noto Sans HK", "Source Han Sans HC", "PingFang HK", "Microsoft JhengHei", sans-serif, ${emoji}`,
  en: `"Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif, ${emoji}`,
} as const;

/** A QR code stays dark on light in every theme: inverted codes defeat many phone scanners. */
export const qrColors = { dark: '#000000', light: '#FFFFFF' } as const;

export interface Palette {
  background: string;
  surface: string;
  text: string;
  textMuted: string;
  border: string;
  primary: string;
  onPrimary: string;
  accent: string;
  focus: string;
  danger: string;
  onDanger: string;
  ok: string;
  /** Behind a dialog: dims the screen so the dialog stands out, without hiding where one was. */
  scrim: string;
}

/** Every text/background pair here is ≥ 7:1 (checked by test/unit/renderer/tokens.test.ts). */
export const palettes: Record<'normal' | 'high-contrast', Palette> = {
  normal: {
    background: '#FBF8F1',
    surface: '#FFFFFF',
    text: '#1B1B1B',
    textMuted: '#3D3D3D',
    border: '#4A4A4A',
    primary: '#0A4478',
    onPrimary: '#FFFFFF',
    accent: '#7A3E00',
    focus: '#B35900',
    danger: '#9E0B0F',
    onDanger: '#FFFFFF',
    ok: '#1E5C1E',
    scrim: 'rgba(0, 0, 0, 0.6)',
  },
  'high-contrast': {
    background: '#000000',
    surface: '#121212',
    text: '#FFFFFF',
    textMuted: '#E6E6E6',
    border: '#FFFFFF',
    primary: '#FFE45C',
    onPrimary: '#000000',
    accent: '#8FD3FF',
    focus: '#8FD3FF',
    danger: '#FF9C9C',
    onDanger: '#000000',
    ok: '#9BEA9B',
    scrim: 'rgba(0, 0, 0, 0.8)',
  },
};

export type ThemeName = keyof typeof palettes;

/**
 * The sizes above are CSS px on the panel they were chosen for, 1080 px on its short side (a 21.5"
 * 1080p screen, facts/a11y.md §6.3). A hall's screen is a 15–32" panel whatever its resolution —
 * a 1366×768 panel has bigger pixels, not more room — so every size is drawn in `--unit`, the
 * short side over 1080: the same layout on any of them, and targets of 17 mm or more (a 15.6"
 * 1366×768 panel is the smallest; 96 × 0.71 px of 0.25 mm), where fixed px on a 768-high panel
 * left a sliver of content between the bars at 150 % text and pushed 取消呼叫 off the screen. A
 * small tablet would get smaller targets than facts/a11y.md asks; it is not a hall kiosk. Clamped
 * below at 0.7 (a 768-high panel), so a smaller window scrolls rather than shrinking further.
 */
export const DESIGN_SHORT_SIDE = 1080;
const UNIT = `clamp(0.7px, calc(min(100vw, 100vh) / ${DESIGN_SHORT_SIDE}), 2px)`;

const px = (n: number, scaled: boolean): string => (scaled ? `calc(${n} * var(--unit) * var(--text-scale))` : `calc(${n} * var(--unit))`);
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export type FontLanguage = keyof typeof fontFamilies;

/** The custom properties for one theme, text scale and language, set on the document root. */
export function cssVariables(theme: ThemeName, scale: number, language: FontLanguage = 'zh'): Record<string, string> {
  const vars: Record<string, string> = { '--unit': UNIT, '--text-scale': String(scale), '--font-family': fontFamilies[language] };
  for (const [k, v] of Object.entries(fontSize)) vars[`--font-${k}`] = px(v, true);
  // Unscaled, for the text-size choices, which each show their own size whatever is chosen now.
  vars['--font-body-unscaled'] = px(fontSize.body, false);
  for (const [k, v] of Object.entries(lineHeight)) vars[`--line-${k}`] = String(v);
  for (const [k, v] of Object.entries(space)) vars[`--space-${k}`] = px(v, false);
  for (const [k, v] of Object.entries(target)) vars[`--target-${k}`] = px(v, false);
  for (const [k, v] of Object.entries(radius)) vars[`--radius-${k}`] = px(v, false);
  for (const [k, v] of Object.entries(borderWidth)) vars[`--border-${k}`] = px(v, false);
  for (const [k, v] of Object.entries(layout)) vars[`--layout-${k}`] = px(v, false);
  for (const [k, v] of Object.entries(layer)) vars[`--layer-${k}`] = String(v);
  for (const [k, v] of Object.entries(palettes[theme])) vars[`--color-${kebab(k)}`] = v;
  return vars;
}
