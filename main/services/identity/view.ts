import type { DecodedText, Validity } from '../../../drivers/idcard/index.ts';
import type { ResidentView } from '../../api/identity.ts';
import { withHant } from '../../content/hant.ts';
import type { IdentityRules, LocalizedText } from '../../content/schema.ts';
import { maskIdNumber } from '../../log/redact.ts';
import { surnameInPinyin, surnameOf } from './surname.ts';

/**
 * A decoded card turned into what the screen may show. Pure: the card goes in, and only the
 * surname, an age band, a masked number and a few states come out; the caller drops the card.
 */

/** What a session carries: the view less what the runner knows (session id, presence, ending). */
export type CardView = Omit<ResidentView, 'sessionId' | 'cardOnReader' | 'endsAt'>;

export interface ViewContext {
  /** The kiosk's local date, YYYY-MM-DD. */
  today: string;
  /** Absent when content/identity.yaml did not load: then every greeting is plain. */
  rules: IdentityRules | undefined;
  /** A guide's title, or undefined for a guide the content no longer has. */
  guideTitle(id: string): LocalizedText | undefined;
}

// Older than anyone alive, or born in the future: the date is wrong, not the person.
const MAX_AGE = 130;

const PLAIN: LocalizedText = { zh: '您好', en: 'Hello' };

export function cardView(card: DecodedText, context: ViewContext): CardView {
  const { rules, today } = context;
  const age = ageOn(card.birthDate, today);
  const band = age === undefined || !rules ? undefined : [...rules.ageBands].reverse().find((b) => b.from <= age);
  const sex = card.sex === '2' ? 'female' : card.sex === '1' ? 'male' : undefined;
  const honorific = band && sex && rules?.honorifics.find((h) => h.band === band.id && h.sex === sex)?.text;
  // Foreign cards carry names in other orders and scripts; a guess would too often be wrong.
  const surname = card.cardType === 'resident' || card.cardType === 'hk-macao-taiwan' ? surnameOf(card.name) : undefined;
  const named = rules && honorific && surname ? { surname, honorific, greeting: fill(rules.greeting.named, surname, honorific) } : undefined;

  const view: CardView = {
    greeting: named?.greeting ?? rules?.greeting.plain ?? PLAIN,
    ...(named ? { surname: named.surname, honorific: named.honorific } : {}),
    ageBand: band ? { id: band.id, label: band.label } : null,
    maskedNumber: maskIdNumber(card.idNumber),
    cardType: card.cardType,
    expiry: expiryOn(card.validity, today),
    eligible: age === undefined || !rules ? [] : eligibleGuides(rules, age, context.guideTitle),
  };
  return withHant(view);
}

/** Whole years on `today`; undefined for a date no living person can have. */
export function ageOn(birthDate: string, today: string): number | undefined {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const age = today.slice(5) < birthDate.slice(5) ? years - 1 : years;
  return Number.isInteger(age) && age >= 0 && age <= MAX_AGE ? age : undefined;
}

/** A card is good through its end date; "长期" never ends. */
export function expiryOn(validity: Validity, today: string): CardView['expiry'] {
  if (validity.end === 'long-term') return 'long-term';
  return today > validity.end ? 'expired' : 'valid';
}

function eligibleGuides(rules: IdentityRules, age: number, guideTitle: ViewContext['guideTitle']): CardView['eligible'] {
  const out: CardView['eligible'] = [];
  for (const rule of rules.eligibility) {
    if (age < rule.minAge || out.some((e) => e.guideId === rule.guide)) continue;
    const title = guideTitle(rule.guide);
    if (title) out.push({ guideId: rule.guide, title });
  }
  return out;
}

function fill(template: LocalizedText, surname: string, honorific: LocalizedText): LocalizedText {
  const put = (text: string, name: string, title: string): string => text.replaceAll('{surname}', name).replaceAll('{honorific}', title);
  return { zh: put(template.zh, surname, honorific.zh), en: put(template.en, surnameInPinyin(surname), honorific.en) };
}

/** The kiosk's local date as YYYY-MM-DD: ages and expiry turn over at local midnight. */
export function localDate(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
