import { z } from 'zod';

/**
 * What the duty centre sends on `<prefix>/<kiosk>/alarm/ack` when someone there has taken an
 * alarm on: which alarm, and who (shown to the person as "值班中心已确认", and to staff by name).
 * It comes from the network, so it is checked like any command: a malformed one is refused in
 * words and changes nothing.
 */
const ackSchema = z
  .object({
    alarmId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an alarm id is 1–64 letters, digits or "-"'),
    by: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters')
      .optional(),
  })
  .strict();

export type DutyCentreAck = z.infer<typeof ackSchema>;

/** The ack in a message body, or why it is not one. */
export function parseAck(body: Uint8Array): { ok: true; ack: DutyCentreAck } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { ok: false, error: 'the message is not JSON in UTF-8' };
  }
  const parsed = ackSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') };
  return { ok: true, ack: parsed.data };
}
