import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardEvent, DecodedText } from '../../../drivers/idcard/index.ts';
import { SAMPLE_CARDS, samplePhoto } from '../../../drivers/idcard/testing/cards.ts';
import { closeLogger, createLogger, createNullLogger, LOG_FILE_NAME, REDACT_PATHS, type Logger } from '../../../main/log/logger.ts';

const ID = '11010119900307123X';
const OLD_ID = '110101900307123';
const PHONE = '13812345678';

const dirs: string[] = [];
const loggers: Logger[] = [];

afterEach(async () => {
  for (const log of loggers.splice(0)) await closeLogger(log);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-log-'));
  dirs.push(dir);
  return dir;
}

function fileLogger(dataDir: string, extra: Parameters<typeof createLogger>[0] = { dataDir }): Logger {
  const log = createLogger({ ...extra, dataDir });
  loggers.push(log);
  return log;
}

/** Any field of any decoded card type. */
type KeyOfAny<T> = T extends unknown ? keyof T : never;
type DecodedTextFields = Partial<Record<KeyOfAny<DecodedText>, unknown>>;

/** Every string anywhere in a parsed log line, keys included. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  return [];
}

function flush(log: Logger): Promise<void> {
  return new Promise((resolve, reject) => log.flush((error) => (error ? reject(error) : resolve())));
}

async function logLines(log: Logger, dataDir: string): Promise<Array<Record<string, unknown>>> {
  await flush(log);
  const text = fs.readFileSync(path.join(dataDir, 'logs', LOG_FILE_NAME), 'utf8');
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createLogger', () => {
  it('writes JSON lines to <dataDir>/logs/kiosk.log once flushed', async () => {
    const dataDir = tempDataDir();
    const log = fileLogger(dataDir);
    log.info({ component: 'store' }, 'first');
    log.warn('second');
    const lines = await logLines(log, dataDir);
    expect(lines.map((line) => line.msg)).toEqual(['first', 'second']);
    expect(lines[0]).toMatchObject({ level: 30, component: 'store' });
    expect(typeof lines[0]?.time).toBe('string');
  });

  it('keeps personal data out of the file and writes the masks instead', async () => {
    const dataDir = tempDataDir();
    const log = fileLogger(dataDir);
    log.info({ idNumber: ID, resident: { idNumber: ID, phone: PHONE }, note: `备注 ${PHONE}` }, `读卡 ${ID} 电话 ${PHONE}`);
    log.info({ detail: { text: `旧证 ${OLD_ID}` }, list: [`手机 ${PHONE}`] }, 'nested');
    log.info('interpolated %s', ID);
    log.error(new Error(`card ${ID} rejected`));
    log.error({ err: new Error(`call to ${PHONE} failed`) });
    log.child({ caller: PHONE }).info('from a child');
    log.child({ component: 'modem' }).child({ dialled: `+86 ${PHONE}` }).info('from a grandchild');

    const lines = await logLines(log, dataDir);
    const raw = fs.readFileSync(path.join(dataDir, 'logs', LOG_FILE_NAME), 'utf8');
    for (const secret of [ID, OLD_ID, PHONE]) expect(raw).not.toContain(secret);

    expect(lines[0]).toMatchObject({
      idNumber: '[redacted]',
      resident: { idNumber: '[redacted]', phone: '[redacted]' },
      note: '备注 138****5678',
      msg: '读卡 1101**********123X 电话 138****5678',
    });
    expect(lines[1]).toMatchObject({ detail: { text: '旧证 1101*******7123' }, list: ['手机 138****5678'] });
    expect(lines[2]?.msg).toBe('interpolated 1101**********123X');
    expect(lines[3]).toMatchObject({ msg: 'card 1101**********123X rejected', err: { message: 'card 1101**********123X rejected' } });
    expect((lines[3]?.err as { stack: string }).stack).toContain('1101**********123X');
    expect(lines[4]).toMatchObject({ msg: 'call to 138****5678 failed' });
    expect(lines[5]).toMatchObject({ caller: '138****5678', msg: 'from a child' });
    expect(lines[6]).toMatchObject({ component: 'modem', dialled: '+86 138****5678', msg: 'from a grandchild' });
  });

  it('keeps every personal field of every decoded card type out of the file, however deep the card is', async () => {
    const dataDir = tempDataDir();
    const log = fileLogger(dataDir);
    const fingerprint = new Uint8Array([0x43, 0x01, 0x02, 0x03]);
    const appended = '北京市海淀区温泉镇白家疃村99号';
    const events: CardEvent[] = SAMPLE_CARDS.map((text, i) => ({
      read: { text, photo: samplePhoto(i + 1), fingerprint },
      appendedAddresses: [appended],
      at: new Date('2025-01-02T03:04:05Z'),
    }));
    for (const event of events) {
      // The mistakes this guards against: a card, a read or a whole card event logged by hand,
      // at the top level, one object down, nested further, in a list, bound to a child or
      // interpolated into the message.
      log.info(event.read.text, 'card at the top level');
      log.info({ card: event.read.text }, 'decoded card');
      log.info({ read: event.read }, 'card read');
      log.info({ card: event }, 'card event');
      log.info({ reader: { session: { last: event } } }, 'card event nested in a log call');
      log.warn({ a: { b: { c: { d: { e: { card: event.read.text } } } } } }, 'card six objects down');
      log.info({ cards: [event.read.text], events: [event] }, 'cards in lists');
      log.child({ card: event.read.text }).info('card bound to a child');
      log.info('interpolated %o and %j', event.read.text, event);
    }
    // What the kiosk logs under these keys on purpose must still be there.
    log.info({ file: '0001_init.sql', version: 1, name: 'init' }, 'applied database migration');
    log.info({ cardType: 'resident', card: '1101**********002X' }, 'ID card read');

    const lines = await logLines(log, dataDir);
    const raw = fs.readFileSync(path.join(dataDir, 'logs', LOG_FILE_NAME), 'utf8');
    const written = lines.flatMap((line) => stringsIn(line));
    const personal: Array<keyof DecodedTextFields> = [
      'name', 'chineseName', 'englishName', 'idNumber', 'passNumber', 'birthDate', 'address', 'issuingAuthority', 'issuingAuthorityCode',
    ];
    for (const card of SAMPLE_CARDS) {
      for (const key of personal) {
        const value = (card as DecodedTextFields)[key];
        if (typeof value !== 'string' || value === '') continue;
        expect(written.filter((text) => text.includes(value)), `${card.cardType}.${key}`).toEqual([]);
      }
    }
    expect(written.filter((text) => text.includes(appended))).toEqual([]);
    // Byte arrays would be written as {"0":…,"1":…}; neither the photo nor the fingerprint may be.
    expect(raw).not.toMatch(/"(?:photo|fingerprint)":\{/);
    expect(raw).not.toMatch(/"(?:photo|fingerprint)":\[/);

    expect(lines.filter((line) => line.msg === 'decoded card')[0]).toMatchObject({
      card: { cardType: 'resident', name: '[redacted]', idNumber: '[redacted]', address: '[redacted]', sex: '2', nation: { code: '01', name: '汉' } },
    });
    expect(lines.filter((line) => line.msg === 'card event')[0]).toMatchObject({
      card: { read: { text: { cardType: 'resident', name: '[redacted]' }, photo: '[redacted]', fingerprint: '[redacted]' }, appendedAddresses: '[redacted]' },
    });
    expect(lines.at(-2)).toMatchObject({ name: 'init', version: 1 });
    expect(lines.at(-1)).toMatchObject({ cardType: 'resident', card: '1101**********002X' });
  });

  it('does not change the objects it is given', async () => {
    const dataDir = tempDataDir();
    const log = fileLogger(dataDir);
    const payload = { note: `电话 ${PHONE}`, nested: { note: PHONE } };
    log.info(payload, 'x');
    await flush(log);
    expect(payload).toEqual({ note: `电话 ${PHONE}`, nested: { note: PHONE } });
  });

  it('redacts extra paths given by a feature', async () => {
    const dataDir = tempDataDir();
    const log = fileLogger(dataDir, { dataDir, extraRedactPaths: ['resident.name'] });
    log.info({ resident: { name: '张三', ageBand: '70-79' } }, 'greeted');
    const [line] = await logLines(log, dataDir);
    expect(line).toMatchObject({ resident: { name: '[redacted]', ageBand: '70-79' } });
  });

  it('respects the level', async () => {
    const dataDir = tempDataDir();
    const log = fileLogger(dataDir, { dataDir, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    expect((await logLines(log, dataDir)).map((line) => line.msg)).toEqual(['shown']);
  });

  it('appends to the existing file when the kiosk restarts', async () => {
    const dataDir = tempDataDir();
    const first = createLogger({ dataDir });
    first.info('before restart');
    await closeLogger(first);
    const second = fileLogger(dataDir);
    second.info('after restart');
    expect((await logLines(second, dataDir)).map((line) => line.msg)).toEqual(['before restart', 'after restart']);
  });

  it('fails clearly when the data directory cannot hold a logs directory', () => {
    const dataDir = tempDataDir();
    const blocker = path.join(dataDir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    expect(() => createLogger({ dataDir: blocker })).toThrow(/cannot create the log directory/);
  });
});

describe('REDACT_PATHS', () => {
  it('covers each sensitive key at the top level and one object down', () => {
    for (const key of ['idNumber', 'address', 'photo', 'phone', 'pin', 'secret', 'birthDate', 'passNumber', 'chineseName', 'englishName', 'issuingAuthority', 'fingerprint', 'appendedAddresses']) {
      expect(REDACT_PATHS).toContain(key);
      expect(REDACT_PATHS).toContain(`*.${key}`);
    }
  });
});

describe('createNullLogger', () => {
  it('is silent', () => {
    const log = createNullLogger();
    expect(log.level).toBe('silent');
    expect(log.isLevelEnabled('fatal')).toBe(false);
  });
});

