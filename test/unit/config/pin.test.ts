import { describe, expect, it } from 'vitest';
import { hashPin, parsePinHash, PIN_HASH_FORMAT, verifyPin } from '../../../main/config/pin.ts';

describe('hashPin and verifyPin', () => {
  const hash = hashPin('246810');

  it('produce a hash in the documented format that verifies the same PIN', () => {
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(PIN_HASH_FORMAT.test(hash)).toBe(true);
    expect(verifyPin('246810', hash)).toBe(true);
  });

  it('reject a wrong PIN, including one that is a prefix or extension of the right one', () => {
    expect(verifyPin('246811', hash)).toBe(false);
    expect(verifyPin('24681', hash)).toBe(false);
    expect(verifyPin('2468100', hash)).toBe(false);
  });

  it('salt every hash, so equal PINs do not give equal hashes', () => {
    const again = hashPin('246810');
    expect(again).not.toBe(hash);
    expect(verifyPin('246810', again)).toBe(true);
  });

  it('accept 4 to 8 digits only', () => {
    for (const pin of ['123', '123456789', '12a4', ' 1234', '', '１２３４']) {
      expect(() => hashPin(pin)).toThrow('a staff PIN must be 4 to 8 digits');
      expect(verifyPin(pin, hash)).toBe(false);
    }
    expect(verifyPin('1234', hashPin('1234'))).toBe(true);
  });

  it('return false rather than throw for a malformed or tampered hash', () => {
    const [, , r, p, salt, key] = hash.split('$');
    expect(verifyPin('246810', 'not a hash')).toBe(false);
    expect(verifyPin('246810', hash.replace(/\$[^$]+$/, '$AAAAAAAAAAAAAAAAAAAAAA=='))).toBe(false);
    expect(verifyPin('246810', `scrypt$16384$${r}$${p}$${salt}$${key}`)).toBe(false);
  });
});

describe('parsePinHash', () => {
  it('refuses parameters that would stall the kiosk or are not valid scrypt', () => {
    const salt = Buffer.alloc(16, 1).toString('base64');
    const key = Buffer.alloc(32, 2).toString('base64');
    expect(parsePinHash(`scrypt$32768$8$1$${salt}$${key}`)).toBeDefined();
    expect(parsePinHash(`scrypt$1048576$8$1$${salt}$${key}`)).toBeUndefined();
    expect(parsePinHash(`scrypt$30000$8$1$${salt}$${key}`)).toBeUndefined();
    expect(parsePinHash(`scrypt$32768$0$1$${salt}$${key}`)).toBeUndefined();
    expect(parsePinHash(`scrypt$32768$8$99$${salt}$${key}`)).toBeUndefined();
    expect(parsePinHash(`scrypt$32768$8$1$AQ==$${key}`)).toBeUndefined();
  });
});
