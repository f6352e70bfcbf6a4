import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cssVariables, fontFamilies, fontSize, lineHeight, palettes, target } from '../../../renderer/src/theme/tokens.ts';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('design tokens', () => {
  it('meet the size floors: text ≥ 24 px (body ≥ 28), line height ≥ 1.5, targets ≥ 88 px with ≥ 16 px gaps', () => {
    expect(Math.min(...Object.values(fontSize))).toBeGreaterThanOrEqual(24);
    expect(fontSize.body).toBeGreaterThanOrEqual(28);
    expect(lineHeight.body).toBeGreaterThanOrEqual(1.5);
    expect(target.min).toBeGreaterThanOrEqual(88);
    expect(target.gap).toBeGreaterThanOrEqual(16);
  });

  for (const [name, p] of Object.entries(palettes)) {
    it(`${name}: every text colour on every surface it sits on is at least 7:1`, () => {
      const pairs: [string, string, string][] = [
        ['text/background', p.text, p.background],
        ['text/surface', p.text, p.surface],
        ['textMuted/background', p.textMuted, p.background],
        ['textMuted/surface', p.textMuted, p.surface],
        ['onPrimary/primary', p.onPrimary, p.primary],
        ['onDanger/danger', p.onDanger, p.danger],
        ['accent/surface', p.accent, p.surface],
        ['ok/surface', p.ok, p.surface],
      ];
      for (const [label, fg, bg] of pairs) expect(contrast(fg, bg), label).toBeGreaterThanOrEqual(7);
    });
  }

  it('scales text with the elder text-size setting but not spacing or targets, and everything with the screen', () => {
    const vars = cssVariables('normal', 1.5);
    expect(vars['--font-body']).toBe('calc(32 * var(--unit) * var(--text-scale))');
    expect(vars['--text-scale']).toBe('1.5');
    expect(vars['--target-min']).toBe('calc(96 * var(--unit))');
    expect(vars['--unit']).toBe('clamp(0.7px, calc(min(100vw, 100vh) / 1080), 2px)');
  });

  it('names the font for each language, so Traditional gets Hong Kong glyphs and Simplified mainland ones', () => {
    expect(cssVariables('normal', 1, 'zh')['--font-family']).toMatch(/^"Noto Sans CJK SC"/);
    expect(cssVariables('normal', 1, 'zh-Hant')['--font-family']).toMatch(/^"Noto Sans CJK HK"/);
    expect(Object.keys(fontFamilies).sort()).toEqual(['en', 'zh', 'zh-Hant']);
  });

  const root = fileURLToPath(new URL('../../../renderer/src', import.meta.url));
  const cssFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : [],
    );

  for (const file of cssFiles(root)) {
    it(`${file.slice(root.length + 1)} takes every size and colour from a token`, () => {
      const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      expect(css.match(/#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(/g) ?? []).toEqual([]);
      // Only 0, 1 and ratios are allowed as bare numbers; lengths must be var(--…).
      expect(css.match(/\b(?!0px)\d+(\.\d+)?(px|rem|em|pt)\b/g) ?? []).toEqual([]);
    });
  }

  it('components name no pixel size or colour of their own either', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
      );
    const offenders = sources(root).filter((f) => /\b\d+px\b|#[0-9a-fA-F]{6}\b|rgba?\(/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(root.length + 1))).toEqual([]);
  });
});
