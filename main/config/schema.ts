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
  z.object({ kind: z.literal('serial-contact'), path: serialPath, baudRate }).strict(),
  z.object({ kind: z.literal('hid'), vendorId: usbId, productId: usbId, path: text.optional() }).strict(),
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

export const siteConfigSchema = z
  .object({
    site: section(
      z.object({
        /** The 社区/centre name residents know. */
        name: text.default('邻里社区服务中心'),
        /** Street address, sent in the emergency SMS. */
        address: z.string().trim().default(''),
      }).strict(),
      {},
    ),
    kiosk: section(
      z.object({
        id: slug.default('kiosk-1'),
        name: text.default('社区服务终端'),
        /** Where in the hall it stands, for whoever comes to help. */
        location: z.string().trim().default(''),
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
        ringSeconds: z.int().min(10).max(120).default(30),
        rounds: z.int().min(1).max(5).default(2),
      }).strict(),
      {},
    ),
    fleet: section(fleetSchema, {}),
    staff: section(
      z.object({
        pinHash: z
          .string()
          .refine((hash) => parsePinHash(hash) !== undefined, 'not a PIN hash (expected scrypt$N$r$p$salt$hash from hashPin)')
          .optional(),
        lockoutAttempts: z.int().min(1).max(20).default(5),
        lockoutMinutes: z.int().min(1).max(24 * 60).default(5),
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
