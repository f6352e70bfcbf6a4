import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SerialPort } from 'serialport';
import { createPtyPair, type PtyPair } from '../serial/pty.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { PREAMBLE, REQUEST_FRAMES, buildResponse, xorChecksum, type CommandName, type RequestFrame } from './frame.ts';
import { DEFAULT_BAUD_RATE } from './serial-transport.ts';
import { CardSlot, SIMULATOR_DECK, type DeckCardId, type SimulatedCard } from './simulator-deck.ts';
import { FrameSplitter } from './stream.ts';

/**
 * A GA 467 ID-card reader on the far end of a pty pair, for tests and the kiosk's `--simulate`
 * mode. It answers as facts/idcard.md describes a real one: frames at the wire pace of its baud
 * rate, halted cards after a read (find says "no card" until the card is lifted and placed
 * again, while 30 03 keeps answering 90/91), and faults on demand.
 */

export interface ReaderSimulatorOptions {
  /** The device end of the pty pair. */
  readonly path: string;
  readonly baudRate?: number;
  /** Needed for unplug()/replug(): the pair whose kiosk end vanishes, as a pulled USB cable's does. */
  readonly pty?: Pick<PtyPair, 'unplug' | 'replug'>;
  readonly deck?: Readonly<Record<string, SimulatedCard>>;
}

export interface ReceivedCommand {
  readonly cmd: number;
  readonly para: number;
  /** Undefined for a well-formed frame this protocol does not define (or a 60 xx rate change). */
  readonly command: CommandName | undefined;
  /** Milliseconds since the simulator started. */
  readonly at: number;
}

export type ReaderSimulatorEvents = {
  command: [ReceivedCommand];
};

export interface ReplyCorruption {
  /** Offset in the reply frame of the byte to invert. */
  readonly byte: number;
  /** Recompute the checksum afterwards, so the frame is well formed but its content is wrong. */
  readonly keepChecksum?: boolean;
}

export interface ReaderSimulator {
  on<E extends keyof ReaderSimulatorEvents & string>(event: E, listener: (...args: ReaderSimulatorEvents[E]) => void): () => void;
  /** Every command received, in order. */
  readonly received: readonly ReceivedCommand[];
  place(cardId: string): void;
  lift(): void;
  /** The next `count` commands (any) are answered with this SW3 and no data, e.g. 0x60. */
  failNextWith(sw3: number, count?: number): void;
  clearFailures(): void;
  /** The next `count` commands are carried out but their replies are lost on the line. */
  dropNextReplies(count?: number): void;
  /** The next reply to `command` goes out with one byte inverted. */
  corruptNextReply(command: CommandName, corruption: ReplyCorruption): void;
  /** Sends bytes that are not a frame, at the line's pace. */
  injectNoise(bytes: Uint8Array): Promise<void>;
  /** Takes the reader off the line: the kiosk's end of the pty disappears. The card stays put. */
  unplug(): Promise<void>;
  /** Puts it back: same path, the SAM and field powered up afresh. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

// 1 start bit + 8 data bits + 1 stop bit per byte (8N1, facts §2.1).
const BITS_PER_BYTE = 10;
// Replies go out in pieces, as a USB-serial adapter delivers them, so the host's splitter sees
// frames cut at arbitrary points.
const CHUNK_BYTES = 64;
// facts §1.1: SW3 10 = checksum error, 11 = length error in the host's frame.
const CHECKSUM_ERROR = 0x10;
const LENGTH_ERROR = 0x11;

class Simulator extends TypedEmitter<ReaderSimulatorEvents> implements ReaderSimulator {
  readonly received: ReceivedCommand[] = [];
  readonly #path: string;
  readonly #baudRate: number;
  readonly #pty: Pick<PtyPair, 'unplug' | 'replug'> | undefined;
  readonly #deck: Readonly<Record<string, SimulatedCard>>;
  readonly #slot = new CardSlot();
  readonly #started = performance.now();
  #port: SerialPort | undefined;
  #splitter = new FrameSplitter(REQUEST_FRAMES);
  #line: Promise<void> = Promise.resolve();
  #failures: { sw3: number; count: number } | undefined;
  #drops = 0;
  readonly #corruptions = new Map<CommandName, ReplyCorruption>();

  constructor(options: ReaderSimulatorOptions) {
    super();
    this.#path = options.path;
    this.#baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
    this.#pty = options.pty;
    this.#deck = options.deck ?? SIMULATOR_DECK;
  }

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.#path, baudRate: this.#baudRate, autoOpen: false });
    // The kiosk's end vanishing closes this end too; replug() opens a new port.
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => {
      if (this.#port === port) this.#receive(chunk);
    });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    this.#splitter = new FrameSplitter(REQUEST_FRAMES);
    this.#port = port;
  }

  place(cardId: string): void {
    const card = this.#deck[cardId];
    if (!card) throw new RangeError(`no card "${cardId}" in the simulator's deck`);
    this.#slot.place(card);
  }

  lift(): void {
    this.#slot.lift();
  }

  failNextWith(sw3: number, count = 1): void {
    this.#failures = { sw3, count };
  }

  clearFailures(): void {
    this.#failures = undefined;
  }

  dropNextReplies(count = 1): void {
    this.#drops = count;
  }

  corruptNextReply(command: CommandName, corruption: ReplyCorruption): void {
    this.#corruptions.set(command, corruption);
  }

  injectNoise(bytes: Uint8Array): Promise<void> {
    return this.#transmit(bytes);
  }

  async unplug(): Promise<void> {
    if (!this.#pty) throw new Error('this simulator was started without its pty pair, so it cannot be unplugged');
    await this.#closePort();
    await this.#pty.unplug();
  }

  async replug(): Promise<void> {
    if (!this.#pty) throw new Error('this simulator was started without its pty pair, so it cannot be replugged');
    await this.#pty.replug();
    this.#slot.powerCycle();
    await this.open();
  }

  async close(): Promise<void> {
    await this.#closePort();
  }

  async #closePort(): Promise<void> {
    const port = this.#port;
    this.#port = undefined;
    // Let a reply being paced out notice and stop, so no timer outlives the simulator.
    await this.#line;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  #receive(chunk: Buffer): void {
    const { frames, errors } = this.#splitter.push(chunk);
    // facts §2.2: the reader names what was wrong with the host's frame.
    for (const error of errors) {
      if (error.kind === 'bad-checksum') void this.#transmit(buildResponse({ sw3: CHECKSUM_ERROR }));
      if (error.kind === 'bad-length') void this.#transmit(buildResponse({ sw3: LENGTH_ERROR }));
    }
    for (const frame of frames) this.#handle(frame);
  }

  #handle(request: RequestFrame): void {
    const record: ReceivedCommand = { cmd: request.cmd, para: request.para, command: request.command, at: performance.now() - this.#started };
    this.received.push(record);
    this.emit('command', record);

    let reply: Uint8Array;
    if (this.#failures && this.#failures.count > 0) {
      this.#failures.count--;
      reply = buildResponse({ sw3: this.#failures.sw3 });
    } else {
      reply = buildResponse(this.#slot.answer(request.command));
    }
    const corruption = request.command && this.#corruptions.get(request.command);
    if (request.command && corruption) {
      this.#corruptions.delete(request.command);
      reply = corrupt(reply, corruption);
    }
    if (this.#drops > 0) {
      this.#drops--;
      return;
    }
    void this.#transmit(reply);
  }

  /** Queues bytes on the line; each piece leaves when the wire would have carried it. */
  #transmit(bytes: Uint8Array): Promise<void> {
    const sent = this.#line.then(() => this.#pace(bytes));
    this.#line = sent.catch(() => undefined);
    return sent;
  }

  async #pace(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    const start = performance.now();
    for (let at = 0; at < bytes.length && port; at += CHUNK_BYTES) {
      const piece = bytes.subarray(at, at + CHUNK_BYTES);
      const due = start + ((at + piece.length) * BITS_PER_BYTE * 1000) / this.#baudRate;
      await delay(Math.max(0, due - performance.now()));
      if (this.#port !== port) return;
      port.write(Buffer.from(piece));
    }
  }
}

function corrupt(frame: Uint8Array, { byte, keepChecksum = false }: ReplyCorruption): Uint8Array {
  const copy = frame.slice();
  if (byte < 0 || byte >= copy.length) throw new RangeError(`byte ${byte} is outside a ${copy.length}-byte reply`);
  copy[byte] = (copy[byte] ?? 0) ^ 0xff;
  if (keepChecksum) copy[copy.length - 1] = xorChecksum(copy, PREAMBLE.length, copy.length - 1);
  return copy;
}

export async function startReaderSimulator(options: ReaderSimulatorOptions): Promise<ReaderSimulator> {
  const simulator = new Simulator(options);
  await simulator.open();
  return simulator;
}

export const DECK_CARD_IDS = Object.keys(SIMULATOR_DECK) as DeckCardId[];

export interface SimulatedReaderLine {
  /** Open this with the serial transport, as if it were /dev/ttyUSB0. */
  readonly kioskPath: string;
  readonly baudRate: number;
  readonly simulator: ReaderSimulator;
  close(): Promise<void>;
}

/** A pty pair with the simulator on its far end: the whole simulated reader for `--simulate`. */
export async function startSimulatedReaderLine(options: { baudRate?: number } = {}): Promise<SimulatedReaderLine> {
  const baudRate = options.baudRate ?? DEFAULT_BAUD_RATE;
  const dir = mkdtempSync(join(tmpdir(), 'linli-idcard-'));
  const pty = await createPtyPair('idcard', dir);
  try {
    const simulator = await startReaderSimulator({ path: pty.devicePath, baudRate, pty });
    return {
      kioskPath: pty.kioskPath,
      baudRate,
      simulator,
      async close() {
        await simulator.close();
        await pty.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
