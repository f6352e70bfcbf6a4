/**
 * The full-screen emergency view, shown above every screen while an alarm is open.
 * Rendered once by App; the emergency feature fills it in.
 */
export function EmergencyLayer() {
  return null;
}
