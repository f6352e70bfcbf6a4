import { cssVariables, type ThemeName } from './tokens.ts';

export function applyTheme(theme: ThemeName, scale: number, root: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(cssVariables(theme, scale))) root.style.setProperty(name, value);
  root.dataset.theme = theme;
}
