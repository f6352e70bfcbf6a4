import type { FrameError, ResponseFrame } from './frame.ts';
import { err, ok, type Result } from './result.ts';

/**
 * How the reader device reaches the SAM module: one request frame out, one response frame back.
 *
 * The protocol is the same GA 467 frame on every wire (facts/idcard.md §1.1, §1.3), so the
 * reading loop is written once against this interface. Serial and the 0400:C35A USB bulk
 * interface implement it here; a HID reader would implement it by chunking frames into reports,
 * once a real unit has been captured (facts §6, §9: no public SAM-over-HID framing is known).
 */
export interface ReaderTransport {
  /** For logs and the staff health screen, e.g. "serial /dev/ttyUSB0". Never personal data. */
  readonly description: string;
  open(): Promise<Result<void, TransportError>>;
  /** Idempotent. Ends any request in flight with `closed`; does not emit `closed`. */
  close(): Promise<void>;
  /**
   * Sends one frame and waits for one whole, checksummed reply. Requests are answered in the
   * order they were made; the protocol's replies carry no command byte (facts §1.1), so a
   * transport never has more than one on the wire.
   */
  request(frame: Uint8Array, timeoutMs: number): Promise<Result<ResponseFrame, TransportError>>;
  on<E extends keyof TransportEvents & string>(event: E, listener: (...args: TransportEvents[E]) => void): () => void;
}

export type TransportEvents = {
  /** The device went away while open (unplugged, port vanished). Emitted once per open. */
  closed: [];
  /**
   * Every fault on the line as it happens, including noise between requests and replies that
   * came too late, so the device can count what `request` results alone would not show.
   */
  'protocol-error': [ProtocolFault];
};

export type ProtocolFault =
  | FrameError
  | { readonly kind: 'timeout'; readonly pendingBytes: number }
  /** A whole reply that arrived when no request was waiting: a late answer to an earlier one. */
  | { readonly kind: 'stray-frame' };

/** Values only: no bytes of the frame, which may hold a card's text. */
export type TransportError =
  | { readonly kind: 'timeout'; readonly pendingBytes: number }
  | { readonly kind: 'bad-frame'; readonly error: FrameError }
  /** Not open, closed while waiting, or the device vanished. */
  | { readonly kind: 'closed' }
  /** Opening or writing failed; `message` is the operating system's, which names no card data. */
  | { readonly kind: 'io'; readonly message: string };

export function describeTransportError(error: TransportError): string {
  switch (error.kind) {
    case 'timeout':
      return `no whole reply in time (${error.pendingBytes} bytes held)`;
    case 'bad-frame':
      return `bad frame (${error.error.kind})`;
    case 'closed':
      return 'not connected';
    case 'io':
      return error.message;
  }
}

/**
 * After a request gave up (timeout, bad frame), its reply or the rest of it may still come, and
 * the frames carry no command byte (facts §1.1): whatever is left would be taken as the next
 * request's answer, and every answer after it would be one behind. So before the next request
 * a transport listens in short rounds until one round hears nothing. A reply still on its way
 * when the request gave up lands within a round or two, plus the time the rest of it takes on
 * the wire; a line that keeps yielding bytes for longer is not a late reply but a device out of
 * step, which only a fresh open can cure.
 */
export const DRAIN_ROUNDS = 4;
export const DRAIN_ROUND_MS = 20;

/** Listens for one round: whether anything came, or why listening failed. */
export type DrainRound = () => Promise<Result<boolean, TransportError>>;

/** Resolves with whether a late reply was heard, once a round is quiet. */
export async function drainLateReplies(listen: DrainRound, rounds = DRAIN_ROUNDS): Promise<Result<{ heard: boolean }, TransportError>> {
  let heard = false;
  for (let round = 0; round < rounds; round++) {
    const got = await listen();
    if (!got.ok) return got;
    if (!got.value) return ok({ heard });
    heard = true;
  }
  return err({ kind: 'io', message: 'the reader keeps sending after a failed request' });
}
