/**
 * The on-screen emergency button: same size and place on every screen, never covered.
 * Rendered by ScreenFrame; the emergency feature fills it in.
 */
export function SosButton() {
  return null;
}
