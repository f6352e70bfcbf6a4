import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, expect, it } from 'vitest';
import { startReaderSimulator, type ReaderSimulator, type ResidentCard } from '../../../drivers/idcard/index.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { loadSiteSecret, residentKey } from '../../../main/services/identity/secret.ts';
import { startHostProcess, type HostProcess } from '../../support/host-process.ts';
import { ApiClient, type Frame } from '../../support/ws-client.ts';
import { madeUpCard } from './cards.ts';

/**
 * DESIGN.md, "Identity and privacy", through the whole kiosk: the built kiosk process reads a card
 * from the simulator over a real pty, greets the resident, and is stopped; then the database, its
 * write-ahead log and every log file are searched, as bytes, for the card's number, name,
 * address, issuing authority and photo — in UTF-8 and in the UTF-16LE the card itself uses.
 */

const CARD = madeUpCard({
  name: '司徒婉清',
  sex: '2',
  birthDate: '1944-03-15',
  district: '440103',
  address: '广东省广州市荔湾区多宝街道宝华路十三甫9号',
  issuingAuthority: '广州市公安局荔湾分局',
});
const TEXT = CARD.text as ResidentCard;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function needles(): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (const [what, text] of [
    ['number', TEXT.idNumber],
    ['name', TEXT.name],
    ['given name', TEXT.name.slice(2)],
    ['address', TEXT.address],
    ['issuing authority', TEXT.issuingAuthority],
  ] as const) {
    out.push([`${what} (UTF-8)`, Buffer.from(text, 'utf8')], [`${what} (UTF-16LE)`, Buffer.from(text, 'utf16le')]);
  }
  out.push(['photo', Buffer.from(CARD.photo.subarray(100, 124))]);
  return out;
}

/** The database, its WAL and every log file (rotated ones unzipped), as bytes. */
function filesToSearch(dataDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of ['linli.db', 'linli.db-wal']) {
    if (existsSync(join(dataDir, name))) files.set(name, readFileSync(join(dataDir, name)));
  }
  for (const name of readdirSync(join(dataDir, 'logs'))) {
    const bytes = readFileSync(join(dataDir, 'logs', name));
    files.set(`logs/${name}`, name.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  }
  return files;
}

function expectNoneIn(files: Map<string, Buffer>): void {
  for (const [file, bytes] of files) {
    for (const [what, needle] of needles()) expect(bytes.includes(needle), `${what} found in ${file}`).toBe(false);
  }
}

async function start(): Promise<{ host: HostProcess; simulator: ReaderSimulator; api: ApiClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-privacy-'));
  const pty: PtyPair = await createPtyPair('idcard', dir);
  const simulator = await startReaderSimulator({ path: pty.devicePath, pty, deck: { person: CARD } });
  const config = join(dir, 'kiosk.config.yaml');
  writeFileSync(config, ['kiosk: { location: 一楼大厅 }', 'devices:', `  idcard: { kind: serial, path: "${pty.kioskPath}" }`, ''].join('\n'));
  // Every level kept, so whatever any part of the kiosk would log about a card is searched too.
  const host = await startHostProcess({ args: ['--config', config], env: { LINLI_LOG_LEVEL: 'debug' } });
  const api = await ApiClient.connect(host.url);
  cleanup.push(async () => {
    api.close();
    await host.stop();
    await simulator.close();
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(host.dataDir, { recursive: true, force: true });
  });
  return { host, simulator, api };
}

const event = (name: string, match: (payload: any) => boolean) => (f: Frame) => f.type === 'event' && f.name === name && match(f.payload);

it('a card read through the kiosk leaves no number, name, address or photo in the database, its WAL, the logs or the screen', async () => {
  const { host, simulator, api } = await start();
  simulator.place('person');
  const greeted = await api.next(event('identity.session', (p) => p.session?.cardOnReader === true), 10_000);
  expect(greeted.payload).toMatchObject({ session: { greeting: { zh: '司徒奶奶，您好' }, maskedNumber: '4401**********' + TEXT.idNumber.slice(-4) } });

  // The visit went to the WAL under its key: the search below searches a file that holds it.
  const key = residentKey(loadSiteSecret(host.dataDir, { create: false }).secret, TEXT.idNumber);
  await expect.poll(() => readFileSync(join(host.dataDir, 'linli.db-wal')).includes(Buffer.from(key)), { timeout: 5_000 }).toBe(true);

  simulator.lift();
  await api.next(event('identity.session', (p) => p.session?.cardOnReader === false), 5_000);
  const done = await api.command('done', 'identity.done');
  expect(done.result).toEqual({ ended: true });
  await api.next(event('identity.session', (p) => p.session === null));

  const whileRunning = filesToSearch(host.dataDir);
  expect([...whileRunning.keys()]).toEqual(expect.arrayContaining(['linli.db', 'linli.db-wal', 'logs/kiosk.log']));
  expectNoneIn(whileRunning);
  expect(await host.stop()).toBe(0);

  const afterStop = filesToSearch(host.dataDir);
  expectNoneIn(afterStop);
  const log = afterStop.get('logs/kiosk.log')!.toString('utf8');
  // The card was logged — masked — so the search above searched lines about it.
  expect(log).toContain('ID card read');
  expect(log).toContain(`4401**********${TEXT.idNumber.slice(-4)}`);
  expect(log).toContain('resident session opened');
  const database = Buffer.concat([afterStop.get('linli.db')!, afterStop.get('linli.db-wal') ?? Buffer.alloc(0)]);
  expect(database.includes(Buffer.from(key))).toBe(true);

  // Nor did the screen get more than it may show.
  const sent = JSON.stringify(api.frames.filter((f) => f.type === 'event' && String(f.name).startsWith('identity.')));
  for (const secret of [TEXT.idNumber, TEXT.name, TEXT.name.slice(2), TEXT.address, TEXT.issuingAuthority, TEXT.birthDate, key]) {
    expect(sent.includes(secret), secret).toBe(false);
  }
});
