import { dateLocale, type Language } from '../i18n.ts';

/** A date as people say it (2026年11月18日, 18 November 2026), never as YYYY-MM-DD. */
export function longDate(date: Date | string, language: Language, withWeekday = false): string {
  // A bare YYYY-MM-DD is a calendar day, not midnight UTC: read it as local.
  const day = typeof date === 'string' ? new Date(`${date}T00:00:00`) : date;
  return new Intl.DateTimeFormat(dateLocale[language], {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(withWeekday ? { weekday: 'long' } : {}),
  }).format(day);
}

/** A time of day as a clock shows it (14:05). */
export function shortTime(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(dateLocale[language], { hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** When something happened, for a list staff read: the time alone if today, with the day before that. */
export function timeOrDay(date: Date, language: Language, today: Date = new Date()): string {
  if (date.toDateString() === today.toDateString()) return shortTime(date, language);
  return new Intl.DateTimeFormat(dateLocale[language], { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}
