/**
 * Numbers as a Chinese reader says them, written out in characters before synthesis: 9:30 →
 * 九点三十分, 3.5 → 三点五, 50% → 百分之五十, 2024年 → 二零二四年, 12345678 (a phone number, a
 * room code) → one digit at a time. Mandarin reads the digit 1 as 幺 in such strings so it is
 * not confused with 七; Cantonese keeps 一.
 */

export type Dialect = 'cmn' | 'yue';

const DIGITS = '零一二三四五六七八九';

/** Measure words after which a lone 2 is 两 (两个, 两点), as anyone would say it. */
const TWO_AS_LIANG = new Set('个位份张本次件点种条岁天周年');

/** A long number followed by one of these is an amount (12000元), not a code to read digit by digit. */
const AMOUNT_UNITS = new Set('元块人户次个件米斤克');

function digitByDigit(run: string, dialect: Dialect): string {
  return [...run].map((d) => (d === '1' && dialect === 'cmn' ? '幺' : DIGITS[Number(d)])).join('');
}

/** 0–9999 in characters: 10 → 十, 105 → 一百零五, 2000 → 两千, 1010 → 一千零一十. */
export function cardinal(n: number): string {
  if (n === 0) return '零';
  const places: [number, string][] = [[1000, '千'], [100, '百'], [10, '十'], [1, '']];
  let out = '';
  let gap = false;
  for (const [unit, name] of places) {
    const d = Math.floor(n / unit) % 10;
    if (d === 0) {
      if (out !== '') gap = true;
      continue;
    }
    if (gap) out += '零';
    gap = false;
    const digit = d === 2 && unit >= 100 ? '两' : DIGITS[d]!;
    // 十二, not 一十二, at the start of a number.
    out += unit === 10 && d === 1 && out === '' ? name : digit + name;
  }
  return out;
}

/** Up to 99 999 999: 12000 → 一万两千. */
function large(n: number): string {
  if (n < 10_000) return cardinal(n);
  const rest = n % 10_000;
  return `${cardinal(Math.floor(n / 10_000))}万${rest === 0 ? '' : `${rest < 1000 ? '零' : ''}${cardinal(rest)}`}`;
}

function integer(run: string, next: string, dialect: Dialect): string {
  if (run.length > 1 && run.startsWith('0')) return digitByDigit(run, dialect);
  if (run.length === 4 && next === '年') return [...run].map((d) => DIGITS[Number(d)]).join('');
  if (run.length > 4) return run.length <= 8 && AMOUNT_UNITS.has(next) ? large(Number(run)) : digitByDigit(run, dialect);
  if (run === '2' && TWO_AS_LIANG.has(next)) return '两';
  return cardinal(Number(run));
}

function clock(h: string, m: string): string {
  const minutes = Number(m);
  const hour = Number(h) === 2 ? '两' : cardinal(Number(h));
  if (minutes === 0) return `${hour}点`;
  return `${hour}点${minutes < 10 ? '零' : ''}${cardinal(minutes)}分`;
}

function decimal(whole: string, fraction: string, next: string, dialect: Dialect): string {
  return `${integer(whole, next, dialect)}点${[...fraction].map((d) => DIGITS[Number(d)]).join('')}`;
}

/** Every run of digits in `text`, written out in Chinese characters; everything else unchanged. */
export function readNumbers(text: string, dialect: Dialect): string {
  return (
    text
      // Full-width digits (０-９) are the same numbers.
      .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
      // 1,200 is one number.
      .replace(/(?<=\d),(?=\d{3}(?!\d))/g, '')
      // "9:00-17:00", "3～5天": a dash between numbers is 到.
      .replace(/(?<=\d)\s*[-–—~～]\s*(?=\d)/g, '到')
      .replace(/(?<!\d)([01]?\d|2[0-4])[:：]([0-5]\d)(?!\d)/g, (_m, h: string, m: string) => clock(h, m))
      .replace(/(\d+)(?:\.(\d+))?[%％]/g, (_m, w: string, f: string | undefined) =>
        `百分之${f === undefined ? integer(w, '', dialect) : decimal(w, f, '', dialect)}`,
      )
      .replace(/(\d+)\.(\d+)(.?)/gu, (_m, w: string, f: string, next: string) => decimal(w, f, next, dialect) + next)
      .replace(/\d+/g, (run, offset: number, whole: string) => integer(run, whole.charAt(offset + run.length), dialect))
  );
}
