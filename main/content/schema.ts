import { z } from 'zod';

/**
 * Content schemas, in one place: the build (scripts/check-content.ts), the runtime loader
 * and the API contract all validate against these.
 */

const text = z.string().trim().min(1, 'must not be empty');

/** A text in the kiosk's languages. Simplified Chinese is the source; English is written by
 * hand; Traditional Chinese is generated from Simplified when content is loaded (./hant.ts), so
 * files never carry it and readers fall back to `zh` where it is absent. */
export const localizedText = z.object({
  zh: text,
  en: text,
  'zh-Hant': text.optional(),
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

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** What a notice is about; each kind has its own picture and word on screen. */
export const noticeKinds = ['health', 'activity', 'service', 'safety', 'life'] as const;

/** 通知公告: one file per notice, in plain words and short sentences. */
export const noticeSchema = z
  .object({
    id: slug,
    kind: z.enum(noticeKinds),
    title: localizedText,
    /** Short paragraphs, one thought each. */
    body: z.array(localizedText).min(1).max(8),
    /** For an event: when and where. */
    when: localizedText.optional(),
    where: localizedText.optional(),
    published: date,
    /** The last day it is shown; the kiosk drops it after that. */
    expires: date.optional(),
  })
  .refine((n) => n.expires === undefined || n.expires >= n.published, {
    path: ['expires'],
    message: 'must not be before published',
  });
export type Notice = z.infer<typeof noticeSchema>;

/** YAML reads an unquoted 12345 as a number; a phone number is text. */
const dialString = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().regex(/^\d[\d -]{1,18}\d$/, 'must be digits, with spaces or dashes only between them'),
);

export const hotlineSchema = z.object({
  name: localizedText,
  number: dialString,
  /** When to call it, in one short sentence. */
  when: localizedText,
  /** Only when it is not answered round the clock. */
  hours: localizedText.optional(),
});
export type Hotline = z.infer<typeof hotlineSchema>;

export const hotlineGroupSchema = z.object({
  id: slug,
  icon: z.string().min(1).max(8),
  title: localizedText,
  lines: z.array(hotlineSchema).min(1),
});
export type HotlineGroup = z.infer<typeof hotlineGroupSchema>;

/** 便民电话: one file, grouped so the emergency numbers come first. */
export const hotlinesFileSchema = z.object({ groups: z.array(hotlineGroupSchema).min(1) });

const age = z.int().min(0).max(150);
const hasBlanks = (text: string): boolean => text.includes('{surname}') && text.includes('{honorific}');

/**
 * identity.yaml: how a resident who lays an ID card on the reader is greeted, and which guides
 * their age makes worth showing. Ages are in content, not code, because they differ by city.
 */
export const identityRulesSchema = z
  .object({
    /** From the youngest; a band runs from its `from` age to the next band's. */
    ageBands: z.array(z.object({ id: slug, from: age, label: localizedText })).min(1),
    /** A band and sex without an entry is greeted plainly ("您好"). */
    honorifics: z.array(z.object({ band: slug, sex: z.enum(['female', 'male']), text: localizedText })),
    greeting: z.object({
      /** `{surname}` and `{honorific}` are filled in: "{surname}{honorific}，您好". */
      named: localizedText.refine((t) => hasBlanks(t.zh) && hasBlanks(t.en), 'zh and en must both hold {surname} and {honorific}'),
      plain: localizedText,
    }),
    /** Guides shown to people of at least `minAge`, in this order. */
    eligibility: z.array(z.object({ guide: slug, minAge: age })),
  })
  .superRefine((rules, ctx) => {
    const bands = rules.ageBands;
    if (bands[0]?.from !== 0) ctx.addIssue({ code: 'custom', path: ['ageBands', 0, 'from'], message: 'the first band must start at 0' });
    bands.forEach((band, i) => {
      const before = bands[i - 1];
      if (before && band.from <= before.from) {
        ctx.addIssue({ code: 'custom', path: ['ageBands', i, 'from'], message: `must be above the band before (${before.from})` });
      }
    });
    const ids = new Set(bands.map((b) => b.id));
    const seen = new Set<string>();
    rules.honorifics.forEach((h, i) => {
      if (!ids.has(h.band)) ctx.addIssue({ code: 'custom', path: ['honorifics', i, 'band'], message: `"${h.band}" is not in ageBands` });
      if (seen.has(`${h.band}/${h.sex}`)) ctx.addIssue({ code: 'custom', path: ['honorifics', i], message: `${h.band}/${h.sex} appears twice` });
      seen.add(`${h.band}/${h.sex}`);
    });
  });
export type IdentityRules = z.infer<typeof identityRulesSchema>;

/**
 * What the kiosk listens for (content/voice.yaml). Each phrase works only once staff have
 * enrolled it at the kiosk (or a site supplies a Porcupine keyword for it); several phrasings
 * may share one intent, because older speakers and local dialects say the same thing in
 * different words (facts/voice.md §5: few, short, distinct commands; several phrasings each).
 */
const voicePhraseSchema = z.object({
  id: slug,
  /** What to say, as shown on the enrolment screen and in "我听到了：…". */
  label: localizedText,
  /** Numbered pinyin, for staff reading the phrase aloud and for the test speech. */
  pinyin: z.string().regex(/^[a-z]+[1-5](?: [a-z]+[1-5])*$/, 'numbered pinyin, e.g. "xiao3 lin2"').optional(),
  /** 0–1: higher hears the phrase more readily and mistakes other speech for it more often. */
  sensitivity: z.number().min(0).max(1).default(0.5),
});
export type VoicePhrase = z.infer<typeof voicePhraseSchema>;

export const voiceIntents = ['guides', 'queue', 'notices', 'hotlines', 'call-staff', 'home', 'louder', 'slower', 'repeat'] as const;
export type VoiceIntent = (typeof voiceIntents)[number];

export const voiceFileSchema = z
  .object({
    /** Opens a listening window for one command. */
    wake: z.array(voicePhraseSchema).min(1),
    /** Raises an alarm at any time, with the spoken-alarm cancel window. */
    help: z.array(voicePhraseSchema).min(1),
    /** Said during an alarm's cancel window, cancels it (it is also asked for on screen). */
    cancel: z.array(voicePhraseSchema).default([]),
    /** Answers to "您是要…吗？" before a consequential command. */
    yes: z.array(voicePhraseSchema).default([]),
    no: z.array(voicePhraseSchema).default([]),
    commands: z
      .array(
        z.object({
          intent: z.enum(voiceIntents),
          /** Asked back (by voice and on screen) before it is carried out; `queue` and `call-staff` always are (services/voice/machine.ts). */
          confirm: z.boolean().default(false),
          phrases: z.array(voicePhraseSchema).min(1),
        }),
      )
      .min(1),
    /** How long a window stays open for a command (facts/voice.md §5: 8–10 s). */
    listenSeconds: z.number().int().min(5).max(20).default(9),
    /**
     * Silence after speech that ends the window early (facts/voice.md §5: at least 1.2–1.5 s). A
     * window stays open a little longer where this is shorter than an engine takes to report a
     * phrase (services/voice/service.ts), so a short setting cannot lose a command.
     */
    endSilenceMs: z.number().int().min(800).max(4000).default(1500),
  })
  .superRefine((file, ctx) => {
    const all = [...file.wake, ...file.help, ...file.cancel, ...file.yes, ...file.no, ...file.commands.flatMap((c) => c.phrases)];
    const seen = new Set<string>();
    for (const p of all) {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['phrases'], message: `phrase id "${p.id}" appears twice` });
      seen.add(p.id);
    }
  });
export type VoiceFile = z.infer<typeof voiceFileSchema>;
