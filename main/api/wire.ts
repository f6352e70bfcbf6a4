import { z } from 'zod';
import { MAX_MESSAGE_BYTES, type ApiError, type EventName, type Reply } from './contract.ts';

/**
 * The host transport's frames (see ./README.md). Pure: text in, a typed request or a typed
 * error out; never throws.
 */

const commandEnvelope = z.object({
  type: z.literal('command'),
  id: z.union([z.string().min(1).max(64), z.number().int().safe()]),
  name: z.string().max(128),
  payload: z.unknown().optional(),
});

export type RequestId = string | number;

export type ClientFrame =
  | { kind: 'command'; id: RequestId; name: string; payload: unknown }
  | { kind: 'rejected'; id: RequestId | null; error: ApiError };

export interface ReplyFrame {
  type: 'reply';
  id: RequestId | null;
  ok: boolean;
  result?: unknown;
  error?: ApiError;
}

export interface EventFrame {
  type: 'event';
  name: EventName;
  payload: unknown;
}

export function parseClientFrame(data: string, byteLength: number): ClientFrame {
  if (byteLength > MAX_MESSAGE_BYTES) {
    return reject(null, 'too-large', `Message of ${byteLength} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`);
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return reject(null, 'malformed', 'Message is not valid JSON');
  }
  const envelope = commandEnvelope.safeParse(json);
  if (!envelope.success) {
    return reject(salvageId(json), 'malformed', 'Message is not a command: expected {type:"command", id, name, payload}');
  }
  const { id, name, payload } = envelope.data;
  return { kind: 'command', id, name, payload };
}

export function replyFrame(id: RequestId | null, reply: Reply): ReplyFrame {
  return reply.ok ? { type: 'reply', id, ok: true, result: reply.result } : { type: 'reply', id, ok: false, error: reply.error };
}

export function eventFrame(name: EventName, payload: unknown): EventFrame {
  return { type: 'event', name, payload };
}

function reject(id: RequestId | null, code: ApiError['code'], message: string): ClientFrame {
  return { kind: 'rejected', id, error: { code, message } };
}

/** So a caller can match the error to its request when only the rest of the envelope is wrong. */
function salvageId(json: unknown): RequestId | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 64) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  return null;
}
