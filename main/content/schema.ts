import { z } from 'zod';

/**
 * Content schemas, in one place: the build (scripts/check-content.ts), the runtime loader
 * and the API contract all validate against these.
 */

const text = z.string().trim().min(1, 'must not be empty');

/** A text in the kiosk's languages. Simplified Chinese is the source; English is written by
 * hand; Traditional Chinese is generated from Simplified at build time. */
export const localizedText = z.object({
  zh: text,
  en: text,
});
export type LocalizedText = z.infer<typeof localizedText>;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and dashes');

export const guideCategorySchema = z.object({
  id: slug,
  /** One emoji shown large beside the title, so the category reads without words too. */
  icon: z.string().min(1).max(8),
  title: localizedText,
  summary: localizedText,
});
export type GuideCategory = z.infer<typeof guideCategorySchema>;

export const categoriesFileSchema = z.object({
  categories: z.array(guideCategorySchema).min(1),
});

export const guideSchema = z.object({
  id: slug,
  category: slug,
  title: localizedText,
  /** One or two plain sentences: what this is and who it is for. */
  summary: localizedText,
  /** Who can apply. */
  eligibility: localizedText,
  /** What to bring. */
  materials: z.array(localizedText).min(1),
  /** What happens, in order. */
  steps: z.array(localizedText).min(1),
  where: localizedText,
  hours: localizedText,
  fees: localizedText,
  /** How long it takes until the person has the result. */
  duration: localizedText,
  /** Who to ask. */
  contact: localizedText,
  /** Optional things worth knowing (proxies, online alternatives, common mistakes). */
  tips: z.array(localizedText).default([]),
  /** When a person last checked this guide against the office's rules (YYYY-MM-DD). */
  reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
});
export type Guide = z.infer<typeof guideSchema>;
export type GuideInput = z.input<typeof guideSchema>;

export const guideSummarySchema = guideSchema.pick({ id: true, category: true, title: true, summary: true });
export type GuideSummary = z.infer<typeof guideSummarySchema>;

/** Renders a zod issue path the way a person reads a YAML file: `steps[2].zh`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

/** Every problem in a zod error as `path: message` lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
}
