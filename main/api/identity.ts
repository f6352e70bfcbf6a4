import { z } from 'zod';
import { localizedText } from '../content/schema.ts';

/**
 * What the screen learns about a resident who laid an ID card on the reader — and nothing more
 * (DESIGN.md, "Identity and privacy"): no full number, no given name, no birth date, no address.
 */
export const residentViewSchema = z.object({
  /** A new one for each session; the same card laid down again keeps it. */
  sessionId: z.string(),
  /** "王阿姨，您好", or a plain "您好" when the name or age could not be read with confidence. */
  greeting: localizedText,
  /** Absent exactly when the greeting is plain. */
  surname: z.string().optional(),
  honorific: localizedText.optional(),
  ageBand: z.object({ id: z.string(), label: localizedText }).nullable(),
  /** First 4 and last 4 characters: `1101**********123X`. */
  maskedNumber: z.string(),
  cardType: z.enum(['resident', 'hk-macao-taiwan', 'foreigner-2017', 'foreigner-2023']),
  expiry: z.enum(['valid', 'expired', 'long-term']),
  cardOnReader: z.boolean(),
  /** Guides the person's age makes worth offering, in the content's order. */
  eligible: z.array(z.object({ guideId: z.string(), title: localizedText })),
  /** Set once the screen is asking whether the person is still there: when the session ends unless they touch it. */
  endsAt: z.string().optional(),
});
export type ResidentView = z.infer<typeof residentViewSchema>;

/** "请取回您的身份证", said and shown until the card is lifted or staff dismiss it. */
export const cardReminderSchema = z.object({
  active: z.boolean(),
  /** Where the card lies: the kiosk's place in the hall and the reader's on the kiosk. */
  where: localizedText,
});
export type CardReminder = z.infer<typeof cardReminderSchema>;
