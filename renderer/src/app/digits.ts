/**
 * A phone number in groups a person can read out while dialling: 120, 12345, 138 1234 5678,
 * 010 6400 1001. Grouping written in the content is kept; a typed number is grouped as it grows.
 */
export function groupDigits(number: string): string {
  const parts = number.trim().split(/[\s-]+/).filter(Boolean);
  if (parts.length > 1) return parts.join(' ');
  const digits = number.replace(/\D/g, '');
  if (digits.length <= 5) return digits;
  // Mobile numbers are read 3-4-4; anything else in fours.
  const sizes = digits.startsWith('1') ? [3, 4, 4] : [4, 4, 4, 4];
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) groups.push(digits.slice(at));
  return groups.join(' ');
}
