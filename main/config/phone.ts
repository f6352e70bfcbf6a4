/**
 * Phone numbers a kiosk may dial: mainland mobiles (optionally +86/86), landlines with their
 * area code, and 3–5 digit service numbers (110, 120, 12345, 12349). Written with spaces or
 * dashes as people copy them from a card.
 */

const MOBILE = /^(?:\+?86)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;
const SERVICE = /^\d{3,5}$/;

/** The number as digits (keeping a leading `+`), or undefined when it is not a phone number. */
export function normalizePhone(text: string): string | undefined {
  const compact = text.replace(/[\s-]/g, '');
  if (MOBILE.test(compact) || LANDLINE.test(compact) || SERVICE.test(compact)) return compact;
  return undefined;
}
