import { z } from 'zod';
import { normalizePhone } from './phone.ts';
import { parsePinHash } from './pin.ts';

/**
 * One site file (`kiosk.config.yaml`). Every key has a default, so an empty file — or none —
 * is a working demo kiosk. Objects are strict: a misspelt key is reported, never silently
 * replaced by its default.
 */

const text = z.string().trim().min(1);

/** YAML reads an unquoted 13812345678 or 110 as a number; both are fine as phone numbers. */
const phoneNumber = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().transform((value, ctx) => {
    const normalized = normalizePhone(value);
    if (normalized === undefined) {
      ctx.addIssue({ code: 'custom', message: 'not a phone number' });
      return z.NEVER;
    }
    return normalized;
  }),
);

const slug = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single dashes, like "hall-1"');

const serialPath = text;
const baudRate = z.int().min(300).max(4_000_000).default(115_200);

/**
 * USB IDs are written as `lsusb` prints them, as text ("1a86"). A bare number is refused because
 * YAML would read 1234 as decimal while the label means hex 0x1234.
 */
const USB_ID_HINT = 'write the ID as 4 hex digits in quotes, as lsusb shows it ("1a86")';
const usbId = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : USB_ID_HINT) })
  .regex(/^(?:0x)?[0-9a-fA-F]{4}$/, USB_ID_HINT)
  .transform((value) => Number.parseInt(value.replace(/^0x/, ''), 16));

/**
 * A section written as a bare `key:` (all its lines commented out) is null in YAML; it means
 * "use the defaults", the same as leaving the key out.
 */
function section<T extends z.ZodType>(schema: T, defaults: z.input<T>) {
  return z.preprocess((value) => (value === null ? undefined : value), schema.prefault(defaults));
}

const buttonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z
    .object({
      kind: z.literal('serial-line'),
      path: serialPath,
      baudRate,
      heartbeatSeconds: z.int().min(1).max(60).default(5),
    })
    .strict(),
  z
    .object({
      kind: z.literal('serial-contact'),
      path: serialPath,
      baudRate,
      /** The control line the contact closes onto (DTR is driven high). */
      input: z.enum(['cts', 'dsr', 'dcd']).default('cts'),
      /** Normally-closed wiring lets a cut cable be told from a press. */
      wiring: z.enum(['normally-open', 'normally-closed']).default('normally-open'),
      debounceMs: z.int().min(5).max(1_000).default(50),
      holdMs: z.int().min(0).max(5_000).default(100),
    })
    .strict(),
  z
    .object({
      kind: z.literal('hid'),
      vendorId: usbId,
      productId: usbId,
      path: text.optional(),
      /** Which byte of the input report carries the button, and which bits mean "pressed". */
      byteIndex: z.int().min(0).max(63).default(0),
      mask: z.int().min(1).max(255).default(1),
    })
    .strict(),
]);

const modemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: serialPath,
      baudRate,
      model: z.enum(['sim7600', 'ec20', 'auto']).default('auto'),
    })
    .strict(),
]);

const idCardSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }).strict(),
  z.object({ kind: z.literal('serial'), path: serialPath, baudRate }).strict(),
  z.object({ kind: z.literal('usb'), path: text.optional() }).strict(),
]);

const contactSchema = z
  .object({
    name: text,
    phone: phoneNumber,
    relation: text.optional(),
  })
  .strict();

const fleetSchema = z
  .object({
    enabled: z.boolean().default(false),
    url: z.url({ protocol: /^mqtts?$/, error: 'must be an mqtt:// or mqtts:// address' }).optional(),
    topicPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/, 'use letters, digits, "-" and "_", with "/" between levels')
      .default('linli'),
  })
  .strict()
  .superRefine((fleet, ctx) => {
    if (fleet.enabled && fleet.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'required when fleet.enabled is true' });
    }
  });

const porcupineSchema = z
  .object({
    /** From Picovoice Console; checked online when the engine starts (facts/voice.md §1.3). */
    accessKey: text,
    /** Mandarin needs porcupine_params_zh.pv; the npm package ships only English. */
    modelPath: text.optional(),
    keywords: z
      .array(z.object({ phraseId: slug, path: text, sensitivity: z.number().min(0).max(1).default(0.5) }).strict())
      .min(1),
  })
  .strict();

const voiceSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** template: phrases enrolled by staff at the kiosk, offline, no key. porcupine: a Picovoice licence. */
    engine: z.enum(['template', 'porcupine']).default('template'),
    /** Features the template engine compares; absent: the better one on the benchmark. */
    frontEnd: z.enum(['embedding', 'mfcc']).optional(),
    /** Browser audio processing; off suits keyword spotting (facts/voice.md §2.2), on may suit a hall with loud speakers. */
    processing: section(
      z.object({
        echoCancellation: z.boolean().default(false),
        noiseSuppression: z.boolean().default(false),
        autoGainControl: z.boolean().default(false),
      }).strict(),
      {},
    ),
    porcupine: porcupineSchema.optional(),
  })
  .strict()
  .superRefine((voice, ctx) => {
    if (voice.engine === 'porcupine' && voice.porcupine === undefined) {
      ctx.addIssue({ code: 'custom', path: ['porcupine'], message: 'required when voice.engine is porcupine' });
    }
  });

export const siteConfigSchema = z
  .object({
    site: section(
      z.object({
        /** The 社区/centre name residents know. */
        name: text.default('邻里社区服务中心'),
        /** Street address, sent in the emergency SMS. */
        address: z.string().trim().default(''),
        /** Where the guides are published for phones; guide QR codes link to `<this>/guides/<id>`. */
        publicGuideBaseUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).optional(),
      }).strict(),
      {},
    ),
    kiosk: section(
      z.object({
        id: slug.default('kiosk-1'),
        name: text.default('社区服务终端'),
        /** Where in the hall it stands, for whoever comes to help. */
        location: z.string().trim().default(''),
        /**
         * Idle care: after warnAfterSeconds without a touch the screen asks "还需要更多时间吗？";
         * with no answer for countdownSeconds the session ends. WCAG 2.2.1 wants ≥ 20 s to answer.
         */
        idle: section(
          z.object({
            warnAfterSeconds: z.int().min(30).max(600).default(60),
            countdownSeconds: z.int().min(20).max(120).default(20),
          }).strict(),
          {},
        ),
      }).strict(),
      {},
    ),
    dataDir: text.optional(),
    devices: section(
      z.object({
        /** Forces simulators whatever the kinds below say. */
        simulate: z.boolean().default(false),
        button: section(buttonSchema, { kind: 'simulated' }),
        modem: section(modemSchema, { kind: 'simulated' }),
        idcard: section(idCardSchema, { kind: 'simulated' }),
      }).strict(),
      {},
    ),
    emergency: section(
      z.object({
        contacts: z.array(contactSchema).max(10).default([]),
        /** Called last, when no contact accepted: the duty centre, or 110/120. */
        fallback: z.object({ name: text, phone: phoneNumber }).strict().optional(),
        cancelWindowSeconds: z.int().min(0).max(60).default(10),
        /** After a spoken help phrase; longer than a press, since a television can sound like 救命. */
        voiceCancelWindowSeconds: z.int().min(0).max(60).default(15),
        ringSeconds: z.int().min(10).max(120).default(30),
        rounds: z.int().min(1).max(5).default(2),
      }).strict(),
      {},
    ),
    fleet: section(fleetSchema, {}),
    voice: section(voiceSchema, {}),
    /** Reading aloud in the core (main/services/speech): espeak-ng where no recorded clip exists; `none` for clips only. */
    speech: section(
      z.object({
        synthesis: z.enum(['espeak-ng', 'none']).default('espeak-ng'),
        /** The espeak-ng binary: a name on PATH or a full path. */
        espeakPath: text.default('espeak-ng'),
      }).strict(),
      {},
    ),
    staff: section(
      z.object({
        pinHash: z
          .string()
          .refine((hash) => parsePinHash(hash) !== undefined, 'not a PIN hash (expected scrypt$N$r$p$salt$hash from hashPin)')
          .optional(),
        lockoutAttempts: z.int().min(1).max(20).default(5),
        lockoutMinutes: z.int().min(1).max(24 * 60).default(5),
        /** HMACs of staff members' ID cards (`npx tsx scripts/staff-card-key.ts`): laying one on the reader opens staff mode. */
        cardKeys: z
          .array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'not a card key (64 hex characters from scripts/staff-card-key.ts)').transform((k) => k.toLowerCase()))
          .optional(),
      }).strict(),
      {},
    ),
    identity: section(
      z.object({
        /** Once the card is lifted, seconds without a touch before the screen asks whether the person is still there. */
        idleSecondsAfterLift: z.int().min(10).max(300).default(30),
        /** Said with "请取回您的身份证", so the person finds the reader. */
        readerPosition: z
          .object({ zh: text, en: text })
          .strict()
          .default({ zh: '读卡器在屏幕下方', en: 'The card reader is below the screen' }),
      }).strict(),
      {},
    ),
  })
  .strict();

export type SiteConfig = z.output<typeof siteConfigSchema>;
export type ButtonConfig = SiteConfig['devices']['button'];
export type ModemConfig = SiteConfig['devices']['modem'];
export type IdCardConfig = SiteConfig['devices']['idcard'];
export type EmergencyContact = SiteConfig['emergency']['contacts'][number];
