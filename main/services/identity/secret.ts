import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The site secret that keys residents: HMAC-SHA256(secret, ID number) is the only form in which
 * a person's number reaches the store (DESIGN.md, "Identity and privacy"). Without the secret a
 * key cannot be turned back into a number by trying every birth date and district.
 *
 * It is made once, on first start, and must never change afterwards: a new secret would give
 * every resident (and every staff card on the site file's list) a new key.
 */

export const SITE_SECRET_FILE = 'site-secret';
const SECRET_BYTES = 32;
const HEX = /^[0-9a-f]{64}$/i;

export class SiteSecretError extends Error {
  override readonly name = 'SiteSecretError';
}

export type SecretPermissions =
  | { readonly state: 'private' }
  /** It was readable by others and is now 0600. */
  | { readonly state: 'narrowed' }
  /**
   * Checking or narrowing failed (a read-only file system, say). The secret is still good, so
   * this is told, never thrown. `exposed`: it is known to be readable by others.
   */
  | { readonly state: 'unchanged'; readonly exposed: boolean; readonly problem: string };

export interface SiteSecret {
  readonly secret: Buffer;
  /** Made by this call: the first start in this data directory. */
  readonly created: boolean;
  readonly permissions: SecretPermissions;
}

/** The two mode calls, replaceable because as root no real file makes them fail. */
export interface ModeCalls {
  stat(file: string): { mode: number };
  chmod(file: string, mode: number): void;
}

const NODE_MODE_CALLS: ModeCalls = { stat: (file) => fs.statSync(file), chmod: (file, mode) => fs.chmodSync(file, mode) };

/**
 * Reads `<dataDir>/site-secret` (64 hex characters), creating it when there is none and `create`
 * is on. An unreadable or damaged file is an error, never replaced.
 */
export function loadSiteSecret(dataDir: string, { create = true, modes = NODE_MODE_CALLS }: { create?: boolean; modes?: ModeCalls } = {}): SiteSecret {
  const file = path.join(dataDir, SITE_SECRET_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && create) return { secret: createSecret(file), created: true, permissions: { state: 'private' } };
    if (code === 'ENOENT') throw new SiteSecretError(`there is no site secret at ${file}; start the kiosk once to make it`);
    throw new SiteSecretError(
      `cannot read the site secret ${file} (${code ?? 'error'}). ID cards cannot be recognised until it is readable again; ` +
        'do not delete or replace it, or every resident and staff card would get a new key',
    );
  }
  const hex = text.trim();
  if (!HEX.test(hex)) {
    throw new SiteSecretError(
      `the site secret ${file} is damaged (expected ${SECRET_BYTES * 2} hex characters). Restore it from a backup; ` +
        'replacing it would give every resident and staff card a new key',
    );
  }
  return { secret: Buffer.from(hex, 'hex'), created: false, permissions: narrowPermissions(file, modes) };
}

/** A resident's key: lower-case hex. The check character is compared upper-case, as printed. */
export function residentKey(secret: Buffer, idNumber: string): string {
  return createHmac('sha256', secret).update(idNumber.trim().toUpperCase(), 'utf8').digest('hex');
}

/**
 * Written whole or not at all: a power cut must not leave an empty file, which would then read
 * as damaged. A hard link publishes it, so two starts at once cannot each make their own.
 */
function createSecret(file: string): Buffer {
  const secret = randomBytes(SECRET_BYTES);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    // One left by a start that died here, with this process id, would block the exclusive open.
    fs.rmSync(temp, { force: true });
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${secret.toString('hex')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(temp, file);
    syncDirectory(path.dirname(file));
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadSiteSecret(path.dirname(file), { create: false }).secret;
    throw new SiteSecretError(`cannot create the site secret ${file}: ${(error as Error).message}`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the link itself.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function narrowPermissions(file: string, modes: ModeCalls): SecretPermissions {
  if (process.platform === 'win32') return { state: 'private' };
  let exposed = false;
  try {
    exposed = (modes.stat(file).mode & 0o077) !== 0;
    if (!exposed) return { state: 'private' };
    modes.chmod(file, 0o600);
    return { state: 'narrowed' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error)?.name ?? 'error';
    return { state: 'unchanged', exposed, problem: `cannot ${exposed ? 'narrow' : 'check'} the permissions of ${file} (${code})` };
  }
}
