import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadSiteConfig, parseSiteConfig, resolveDataDir } from '../../../main/config/load.ts';
import { verifyPin } from '../../../main/config/pin.ts';
import { siteConfigSchema } from '../../../main/config/schema.ts';

const EXAMPLE = fileURLToPath(new URL('../../../main/config/kiosk.config.example.yaml', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-config-'));
  dirs.push(dir);
  return dir;
}

function writeConfig(text: string, name = 'kiosk.config.yaml'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

function problemsOf(text: string): readonly string[] {
  const file = writeConfig(text);
  try {
    loadSiteConfig({ path: file, env: {} });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadSiteConfig without a file', () => {
  it('runs on defaults with simulated devices', () => {
    const { config, source, path: file } = loadSiteConfig({ env: {}, cwd: tempDir() });
    expect(source).toBe('defaults');
    expect(file).toBeUndefined();
    expect(config.devices).toEqual({
      simulate: true,
      button: { kind: 'simulated' },
      modem: { kind: 'simulated' },
      idcard: { kind: 'simulated' },
    });
    expect(config.emergency).toEqual({ contacts: [], cancelWindowSeconds: 10, voiceCancelWindowSeconds: 15, ringSeconds: 30, rounds: 2 });
    expect(config.voice).toMatchObject({ enabled: true, engine: 'template', processing: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
    expect(config.fleet).toEqual({ enabled: false, topicPrefix: 'linli' });
    expect(config.staff).toEqual({ lockoutAttempts: 5, lockoutMinutes: 5 });
    expect(config.kiosk.id).toBe('kiosk-1');
    expect(config.site.name).not.toBe('');
  });

  it('treats an empty file or one with only comments as all defaults, but does not force simulation', () => {
    for (const text of ['', '# 还没有配置\n', 'site:\ndevices:\n  button:\n']) {
      const { config, source } = loadSiteConfig({ path: writeConfig(text), env: {} });
      expect(source).toBe('file');
      expect(config).toEqual({ ...siteConfigSchema.parse({}), devices: { ...siteConfigSchema.parse({}).devices, simulate: false } });
    }
  });
});

describe('finding the file', () => {
  it('honours LINLI_CONFIG', () => {
    const file = writeConfig('kiosk:\n  id: from-env\n', 'elsewhere.yaml');
    const loaded = loadSiteConfig({ env: { LINLI_CONFIG: file }, cwd: tempDir() });
    expect(loaded).toMatchObject({ source: 'file', path: file, config: { kiosk: { id: 'from-env' } } });
  });

  it('prefers the path argument to LINLI_CONFIG', () => {
    const fromArgument = writeConfig('kiosk:\n  id: from-argument\n');
    const fromEnv = writeConfig('kiosk:\n  id: from-env\n');
    expect(loadSiteConfig({ path: fromArgument, env: { LINLI_CONFIG: fromEnv } }).config.kiosk.id).toBe('from-argument');
  });

  it('uses kiosk.config.yaml in the working directory when nothing is named', () => {
    const file = writeConfig('kiosk:\n  id: in-cwd\n');
    const loaded = loadSiteConfig({ env: {}, cwd: path.dirname(file) });
    expect(loaded).toMatchObject({ source: 'file', path: file, config: { kiosk: { id: 'in-cwd' } } });
  });

  it('fails, rather than falling back to defaults, when a named file does not exist', () => {
    const missing = path.join(tempDir(), 'missing.yaml');
    expect(() => loadSiteConfig({ env: { LINLI_CONFIG: missing } })).toThrow(ConfigError);
    try {
      loadSiteConfig({ path: missing, env: {} });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['file not found']);
      expect((error as ConfigError).file).toBe(missing);
    }
  });
});

describe('the example file', () => {
  it('passes the schema with every section filled in', () => {
    const { config } = loadSiteConfig({ path: EXAMPLE, env: {} });
    expect(config.devices.simulate).toBe(false);
    expect(config.devices.button).toEqual({ kind: 'serial-line', path: '/dev/ttyUSB0', baudRate: 115200, heartbeatSeconds: 5 });
    expect(config.emergency.contacts.map((contact) => contact.phone)).toEqual(['13800138000', '01064215566']);
    expect(config.emergency.fallback?.phone).toBe('01064281234');
    expect(config.fleet).toMatchObject({ enabled: true, url: expect.stringMatching(/^mqtts:\/\//) });
    expect(config.kiosk.location).toBe('一楼大厅入口左侧');
  });

  it('carries a PIN hash for the PIN its comment names', () => {
    const { config } = loadSiteConfig({ path: EXAMPLE, env: {} });
    expect(verifyPin('246810', config.staff.pinHash!)).toBe(true);
  });
});

describe('problems in a file', () => {
  it('name the contact whose phone number is wrong', () => {
    const problems = problemsOf(`
emergency:
  contacts:
    - name: 王芳
      phone: "138 0013 8000"
    - name: 李建国
      phone: "138 0013"
`);
    expect(problems).toEqual(['emergency.contacts[1].phone: not a phone number']);
  });

  it('report a misspelt key instead of silently using the default', () => {
    expect(problemsOf('devices:\n  buton:\n    kind: hid\n')).toEqual(['devices.buton: unknown key']);
    expect([...problemsOf('sitee: {}\nfleet: {enabled: false, urll: x, topic: y}\n')].sort()).toEqual([
      'fleet.topic: unknown key',
      'fleet.urll: unknown key',
      'sitee: unknown key',
    ]);
  });

  it('report a value of the wrong type', () => {
    expect(problemsOf('emergency:\n  ringSeconds: thirty\n')).toEqual(['emergency.ringSeconds: expected a number, got text "thirty"']);
    expect(problemsOf('emergency:\n  rounds: 1.5\n')).toEqual(['emergency.rounds: expected a whole number, got 1.5']);
    expect(problemsOf('devices:\n  simulate: "yes"\n')).toEqual(['devices.simulate: expected true or false, got text "yes"']);
  });

  it('report YAML syntax errors with their line and column', () => {
    const problems = problemsOf('site:\n  name: 和平里\nkiosk: [1\nfleet: {}\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 4, column 1: .*must be sufficiently indented and end with a \]/);
  });

  it('require the broker address when the fleet link is enabled', () => {
    expect(problemsOf('fleet:\n  enabled: true\n')).toEqual(['fleet.url: required when fleet.enabled is true']);
    expect(problemsOf('fleet:\n  enabled: true\n  url: https://example.cn\n')).toEqual([
      'fleet.url: must be an mqtt:// or mqtts:// address',
    ]);
  });

  it('require a path for serial devices and the IDs for a HID button', () => {
    expect(problemsOf('devices:\n  modem: {kind: serial}\n  button: {kind: hid, vendorId: 0x1a86, productId: "7523"}\n')).toEqual([
      'devices.button.vendorId: write the ID as 4 hex digits in quotes, as lsusb shows it ("1a86")',
      'devices.modem.path: required',
    ]);
  });

  it('name the allowed kinds of a device', () => {
    expect(problemsOf('devices:\n  modem: {kind: gsm}\n  idcard: {path: /dev/ttyS0}\n')).toEqual([
      'devices.modem.kind: expected one of simulated, serial, got text "gsm"',
      'devices.idcard.kind: required: one of simulated, serial, usb',
    ]);
  });

  it('report a malformed PIN hash and out-of-range numbers', () => {
    expect(problemsOf('staff:\n  pinHash: "1234"\n  lockoutAttempts: 0\n')).toEqual([
      'staff.pinHash: not a PIN hash (expected scrypt$N$r$p$salt$hash from hashPin)',
      'staff.lockoutAttempts: must be at least 1',
    ]);
  });

  it('report a file that is not a mapping at all', () => {
    expect(problemsOf('- 1\n- 2\n')).toEqual(['(top level): expected a mapping of keys, got a list']);
  });

  it('report all of them at once, in a message that names the file', () => {
    const file = writeConfig('kiosk:\n  id: Hall 1\nemergency:\n  contacts:\n    - {name: 王芳, phone: "1"}\n');
    let caught: unknown;
    try {
      loadSiteConfig({ path: file, env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems).toEqual([
      'kiosk.id: use lower-case letters, digits and single dashes, like "hall-1"',
      'emergency.contacts[0].phone: not a phone number',
    ]);
    expect(error.message).toBe(
      `Site configuration ${file} cannot be used:\n` +
        '  - kiosk.id: use lower-case letters, digits and single dashes, like "hall-1"\n' +
        '  - emergency.contacts[0].phone: not a phone number',
    );
  });
});

describe('values', () => {
  it('normalises phone numbers, including ones YAML read as numbers', () => {
    const { config } = loadSiteConfig({
      path: writeConfig('emergency:\n  contacts:\n    - {name: 张伟, phone: 13812345678}\n  fallback: {name: 急救, phone: 120}\n'),
      env: {},
    });
    expect(config.emergency.contacts[0]?.phone).toBe('13812345678');
    expect(config.emergency.fallback?.phone).toBe('120');
  });

  it('reads HID IDs as hex', () => {
    const { config } = loadSiteConfig({
      path: writeConfig('devices:\n  button: {kind: hid, vendorId: "1a86", productId: "0x7523"}\n'),
      env: {},
    });
    expect(config.devices.button).toEqual({ kind: 'hid', vendorId: 0x1a86, productId: 0x7523, byteIndex: 0, mask: 1 });
  });

  it('takes a relative dataDir from the folder of the file', () => {
    const file = writeConfig('dataDir: ./data\n');
    expect(loadSiteConfig({ path: file, env: {} }).config.dataDir).toBe(path.join(path.dirname(file), 'data'));
  });
});

describe('resolveDataDir', () => {
  const defaults = siteConfigSchema.parse({});

  it('prefers the file, then LINLI_DATA_DIR, then .data in the working directory', () => {
    expect(resolveDataDir({ ...defaults, dataDir: '/srv/linli' }, { LINLI_DATA_DIR: '/env' }, '/cwd')).toBe('/srv/linli');
    expect(resolveDataDir(defaults, { LINLI_DATA_DIR: '/env' }, '/cwd')).toBe('/env');
    expect(resolveDataDir(defaults, { LINLI_DATA_DIR: 'rel' }, '/cwd')).toBe('/cwd/rel');
    expect(resolveDataDir(defaults, {}, '/cwd')).toBe('/cwd/.data');
  });
});

describe('any text as a site file', () => {
  const yamlish = fc
    .array(
      fc.oneof(
        fc.constantFrom('site', 'kiosk', 'devices', 'button', 'kind', 'emergency', 'contacts', 'phone', 'fleet', '__proto__', 'staff'),
        fc.constantFrom(':', ': ', '\n', '  ', '- ', '{', '}', '[', ']', ',', '"', "'", '&a ', '*a', '!!str ', '!!binary ', '? ', '---\n', '#'),
        fc.constantFrom('13812345678', '110', 'true', 'null', '0x1a86', '1e400', 'serial-line', 'hid', '~', '王芳'),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));

  it('either gives a configuration or throws ConfigError, never anything else', () => {
    const dir = tempDir();
    const file = path.join(dir, 'kiosk.config.yaml');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), yamlish), (text) => {
        fs.writeFileSync(file, text);
        try {
          loadSiteConfig({ path: file, env: {} });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('parseSiteConfig agrees with loading the same text from a file', () => {
    const file = writeConfig('kiosk:\n  id: same\n');
    expect(parseSiteConfig('kiosk:\n  id: same\n', file)).toEqual(loadSiteConfig({ path: file, env: {} }).config);
  });
});
