import { z } from 'zod';
import {
  guideCategorySchema,
  guideSchema,
  guideSummarySchema,
  localizedText,
} from '../content/schema.ts';

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
  features: z.array(z.enum(['guides'])),
  /** Devices are simulated (no site file, or `--simulate`). */
  simulated: z.boolean(),
});

export const componentHealth = z.object({
  id: z.string(),
  state: z.enum(['ok', 'degraded', 'fault']),
  /** Plain words for staff, never a stack trace. */
  message: localizedText,
  since: z.string(),
});
export type ComponentHealth = z.infer<typeof componentHealth>;

const health = z.object({ components: z.array(componentHealth) });

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
} as const;

export const events = {
  /** Content (guides) changed on disk and passed validation; screens should re-fetch. */
  'content.changed': z.object({ version: z.string() }),
  'health.changed': health,
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
  /** A bug on our side; logged with its stack, reported to the caller in words. */
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiError = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  /** For invalid-payload: every problem as `path: message`. */
  issues: z.array(z.string()).optional(),
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
