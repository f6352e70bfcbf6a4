import { afterEach, describe, expect, it } from 'vitest';
import {
  READER_MESSAGES,
  SIMULATOR_DECK,
  UNDECODABLE_READ,
  createCardReader,
  createSerialTransport,
  describeSw3,
  type DeckCardId,
} from '../../../drivers/idcard/index.ts';
import { FAST, commandsNamed, recordingLog, startRig, waitFor, waitForCount, waitForHealth, type Rig } from './support.ts';

/**
 * The reading loop of facts/idcard.md §7.2, end to end: the serial transport on one end of a
 * real pty pair, the simulated reader on the other, at 115200 baud's pace.
 */

let rig: Rig | undefined;

afterEach(async () => {
  const done = rig;
  rig = undefined;
  if (!done) return;
  await done.close();
  // facts §7.2: the reader's rate is never changed from the kiosk.
  expect(done.simulator.received.filter((c) => c.cmd === 0x60)).toEqual([]);
});

async function connected(options = FAST): Promise<Rig> {
  rig = await startRig(options);
  await waitForHealth(rig.reader, (h) => h.state === 'ok', 'the reader to connect');
  return rig;
}

describe('reading cards', () => {
  it('connects with SAM status and SAM ID, and reports them as health', async () => {
    const r = await connected();
    expect(r.reader.health()).toMatchObject({ state: 'ok', connected: true, samId: '05.01-20101129-0012345678-1234567890' });
    expect(r.simulator.received.slice(0, 2).map((c) => c.command)).toEqual(['samStatus', 'samId']);
  });

  it.each<DeckCardId>(['resident', 'residentDated', 'expired', 'hkMacaoTaiwan', 'foreigner2017', 'foreigner2023'])(
    'reads the %s card with every field decoded',
    async (id) => {
      const r = await connected();
      const card = waitFor(r.on.card, 'a card');
      r.simulator.place(id);
      const [event] = await card;
      expect(event.read.text).toEqual(SIMULATOR_DECK[id].text);
      expect(event.read.photo).toEqual(SIMULATOR_DECK[id].photo);
      expect(event.read.fingerprint).toBeUndefined();
      expect(event.appendedAddresses).toEqual([]);
      expect(r.problems).toEqual([]);
    },
  );

  it('decodes 长期 as long-term and keeps an expired end date as it is', async () => {
    const r = await connected();
    const first = waitFor(r.on.card, 'the long-term card');
    r.simulator.place('resident');
    expect((await first)[0].read.text).toMatchObject({ validity: { start: '2010-05-01', end: 'long-term' } });
    const removed = waitFor(r.on.removed, 'removal');
    r.simulator.lift();
    await removed;
    const second = waitFor(r.on.card, 'the expired card');
    r.simulator.place('expired');
    expect((await second)[0].read.text).toMatchObject({ validity: { end: '2024-05-10' } });
  });

  it('hands over the appended address of a card that has one', async () => {
    const r = await connected();
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('movedHouse');
    expect((await card)[0].appendedAddresses).toEqual(SIMULATOR_DECK.movedHouse.appendedAddresses);
  });

  it('reads with fingerprints (30 10) when so configured, and accepts a card without any', async () => {
    const r = await connected({ ...FAST, readCommand: 'readWithFingerprint' });
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    const [event] = await card;
    expect(event.read.text).toEqual(SIMULATOR_DECK.resident.text);
    expect(commandsNamed(r.simulator.received, 'readWithFingerprint')).toHaveLength(1);
    expect(commandsNamed(r.simulator.received, 'readText')).toHaveLength(0);
  });
});

describe('presence', () => {
  it('reports a lifted card within a second, with the default poll interval', async () => {
    const r = await connected({ ...FAST, presenceIntervalMs: 300 });
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    await card;
    const removed = waitFor(r.on.removed, 'removal', { timeoutMs: 1_000 });
    const liftedAt = Date.now();
    r.simulator.lift();
    const [event] = await removed;
    expect(event.reason).toBe('lifted');
    expect(Date.now() - liftedAt).toBeLessThan(1_000);
  });

  it('polls a card left on the reader with 30 03 only: no removal, no second read, no find', async () => {
    const r = await connected();
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    await card;
    const readAt = r.simulator.received.length;
    await waitForCount(r.on.command('readAppendedAddress'), 10, 'presence polls');
    const since = r.simulator.received.slice(readAt);
    expect(new Set(since.map((c) => c.command))).toEqual(new Set(['readAppendedAddress']));
    expect(r.cards).toHaveLength(1);
    expect(r.removals).toEqual([]);
  });

  it('reads a card again once it has been lifted and placed again', async () => {
    const r = await connected();
    const first = waitFor(r.on.card, 'the first read');
    r.simulator.place('foreigner2017');
    await first;
    const removed = waitFor(r.on.removed, 'removal');
    r.simulator.lift();
    await removed;
    const second = waitFor(r.on.card, 'the second read');
    r.simulator.place('foreigner2017');
    await second;
    expect(r.cards.map((c) => c.read.text.cardType)).toEqual(['foreigner-2017', 'foreigner-2017']);
    expect(r.removals.map((e) => e.reason)).toEqual(['lifted']);
  });

  it('takes a lost presence reply for a fault on the line, not a removal', async () => {
    const r = await connected({ ...FAST, timeouts: { appendedAddress: 200 } });
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    await card;
    const faults = r.reader.health().protocolErrors;
    r.simulator.dropNextReplies(2);
    // Two timeouts and then answered polls: the card is still there.
    await waitForCount(r.on.command('readAppendedAddress'), 5, 'presence polls', { timeoutMs: 3_000 });
    expect(r.removals).toEqual([]);
    expect(r.cards).toHaveLength(1);
    expect(r.reader.health().protocolErrors).toBe(faults + 2);
  });

  it('keeps track of a card through a re-initialisation after faults, so it is still known when lifted', async () => {
    const r = await connected({ ...FAST, timeouts: { appendedAddress: 200 } });
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    await card;
    // Three lost replies in a row: the reader is re-initialised (SAM status), its field never
    // switched off, so the card lies there halted and still selected, and find would not see it.
    const reinit = waitFor(r.on.command('samStatus'), 'the re-initialisation', { timeoutMs: 3_000 });
    r.simulator.dropNextReplies(3);
    await reinit;
    await waitForCount(r.on.command('readAppendedAddress'), 3, 'presence polls after it', { timeoutMs: 3_000 });
    expect(r.removals).toEqual([]);

    const removed = waitFor(r.on.removed, 'removal', { timeoutMs: 1_000 });
    r.simulator.lift();
    expect((await removed)[0].reason).toBe('lifted');
    expect(r.cards).toHaveLength(1);
  });

  it('gives the card up as lost once re-initialising stops helping: a faulty reader cannot say it was taken', async () => {
    const r = await connected({ ...FAST, timeouts: { appendedAddress: 200 } });
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    await card;
    const removed = waitFor(r.on.removed, 'the card given up', { timeoutMs: 12_000 });
    // From now on the SAM answers (status, reset) but no card command does: every presence poll's reply is lost.
    const off = r.on.command('readAppendedAddress')(() => r.simulator.dropNextReplies(1));
    try {
      for (let round = 1; round <= 2; round++) {
        await waitFor(r.on.command('samStatus'), `re-initialisation ${round}`, { timeoutMs: 3_000 });
        await waitFor(r.on.command('readAppendedAddress'), `a presence poll after re-initialisation ${round}`, { timeoutMs: 3_000 });
        expect(r.removals, `still kept after re-initialisation ${round}`).toEqual([]);
      }
      // Kept, the card would be asked back every few seconds for ever after its owner had gone.
      expect((await removed)[0].reason).toBe('reader-lost');
    } finally {
      off();
    }
  });
});

describe('card problems', () => {
  it('tells the person to place the card again, and backs off instead of re-reading in a tight loop', async () => {
    const r = await connected();
    const problems = waitForCount(r.on.problem, 3, 'card problems', { timeoutMs: 5_000 });
    r.simulator.place('failsAuthentication');
    const seen = (await problems).map(([p]) => p);
    expect(seen[0]?.status).toEqual(describeSw3(0x31));
    expect(seen[0]?.status.message.zh).toBe('没有读出来。请把身份证拿起来，再平放到读卡区上。');
    expect(r.cards).toEqual([]);

    // One read per problem, each after a back-off that doubles: 200 ms, then 400 ms.
    const reads = commandsNamed(r.simulator.received, 'readText');
    expect(reads).toHaveLength(3);
    const gaps = reads.slice(1).map((read, i) => read.at - (reads[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(400);
    expect(r.reader.health().state).toBe('ok');
  });

  it('tells the person when a card keeps reading back data that does not decode, rather than leave them waiting', async () => {
    const r = await connected();
    // Every read reply is well formed but carries a corrupted ID number (byte 7 + 3 + 4 + 122).
    r.on.command('readText')(() => r.simulator.corruptNextReply('readText', { byte: 7 + 3 + 4 + 122, keepChecksum: true }));
    const problem = waitFor(r.on.problem, 'a card problem');
    r.simulator.place('resident');
    const [event] = await problem;
    expect(event.status).toEqual(UNDECODABLE_READ);
    expect(event.status.message.en).toBe("The card wasn't read. Please place it again, or ask a member of staff.");
    expect(commandsNamed(r.simulator.received, 'readText')).toHaveLength(3);
    expect(r.cards).toEqual([]);
  });

  it('logs a card listener that throws, and still tells the listeners after it', async () => {
    const r = await connected();
    r.reader.on('card', () => {
      throw new Error('listener bug');
    });
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    await card;
    expect(r.log.entries).toContainEqual({ level: 'error', details: { event: 'card', error: 'Error' }, message: 'an ID-card reader listener threw' });
  });
});

describe('garbage on the line', () => {
  it('counts noise between commands as protocol errors and makes nothing of it', async () => {
    const r = await connected();
    const before = r.reader.health().protocolErrors;
    const counted = waitForHealth(r.reader, (h) => h.protocolErrors > before, 'the noise to be counted');
    await r.simulator.injectNoise(Uint8Array.from([0x55, 0xaa, 0xaa, 0x13, 0x37, 0x00, 0xff, 0x96, 0x69]));
    await counted;
    await waitForCount(r.on.command('findCard'), 3, 'finds after the noise');
    expect(r.cards).toEqual([]);
    expect(r.removals).toEqual([]);
  });

  it.each([
    ['a broken checksum', { byte: 300, keepChecksum: false }],
    // Byte 7 + 3 + 4 + 122 is the ID number's first digit: a well-formed frame with a wrong number.
    ['a well-formed frame carrying a corrupted ID number', { byte: 7 + 3 + 4 + 122, keepChecksum: true }],
  ])('never turns a read reply with %s into an identity; it reads again', async (_, corruption) => {
    const r = await connected();
    const before = r.reader.health().protocolErrors;
    r.simulator.corruptNextReply('readText', corruption);
    const card = waitFor(r.on.card, 'a card');
    r.simulator.place('resident');
    const [event] = await card;
    expect(event.read.text).toEqual(SIMULATOR_DECK.resident.text);
    expect(r.cards).toHaveLength(1);
    expect(commandsNamed(r.simulator.received, 'readText')).toHaveLength(2);
    expect(r.reader.health().protocolErrors).toBeGreaterThan(before);
  });
});

describe('reader faults', () => {
  it('reports an unplugged reader as not connected, and reads again within 2 s of it coming back', async () => {
    const r = await connected();
    const card = waitFor(r.on.card, 'a card before unplugging');
    r.simulator.place('resident');
    await card;

    const lost = waitFor(r.on.removed, 'removal when the reader goes');
    await r.simulator.unplug();
    expect((await lost)[0].reason).toBe('reader-lost');
    const fault = await waitForHealth(r.reader, (h) => h.state === 'fault', 'a fault', 3_000);
    expect(fault).toMatchObject({ connected: false, message: READER_MESSAGES.notConnected });
    expect(fault.message.zh).toBe('身份证阅读器没有连接');

    // The reader lost power with the card on it, so the card is read afresh.
    const again = waitFor(r.on.card, 'a card after replugging', { timeoutMs: 4_000 });
    const pluggedAt = Date.now();
    await r.simulator.replug();
    await waitForHealth(r.reader, (h) => h.state === 'ok' && h.connected, 'the reader back', 2_000);
    expect(Date.now() - pluggedAt).toBeLessThan(2_000);
    await again;
    expect(r.cards).toHaveLength(2);
  });

  it('retries a SAM self-test failure (60), then reports a fault, and recovers when it clears', async () => {
    const r = await connected();
    const startedAt = r.simulator.received.length;
    r.simulator.failNextWith(0x60, Number.POSITIVE_INFINITY);
    const fault = await waitForHealth(r.reader, (h) => h.state === 'fault', 'a fault', 4_000);
    expect(fault.message.zh).toContain('60');
    expect(fault.connected).toBe(false);

    const sent = r.simulator.received.slice(startedAt);
    // Three connection attempts, each checking the SAM, resetting it and checking again.
    expect(commandsNamed(sent, 'reset').length).toBeGreaterThanOrEqual(3);
    // Backing off, not hammering: 250 + 500 ms between those attempts.
    const resets = commandsNamed(sent, 'reset');
    expect((resets[2]?.at ?? 0) - (resets[0]?.at ?? 0)).toBeGreaterThanOrEqual(700);
    expect(sent.length).toBeLessThan(20);

    r.simulator.clearFailures();
    await waitForHealth(r.reader, (h) => h.state === 'ok', 'recovery', 2_000);
    const card = waitFor(r.on.card, 'a card after recovery');
    r.simulator.place('hkMacaoTaiwan');
    expect((await card)[0].read.text.cardType).toBe('hk-macao-taiwan');
  });

  it('reports a reader that is not there as not connected, without throwing', async () => {
    const log = recordingLog();
    const reader = createCardReader({ transport: createSerialTransport({ path: '/dev/linli-no-such-reader' }) }, { log });
    reader.start();
    try {
      const fault = await waitForHealth(reader, (h) => h.state === 'fault', 'a fault');
      expect(fault).toMatchObject({ connected: false, message: READER_MESSAGES.notConnected });
    } finally {
      await reader.stop();
    }
    expect(log.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
