import type { ReaderHealth } from './reader-health.ts';
import type { CardRead, ReadCommand } from './response.ts';
import type { Sw3Status } from './status.ts';
import type { ReaderTransport } from './transport.ts';

/** The card reader device's public shape: options, events and what it needs from the kiosk. */

/** pino's logger fits this; anything the driver logs is free of personal data. */
export interface ReaderLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Clock {
  now(): Date;
}

export interface CommandTimeouts {
  /** SAM status, reset and SAM ID. */
  readonly status: number;
  /** Find and select. */
  readonly find: number;
  readonly read: number;
  readonly readWithFingerprint: number;
  readonly appendedAddress: number;
}

// facts §7.1: S8 waits 300 ms for the SAM ID, 100 ms for find/select (S11: 200), 2000 ms for a
// read, 3000 ms with fingerprints and 1500 ms for the appended address. The read figures also
// cover the 1.35 s a 1295-byte reply takes on the wire at 9600 baud (facts §7.2).
export const DEFAULT_TIMEOUTS: CommandTimeouts = { status: 500, find: 300, read: 2000, readWithFingerprint: 3000, appendedAddress: 1500 };

export interface CardReaderOptions {
  readonly transport: ReaderTransport;
  readonly findIntervalMs?: number;
  readonly presenceIntervalMs?: number;
  /** 30 01 by default; 30 10 (with fingerprints) only where there is a legal basis (facts §8). */
  readonly readCommand?: ReadCommand;
  /** The wait after a card-level failure; it doubles for the same card, up to four times. */
  readonly cardProblemBackoffMs?: number;
  readonly timeouts?: Partial<CommandTimeouts>;
  readonly clock?: Clock;
}

export interface CardReaderDeps {
  readonly log: ReaderLog;
}

export interface CardEvent {
  readonly read: CardRead;
  /** The newest addresses recorded on the card after issue (30 03), oldest first; often none. */
  readonly appendedAddresses: readonly string[];
  readonly at: Date;
}

export interface CardRemovedEvent {
  /** `reader-lost`: the link dropped while a card lay there, so whether it is still there is unknown. */
  readonly reason: 'lifted' | 'reader-lost';
  readonly at: Date;
}

export interface CardProblemEvent {
  /** `status.message` is what to tell the person, e.g. "请把身份证重新放好". */
  readonly status: Sw3Status;
  readonly at: Date;
}

export type CardReaderEvents = {
  card: [CardEvent];
  'card-removed': [CardRemovedEvent];
  'card-problem': [CardProblemEvent];
  health: [ReaderHealth];
};

export interface CardReader {
  on<E extends keyof CardReaderEvents & string>(event: E, listener: (...args: CardReaderEvents[E]) => void): () => void;
  once<E extends keyof CardReaderEvents & string>(event: E, listener: (...args: CardReaderEvents[E]) => void): void;
  start(): void;
  /** Ends the loop and closes the transport; resolves when both are done. */
  stop(): Promise<void>;
  health(): ReaderHealth;
}
