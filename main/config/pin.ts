import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Staff PINs, stored only as scrypt hashes: `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`.
 * A 4–8 digit PIN is weak against an offline attack whatever the hash; the hash keeps it out
 * of plain sight in the site file, and the lockout protects it at the screen.
 */

const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const PIN = /^\d{4,8}$/;
/** scrypt needs 128·N·r bytes; this caps a hash from the site file at 256 MiB. */
const MAX_COST_TIMES_BLOCK = 2 ** 21;
const BASE64 = '[A-Za-z0-9+/]+={0,2}';

/** The shape of a hash, for the config schema. */
export const PIN_HASH_FORMAT = new RegExp(`^scrypt\\$(\\d+)\\$(\\d+)\\$(\\d+)\\$(${BASE64})\\$(${BASE64})$`);

interface PinHash {
  cost: number;
  blockSize: number;
  parallelism: number;
  salt: Buffer;
  key: Buffer;
}

/**
 * Reads a hash string, or returns undefined when it is malformed or asks for parameters so large
 * that checking a PIN would stall the kiosk.
 */
export function parsePinHash(hash: string): PinHash | undefined {
  const match = PIN_HASH_FORMAT.exec(hash);
  if (!match) return undefined;
  const [cost, blockSize, parallelism] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  const powerOfTwo = cost >= 2 && Number.isInteger(Math.log2(cost));
  if (!powerOfTwo || blockSize < 1 || parallelism < 1 || parallelism > 4) return undefined;
  if (cost * blockSize > MAX_COST_TIMES_BLOCK) return undefined;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return undefined;
  return { cost, blockSize, parallelism, salt, key };
}

export function hashPin(pin: string): string {
  if (!PIN.test(pin)) throw new RangeError('a staff PIN must be 4 to 8 digits');
  const salt = randomBytes(SALT_BYTES);
  const key = derive(pin, { cost: COST, blockSize: BLOCK_SIZE, parallelism: PARALLELISM, salt }, KEY_BYTES);
  return `scrypt$${COST}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong PIN, a PIN that is not 4–8 digits, or a malformed hash; never throws. */
export function verifyPin(pin: string, hash: string): boolean {
  if (!PIN.test(pin)) return false;
  const parsed = parsePinHash(hash);
  if (!parsed) return false;
  return timingSafeEqual(derive(pin, parsed, parsed.key.length), parsed.key);
}

function derive(pin: string, params: Omit<PinHash, 'key'>, length: number): Buffer {
  return scryptSync(pin, params.salt, length, {
    N: params.cost,
    r: params.blockSize,
    p: params.parallelism,
    // Node's default 32 MiB ceiling is exactly what N=2^15, r=8 needs, and it counts as too much.
    maxmem: 256 * params.cost * params.blockSize,
  });
}
