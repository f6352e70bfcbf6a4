import { z } from 'zod';
import {
  guideCategorySchema,
  guideSchema,
  guideSummarySchema,
  hotlineGroupSchema,
  localizedText,
  noticeSchema,
} from '../content/schema.ts';
import { staffToken } from './staff-token.ts';
import { assistCommands, assistEvents } from './assist.ts';
import { voiceCommands, voiceEvents } from './voice.ts';
import { speechCommands } from './speech.ts';
import { cardReminderSchema, residentViewSchema } from './identity.ts';

/**
 * The kiosk API: every command and event, named once, with its payload schema. Both transports
 * (Electron IPC and the local WebSocket host) dispatch through the table built from this, and
 * the renderer's KioskClient is typed by it. The wire format is in ./README.md.
 */

/** Commands without arguments take an empty object (or nothing at all on the wire). */
const noPayload = z.object({}).strict();

const kioskInfo = z.object({
  siteName: z.string(),
  kioskName: z.string(),
  address: z.string(),
  version: z.string(),
  /** Functions that work on this kiosk now; the home screen shows only these. */
  features: z.array(z.enum(['guides', 'notices', 'hotlines'])),
  /** Devices are simulated (no site file, or `--simulate`). */
  simulated: z.boolean(),
  /** A session with no touch for warnAfterSeconds gets a "more time?" dialog, then ends after countdownSeconds. */
  idle: z.object({ warnAfterSeconds: z.number().int().positive(), countdownSeconds: z.number().int().positive() }),
  /** Where guides are published for phones (`<base>/guides/<id>`); absent: the QR code carries the text itself. */
  publicGuideBaseUrl: z.string().optional(),
});

/** The elder settings, kept per kiosk (not per person). */
export const kioskSettings = z.object({
  textScale: z.union([z.literal(1), z.literal(1.25), z.literal(1.5)]),
  theme: z.enum(['normal', 'high-contrast']),
  /** A multiple of the kiosk's pace for older listeners: 1 is about 130 字 a minute (main/services/speech/pace.ts). */
  speechRate: z.number().min(0.5).max(1.5),
  volume: z.number().min(0).max(1),
  /** A short beep on every tap; off unless someone on site wants it. */
  clickSound: z.boolean(),
});
export type KioskSettings = z.infer<typeof kioskSettings>;

/** What a kiosk looks and sounds like before anyone on site changes it ("恢复原样" goes back here). */
export const defaultSettings: KioskSettings = {
  textScale: 1,
  theme: 'normal',
  speechRate: 1,
  volume: 0.7,
  clickSound: false,
};

export const componentHealth = z.object({
  id: z.string(),
  state: z.enum(['ok', 'degraded', 'fault']),
  /** Plain words for staff, never a stack trace. */
  message: localizedText,
  since: z.string(),
});
export type ComponentHealth = z.infer<typeof componentHealth>;

const health = z.object({ components: z.array(componentHealth) });

export const alarmViewSchema = z.object({
  id: z.string(),
  source: z.enum(['button', 'screen', 'voice', 'staff']),
  phase: z.enum(['cancel-window', 'calling', 'between-calls', 'awaiting-help', 'acknowledged', 'closed']),
  raisedAt: z.string(),
  cancelDeadline: z.string().optional(),
  calling: z
    .object({
      name: z.string(),
      relation: z.string().optional(),
      state: z.enum(['dialling', 'ringing', 'answered']),
      fallback: z.boolean(),
    })
    .optional(),
  /** Between calls: the number the modem just refused is dialled again, rather than the next. */
  redial: z.boolean().optional(),
  acknowledgedBy: z.enum(['contact', 'duty-centre', 'staff']).optional(),
  acknowledgedName: z.string().optional(),
  outcome: z.enum(['cancelled', 'resolved', 'false-alarm']).optional(),
  announcement: z.object({ what: z.string(), seq: z.number() }).optional(),
  canCancel: z.boolean(),
});
export type AlarmView = z.infer<typeof alarmViewSchema>;

const emergencyReadiness = z.object({
  /** False when no route can carry an alarm out (modem down and fleet down, or the button faulty). */
  ready: z.boolean(),
  problems: z.array(localizedText),
  /** Who to ask instead, for the notice on the home screen. */
  askInstead: localizedText,
});


const categoryWithCount = guideCategorySchema.extend({ guideCount: z.number().int().nonnegative() });

export const commands = {
  'system.ping': {
    payload: z.object({ nonce: z.string().max(64).optional() }).strict(),
    result: z.object({ nonce: z.string().optional(), at: z.string() }),
  },
  'kiosk.info': {
    payload: noPayload,
    result: kioskInfo,
  },
  'health.get': {
    payload: noPayload,
    result: health,
  },
  'settings.get': {
    payload: noPayload,
    result: kioskSettings,
  },
  /** Any subset of the settings; the rest stay as they are. Answers with all of them. */
  'settings.set': {
    payload: kioskSettings.partial().strict(),
    result: kioskSettings,
  },
  /** Current notices, newest first (expired ones and those not yet published are left out). */
  'notices.list': {
    payload: noPayload,
    result: z.object({ notices: z.array(noticeSchema) }),
  },
  'hotlines.list': {
    payload: noPayload,
    result: z.object({ groups: z.array(hotlineGroupSchema) }),
  },
  'guides.categories': {
    payload: noPayload,
    result: z.object({ categories: z.array(categoryWithCount), version: z.string() }),
  },
  'guides.list': {
    payload: z.object({ category: z.string().min(1).max(64) }).strict(),
    result: z.object({ category: guideCategorySchema, guides: z.array(guideSummarySchema) }),
  },
  'guides.get': {
    payload: z.object({ id: z.string().min(1).max(64) }).strict(),
    result: z.object({ guide: guideSchema, category: guideCategorySchema }),
  },
  /** Only the screen raises alarms through the API: a spoken alarm comes from the voice service, which may cancel it by voice. */
  'emergency.trigger': {
    payload: z.object({ source: z.literal('screen') }).strict(),
    result: z.object({ alarmId: z.string(), created: z.boolean() }),
  },
  'emergency.cancel': {
    payload: z.object({ alarmId: z.string().uuid() }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'emergency.status': {
    payload: noPayload,
    result: z.object({ alarm: alarmViewSchema.nullable(), readiness: emergencyReadiness }),
  },
  'staff.signIn': {
    payload: z.object({ pin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits') }).strict(),
    result: z.object({ token: z.string(), expiresAt: z.string() }),
  },
  'staff.signOut': {
    payload: z.object({ token: staffToken }).strict(),
    result: z.object({}),
  },
  'staff.alarms': {
    payload: z.object({ token: staffToken }).strict(),
    result: z.object({
      alarms: z.array(
        z.object({
          alarm: alarmViewSchema,
          /** `text`, when there is one, is the step in the screen's languages; `kind` the stored English. */
          timeline: z.array(z.object({ at: z.string(), kind: z.string(), text: localizedText.optional() })),
        }),
      ),
    }),
  },
  'staff.acknowledge': {
    payload: z.object({ token: staffToken, alarmId: z.string().uuid() }).strict(),
    result: z.object({ done: z.boolean() }),
  },
  'staff.close': {
    payload: z.object({ token: staffToken, alarmId: z.string().uuid(), outcome: z.enum(['resolved', 'false-alarm']) }).strict(),
    result: z.object({ done: z.boolean() }),
  },
  /** The resident session (if any) and whether a card left on the reader is being called back. */
  'identity.status': {
    payload: noPayload,
    result: z.object({ session: residentViewSchema.nullable(), reminder: cardReminderSchema }),
  },
  /** "完成": ends the resident session; `ended` is false when none was open. */
  'identity.done': {
    payload: noPayload,
    result: z.object({ ended: z.boolean() }),
  },
  /** A touch on the screen, sent at most every few seconds: keeps the resident session open. */
  'identity.activity': {
    payload: noPayload,
    result: z.object({}),
  },
  /** Staff take down the "请取回您的身份证" reminder. */
  'identity.dismissReminder': {
    payload: z.object({ token: staffToken }).strict(),
    result: z.object({ dismissed: z.boolean() }),
  },
  ...assistCommands,
  ...voiceCommands,
  ...speechCommands,
} as const;

export const events = {
  /** Content (guides, notices, hotlines) changed on disk and passed validation; screens should re-fetch. */
  'content.changed': z.object({ version: z.string() }),
  'health.changed': health,
  /** The elder settings changed (on this or another screen of the kiosk). */
  'settings.changed': kioskSettings,
  /** The open alarm changed (or closed: then the last state, once). */
  'emergency.changed': z.object({ alarm: alarmViewSchema.nullable() }),
  /** A resident session opened, changed (card lifted, "still there?") or ended (null). */
  'identity.session': z.object({ session: residentViewSchema.nullable() }),
  /** A card was left on the reader after its session: shown and said again every ~10 s until `active: false`. */
  'identity.card-reminder': cardReminderSchema,
  /** The card could not be read: what to tell the person ("请把身份证重新放好"). */
  'identity.card-problem': z.object({ message: localizedText }),
  /** A staff member's ID card was read: a staff session token, as staff.signIn gives. */
  'identity.staff-card': z.object({ token: z.string(), expiresAt: z.string() }),
  ...assistEvents,
  ...voiceEvents,
} as const;

export type CommandName = keyof typeof commands;
export type EventName = keyof typeof events;
/** What a caller sends. */
export type CommandPayload<N extends CommandName> = z.input<(typeof commands)[N]['payload']>;
/** What a handler receives, after validation and defaults. */
export type ParsedPayload<N extends CommandName> = z.output<(typeof commands)[N]['payload']>;
export type CommandResult<N extends CommandName> = z.output<(typeof commands)[N]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const apiErrorCodes = [
  /** Not JSON, or not a command envelope. */
  'malformed',
  /** Bigger than MAX_MESSAGE_BYTES. */
  'too-large',
  'unknown-command',
  'invalid-payload',
  /** The command was valid but names something that does not exist. */
  'not-found',
  /** The command was valid but cannot be carried out now (a device is down, …). */
  'unavailable',
  /** Staff only: no valid session, a wrong PIN, or sign-in locked after too many wrong PINs. */
  'forbidden',
  /** A bug on our side; logged with its stack, reported to the caller in words. */
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiError = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  /** For invalid-payload: every problem as `path: message`. */
  issues: z.array(z.string()).optional(),
  /**
   * For a refused PIN sign-in, so the screen can say it in the staff member's language: wrong
   * PINs left before sign-in locks, or whole minutes until it opens again.
   */
  signIn: z.union([z.object({ triesLeft: z.int().min(1) }), z.object({ lockedMinutes: z.int().min(1) })]).optional(),
});
export type ApiError = z.infer<typeof apiError>;

export type Reply<N extends CommandName = CommandName> =
  | { ok: true; result: CommandResult<N> }
  | { ok: false; error: ApiError };

/** Largest message either transport accepts, in bytes of UTF-8. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Default port of the local host transport. */
export const DEFAULT_PORT = 8420;

/** Path of the WebSocket endpoint on the local host. */
export const API_PATH = '/api';

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}
