/**
 * The only form in which a card number may reach a log (DESIGN.md, "Identity and privacy"): its
 * first 4 and last 4 characters. Drivers may not import the kiosk's own masking in main/log, so
 * this mirrors it. Numbers of 8 characters or fewer are masked completely, since 4 + 4 of them
 * would be all of them.
 */
export function maskCardNumber(number: string): string {
  const value = number.trim().toUpperCase();
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}
