import { cssVariables, type FontLanguage, type ThemeName } from './tokens.ts';

export interface Look {
  theme: ThemeName;
  scale: number;
  language: FontLanguage;
}

/** Sets the tokens for a look on the document root, and marks it there for tests and screenshots. */
export function applyLook({ theme, scale, language }: Look, root: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(cssVariables(theme, scale, language))) root.style.setProperty(name, value);
  root.dataset.theme = theme;
  root.dataset.textScale = String(scale);
}
