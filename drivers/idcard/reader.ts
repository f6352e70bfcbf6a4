import type { DeviceState, PlainText } from '../health.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { buildRequest, type CommandName, type ResponseFrame } from './frame.ts';
import { maskCardNumber } from './mask.ts';
import { HealthTracker, READER_MESSAGES, readerFaultMessage, type ReaderHealth } from './reader-health.ts';
import {
  DEFAULT_TIMEOUTS,
  type CardReader,
  type CardReaderDeps,
  type CardReaderEvents,
  type CardReaderOptions,
  type CardRemovedEvent,
  type Clock,
  type CommandTimeouts,
  type ReaderLog,
} from './reader-types.ts';
import { parseAppendedAddressResponse, parseReadResponse, parseSamId, type CardRead, type ReadCommand, type ReplyError } from './response.ts';
import { describeSw3, UNDECODABLE_READ, type Sw3Status } from './status.ts';
import { describeTransportError, type ReaderTransport, type TransportError } from './transport.ts';

/**
 * The ID-card reader device: runs the reading loop of facts/idcard.md §7.2 over a transport and
 * turns it into card events and health for staff.
 *
 * Idle, it sends find every `findIntervalMs`; a found card is selected and read. A card that was
 * read is halted, so find fails whether it still lies there or not; its presence is tracked
 * instead by re-sending the appended-address read (30 03) every `presenceIntervalMs` with no
 * find in between (a find would end the selection and look like a removal).
 */

const FOUND = 0x9f; // facts §2.2
const SUCCESS = 0x90;
const NO_CONTENT = 0x91;
const NO_CARD = 0x80;
const UNRECOGNISED_CARD = 0x40;

// facts §7.2: one 10/11/21, a lost reply or a garbled frame can be the line; three in a row are
// the reader, so it is re-initialised (SAM status, reset).
const FAULTS_BEFORE_REINIT = 3;
// Re-initialising cures a reader out of step at once; when this many in a row are followed by no
// answered command, its SAM answers but the reader cannot read cards, and staff are told.
const REINITS_BEFORE_FAULT = 3;
// Connection attempts fail this many times (about 0.75 s of backoff) before staff are told.
const ATTEMPTS_BEFORE_FAULT = 3;
// Capped at 1 s so a reader plugged back in is in use within 2 s.
const RECONNECT_BASE_MS = 250;
const RECONNECT_MAX_MS = 1_000;
const RETRY_BASE_MS = 100;
// The card stays selected after a reply lost on the line, so the read is simply sent again.
const READ_ATTEMPTS = 3;
// facts §7.1: S8 asks for the SAM ID up to three times because some modules answer it wrongly.
const SAM_ID_ATTEMPTS = 3;
const MAX_PROBLEM_DOUBLINGS = 2;

class CardReaderDevice extends TypedEmitter<CardReaderEvents> implements CardReader {
  readonly #transport: ReaderTransport;
  readonly #log: ReaderLog;
  readonly #clock: Clock;
  readonly #findIntervalMs: number;
  readonly #presenceIntervalMs: number;
  readonly #readCommand: ReadCommand;
  readonly #problemBackoffMs: number;
  readonly #timeouts: CommandTimeouts;
  readonly #health: HealthTracker;

  #running: Promise<void> | undefined;
  #stopping = false;
  #wakeUp: (() => void) | undefined;
  #connected = false;
  #connectFailures = 0;
  #faults = 0;
  /** Re-initialisations after faults since a card command was last answered. */
  #reinits = 0;
  #phase: 'finding' | 'present' = 'finding';
  #problemStreak = 0;

  constructor(options: CardReaderOptions, deps: CardReaderDeps) {
    // Listeners are the kiosk's code; one that throws must not stop the reader or the transport.
    // Only the error's name is logged: its message could quote what the listener was handed.
    super((event, error) => this.#log.error({ event, error: (error as Error)?.name }, 'an ID-card reader listener threw'));
    this.#transport = options.transport;
    this.#log = deps.log;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#findIntervalMs = options.findIntervalMs ?? 300;
    this.#presenceIntervalMs = options.presenceIntervalMs ?? 300;
    this.#readCommand = options.readCommand ?? 'readText';
    this.#problemBackoffMs = options.cardProblemBackoffMs ?? 1_500;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#health = new HealthTracker((health) => this.emit('health', health));
  }

  health(): ReaderHealth {
    return this.#health.current;
  }

  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    this.#stopping = true;
    this.#wakeUp?.();
    // Closing first ends a request in flight, which may otherwise wait out a 2 s read timeout.
    await this.#transport.close();
    await running;
    await this.#transport.close();
    this.#running = undefined;
    this.#connected = false;
    this.#phase = 'finding';
  }

  async #loop(): Promise<void> {
    const unsubscribe = [
      this.#transport.on('closed', () => {
        this.#log.warn({ transport: this.#transport.description }, 'ID-card reader link lost');
        this.#disconnect();
        this.#wakeUp?.();
      }),
      this.#transport.on('protocol-error', (fault) => {
        this.#log.debug({ fault: fault.kind }, 'ID-card reader protocol error');
        this.#health.countProtocolError();
      }),
    ];
    try {
      while (!this.#stopping) {
        try {
          if (!this.#connected) await this.#connect();
          else if (this.#phase === 'present') await this.#checkPresence();
          else await this.#lookForCard();
        } catch (error) {
          // Only the name: a listener's message could quote what it was handed.
          this.#log.error({ error: (error as Error)?.name }, 'ID-card reader loop step failed; carrying on');
          await this.#wait(RECONNECT_MAX_MS);
        }
      }
    } finally {
      for (const off of unsubscribe) off();
    }
  }

  // ---- connecting ----------------------------------------------------------------------------

  async #connect(): Promise<void> {
    const failure = await this.#tryConnect();
    if (this.#stopping) return;
    if (!failure) return;
    this.#loseCard();
    await this.#transport.close();
    this.#connectFailures++;
    if (this.#connectFailures >= ATTEMPTS_BEFORE_FAULT) {
      if (this.#health.current.state !== 'fault') this.#log.warn({ transport: this.#transport.description, problem: failure.en }, 'ID-card reader fault');
      this.#health.set('fault', failure, { connected: false });
    } else {
      this.#health.set('degraded', READER_MESSAGES.connecting, { connected: false });
    }
    await this.#wait(Math.min(RECONNECT_BASE_MS * 2 ** (this.#connectFailures - 1), RECONNECT_MAX_MS));
  }

  /** Opens the link and checks the SAM module; returns what is wrong, or nothing when ready. */
  async #tryConnect(): Promise<PlainText | undefined> {
    const opened = await this.#transport.open();
    if (!opened.ok) return READER_MESSAGES.notConnected;
    let status = await this.#initCommand('samStatus');
    if (status && status.sw3 !== SUCCESS) {
      const reset = await this.#initCommand('reset');
      status = reset && (await this.#initCommand('samStatus'));
    }
    if (!status) return READER_MESSAGES.notConnected;
    if (status.sw3 !== SUCCESS) return readerFaultMessage(describeSw3(status.sw3).hex);
    const samId = await this.#readSamId();
    if (this.#stopping) return undefined;
    this.#connected = true;
    this.#connectFailures = 0;
    this.#faults = 0;
    // After a re-initialisation the SAM answering says nothing of the card commands that failed:
    // the health stands until one of them is answered (#ask), so it does not flicker to "ok".
    // Its words are the fault's, or "unstable": never the "connecting" of a reconnect that failed meanwhile.
    const current = this.#health.current;
    const { state, message } =
      this.#reinits === 0
        ? { state: 'ok' as const, message: READER_MESSAGES.ok }
        : current.state === 'fault'
          ? current
          : { state: 'degraded' as const, message: READER_MESSAGES.unstable };
    this.#health.set(state, message, { connected: true, samId });
    this.#log.info({ transport: this.#transport.description, samId }, 'ID-card reader connected');
    return undefined;
  }

  async #initCommand(command: CommandName): Promise<ResponseFrame | undefined> {
    if (this.#stopping) return undefined;
    const result = await this.#transport.request(buildRequest(command), this.#timeoutFor(command));
    return result.ok ? result.value : undefined;
  }

  async #readSamId(): Promise<string | undefined> {
    for (let attempt = 0; attempt < SAM_ID_ATTEMPTS; attempt++) {
      const reply = await this.#initCommand('samId');
      const parsed = reply && parseSamId(reply);
      if (parsed?.ok) return parsed.value;
    }
    return undefined;
  }

  // ---- finding and reading -------------------------------------------------------------------

  async #lookForCard(): Promise<void> {
    const found = await this.#ask('findCard');
    if (!found) return;
    if (found.sw3 !== FOUND) {
      // facts §7.2: after a read, "no card" also means "halted card"; either way it is not this loop's to re-read.
      if (found.sw3 === NO_CARD) this.#problemStreak = 0;
      await this.#wait(this.#findIntervalMs);
      return;
    }
    const selected = await this.#ask('selectCard');
    if (!selected) return;
    if (selected.sw3 !== SUCCESS) {
      const status = describeSw3(selected.sw3);
      if (status.kind === 'card' || status.kind === 'unknown') await this.#cardProblem(status);
      else await this.#wait(this.#findIntervalMs);
      return;
    }
    await this.#readCard();
  }

  async #readCard(): Promise<void> {
    let undecoded: ReplyError | undefined;
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const reply = await this.#ask(this.#readCommand);
      if (!this.#connected || this.#stopping) return;
      if (!reply) continue;
      const read = parseReadResponse(reply, this.#readCommand);
      if (read.ok) return this.#cardRead(read.value);
      if (read.error.kind === 'status') {
        const { status } = read.error;
        if (status.kind === 'no-card') return this.#wait(this.#findIntervalMs);
        return this.#cardProblem(status);
      }
      // A frame that passed its checksum but does not decode: the strict decoder is what keeps a
      // corrupted block from becoming someone else's identity (text.ts), so it counts as a fault.
      const detail = read.error.kind === 'text' ? read.error.error : { kind: read.error.reason };
      this.#log.warn({ problem: read.error.kind, detail }, 'ID-card read reply did not decode');
      this.#health.countProtocolError();
      undecoded = read.error;
    }
    // The card is halted after a read, so find answers "no card" until it is lifted: without a
    // word here the person would wait at a silent screen.
    if (undecoded === undefined) await this.#wait(this.#findIntervalMs);
    else await this.#cardProblem(isUnknownCardType(undecoded) ? describeSw3(UNRECOGNISED_CARD) : UNDECODABLE_READ);
  }

  async #cardRead(read: CardRead): Promise<void> {
    const appended = await this.#appendedAddresses();
    this.#phase = 'present';
    this.#problemStreak = 0;
    this.#log.info({ cardType: read.text.cardType, card: maskCardNumber(read.text.idNumber) }, 'ID card read');
    this.emit('card', { read, appendedAddresses: appended === 'removed' ? [] : appended, at: this.#clock.now() });
    if (appended === 'removed') this.#removed('lifted');
    else if (!this.#connected) this.#removed('reader-lost');
  }

  async #appendedAddresses(): Promise<readonly string[] | 'removed'> {
    const reply = await this.#ask('readAppendedAddress');
    if (!reply) return [];
    const parsed = parseAppendedAddressResponse(reply);
    if (parsed.ok) return parsed.value.kind === 'addresses' ? parsed.value.entries : [];
    if (parsed.error.kind === 'status') return 'removed';
    this.#health.countProtocolError();
    return [];
  }

  async #checkPresence(): Promise<void> {
    await this.#wait(this.#presenceIntervalMs);
    if (this.#stopping || !this.#connected) return;
    const reply = await this.#ask('readAppendedAddress');
    // facts §7.2: a lost or garbled reply says nothing about the card.
    if (!reply || reply.sw3 === SUCCESS || reply.sw3 === NO_CONTENT) return;
    this.#removed('lifted');
  }

  async #cardProblem(status: Sw3Status): Promise<void> {
    this.#problemStreak++;
    this.#log.warn({ status: status.hex }, 'ID card could not be read');
    this.emit('card-problem', { status, at: this.#clock.now() });
    // facts §7.2: the card is not halted after these, so find keeps succeeding; without the wait
    // the same card would be read, and fail, in a tight loop.
    await this.#wait(this.#problemBackoffMs * 2 ** Math.min(this.#problemStreak - 1, MAX_PROBLEM_DOUBLINGS));
  }

  #removed(reason: CardRemovedEvent['reason']): void {
    this.#phase = 'finding';
    this.#log.info({ reason }, 'ID card removed');
    this.emit('card-removed', { reason, at: this.#clock.now() });
  }

  // ---- commands and faults -------------------------------------------------------------------

  /**
   * Sends one command while connected. Returns the reply, or nothing after a fault on the line or
   * a reader-level refusal, both of which it has already counted, backed off from or acted on.
   */
  async #ask(command: CommandName): Promise<ResponseFrame | undefined> {
    const result = await this.#transport.request(buildRequest(command), this.#timeoutFor(command));
    if (this.#stopping || !this.#connected) return undefined;
    if (!result.ok) {
      await this.#linkFault(result.error);
      return undefined;
    }
    const status = describeSw3(result.value.sw3);
    if (status.kind === 'reader') {
      await this.#readerRefused(status);
      return undefined;
    }
    this.#faults = 0;
    this.#reinits = 0;
    if (this.#health.current.state !== 'ok') this.#health.set('ok', READER_MESSAGES.ok);
    return result.value;
  }

  async #linkFault(error: TransportError): Promise<void> {
    if (error.kind === 'closed' || error.kind === 'io') {
      this.#log.warn({ problem: describeTransportError(error) }, 'ID-card reader link failed');
      this.#disconnect();
      await this.#transport.close();
      return;
    }
    await this.#fault(describeTransportError(error), READER_MESSAGES.notAnswering);
  }

  async #readerRefused(status: Sw3Status): Promise<void> {
    // 10 and 11 are the reader reporting a corrupted frame from us: a protocol error on the line.
    if (status.code === 0x10 || status.code === 0x11) this.#health.countProtocolError();
    // 60/66: the SAM cannot work until it is reset, so there is nothing to gain by repeating.
    if (status.code === 0x60 || status.code === 0x66) this.#faults = FAULTS_BEFORE_REINIT - 1;
    await this.#fault(`reader status ${status.hex}`, readerFaultMessage(status.hex));
  }

  /**
   * Retries with backoff; the third fault in a row re-initialises the reader. `words` are for
   * staff once re-initialising has stopped helping (REINITS_BEFORE_FAULT).
   */
  async #fault(problem: string, words: PlainText): Promise<void> {
    this.#faults++;
    this.#log.warn({ problem, inARow: this.#faults }, 'ID-card reader fault');
    if (this.#faults >= FAULTS_BEFORE_REINIT) {
      this.#reinits++;
      const health =
        this.#reinits >= REINITS_BEFORE_FAULT ? { state: 'fault' as const, message: words } : { state: 'degraded' as const, message: READER_MESSAGES.unstable };
      // The reader kept its power, so a card lying there is still halted and selected: find would
      // never see it again, and the person would not be called back for it. Its presence is
      // checked again once reconnected (#checkPresence); failing to reconnect loses it (#connect).
      // A reader found faulty can no longer tell whether the card is there: kept, it would be
      // asked back for ever after its owner had taken it and gone, so it is given up as lost.
      this.#disconnect(health, { keepCard: this.#reinits < REINITS_BEFORE_FAULT });
      await this.#transport.close();
      return;
    }
    // A fault already shown stays up through the retries, until a command is answered.
    if (this.#faults > 1 && this.#health.current.state !== 'fault') this.#health.set('degraded', READER_MESSAGES.unstable);
    await this.#wait(RETRY_BASE_MS * 2 ** (this.#faults - 1));
  }

  /**
   * `health`: what staff see meanwhile; a re-initialisation after faults says why, not "connecting".
   * `keepCard`: a card being tracked stays so, for #checkPresence after reconnecting.
   */
  #disconnect(
    health: { state: DeviceState; message: PlainText } = { state: 'degraded', message: READER_MESSAGES.connecting },
    { keepCard = false } = {},
  ): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#faults = 0;
    if (!keepCard) this.#loseCard();
    this.#health.set(health.state, health.message, { connected: false });
  }

  /** Off the line with a card being tracked: whether it is still there is unknown. */
  #loseCard(): void {
    if (this.#phase === 'present') this.#removed('reader-lost');
    this.#phase = 'finding';
  }

  #timeoutFor(command: CommandName): number {
    switch (command) {
      case 'findCard':
      case 'selectCard':
        return this.#timeouts.find;
      case 'readText':
        return this.#timeouts.read;
      case 'readWithFingerprint':
        return this.#timeouts.readWithFingerprint;
      case 'readAppendedAddress':
        return this.#timeouts.appendedAddress;
      case 'reset':
      case 'samStatus':
      case 'samId':
        return this.#timeouts.status;
    }
  }

  #wait(ms: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.#wakeUp === done) this.#wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wakeUp = done;
    });
  }
}

/** A card type this driver does not know fails the same way every time, and has words of its own. */
function isUnknownCardType(error: ReplyError): boolean {
  return error.kind === 'text' && error.error.kind === 'unknown-card-type';
}

export function createCardReader(options: CardReaderOptions, deps: CardReaderDeps): CardReader {
  return new CardReaderDevice(options, deps);
}
