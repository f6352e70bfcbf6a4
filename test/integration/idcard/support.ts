import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCardReader,
  createSerialTransport,
  startReaderSimulator,
  type CardEvent,
  type CardProblemEvent,
  type CardReader,
  type CardReaderOptions,
  type CardRemovedEvent,
  type CommandName,
  type ReaderHealth,
  type ReaderLog,
  type ReaderSimulator,
  type ReaderTransport,
  type ReceivedCommand,
} from '../../../drivers/idcard/index.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly details: object;
  readonly message: string;
}

/** A logger that keeps every line, debug included, as the JSON a real one would write. */
export function recordingLog(): ReaderLog & { entries: LogEntry[]; lines(): string[] } {
  const entries: LogEntry[] = [];
  const keep = (level: LogEntry['level']) => (details: object, message: string) => void entries.push({ level, details, message });
  return {
    entries,
    lines: () => entries.map((e) => JSON.stringify(e)),
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
  };
}

type Subscribe<A extends unknown[]> = (listener: (...args: A) => void) => () => void;

/**
 * Resolves with the first call whose arguments satisfy `matches`, rejecting after `timeoutMs`
 * with what was awaited. Subscribe before causing the event.
 */
export function waitFor<A extends unknown[]>(
  subscribe: Subscribe<A>,
  what: string,
  { matches = () => true, timeoutMs = 3_000 }: { matches?: (...args: A) => boolean; timeoutMs?: number } = {},
): Promise<A> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = subscribe((...args) => {
      if (!matches(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/** Resolves once `count` calls have satisfied `matches`. */
export function waitForCount<A extends unknown[]>(
  subscribe: Subscribe<A>,
  count: number,
  what: string,
  { matches = () => true, timeoutMs = 3_000 }: { matches?: (...args: A) => boolean; timeoutMs?: number } = {},
): Promise<A[]> {
  const seen: A[] = [];
  return waitFor(subscribe, `${count} × ${what}`, {
    timeoutMs,
    matches: (...args) => {
      if (matches(...args)) seen.push(args);
      return seen.length >= count;
    },
  }).then(() => seen);
}

export function waitForHealth(reader: CardReader, matches: (h: ReaderHealth) => boolean, what: string, timeoutMs = 3_000): Promise<ReaderHealth> {
  const now = reader.health();
  if (matches(now)) return Promise.resolve(now);
  return waitFor((l: (h: ReaderHealth) => void) => reader.on('health', l), what, { matches, timeoutMs }).then(([h]) => h);
}

export interface Rig {
  readonly pty: PtyPair;
  readonly simulator: ReaderSimulator;
  readonly transport: ReaderTransport;
  readonly reader: CardReader;
  readonly log: ReturnType<typeof recordingLog>;
  readonly cards: CardEvent[];
  readonly removals: CardRemovedEvent[];
  readonly problems: CardProblemEvent[];
  /** Subscriptions for `waitFor`. */
  readonly on: {
    card: Subscribe<[CardEvent]>;
    removed: Subscribe<[CardRemovedEvent]>;
    problem: Subscribe<[CardProblemEvent]>;
    command: (name: CommandName) => Subscribe<[ReceivedCommand]>;
  };
  close(): Promise<void>;
}

// Short enough to keep the suite quick, long enough that the simulator's paced 1295-byte reply
// (about 112 ms at 115200 baud) and the pty never race a timeout on a loaded machine.
export const FAST: Partial<CardReaderOptions> = { findIntervalMs: 50, presenceIntervalMs: 80, cardProblemBackoffMs: 200 };

/** A pty pair with the simulator on one end and a started reader, over the serial transport, on the other. */
export async function startRig(options: Partial<CardReaderOptions> = FAST, baudRate = 115_200): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-idcard-test-'));
  const pty = await createPtyPair('idcard', dir);
  const simulator = await startReaderSimulator({ path: pty.devicePath, baudRate, pty });
  const transport = createSerialTransport({ path: pty.kioskPath, baudRate });
  const log = recordingLog();
  const reader = createCardReader({ ...options, transport }, { log });
  const cards: CardEvent[] = [];
  const removals: CardRemovedEvent[] = [];
  const problems: CardProblemEvent[] = [];
  reader.on('card', (e) => void cards.push(e));
  reader.on('card-removed', (e) => void removals.push(e));
  reader.on('card-problem', (e) => void problems.push(e));
  reader.start();
  return {
    pty,
    simulator,
    transport,
    reader,
    log,
    cards,
    removals,
    problems,
    on: {
      card: (l) => reader.on('card', l),
      removed: (l) => reader.on('card-removed', l),
      problem: (l) => reader.on('card-problem', l),
      command: (name) => (l) => simulator.on('command', (c) => (c.command === name ? l(c) : undefined)),
    },
    async close() {
      await reader.stop();
      await simulator.close();
      await pty.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const commandsNamed = (received: readonly ReceivedCommand[], name: CommandName): ReceivedCommand[] =>
  received.filter((c) => c.command === name);
