import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    for (const key of ['idNumber', 'address', 'photo', 'phone', 'pin', 'secret']) {
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

