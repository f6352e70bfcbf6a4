import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPin } from '../../../main/config/pin.ts';
import { EventBus } from '../../../main/core/events.ts';
import { createNullLogger } from '../../../main/log/logger.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { StaffAuth } from '../../../main/services/staff/auth.ts';
import { keepLockout, loadLockout } from '../../../main/services/staff/lockout.ts';
import { openStore, type Store } from '../../../main/store/database.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';
import { setSetting } from '../../../main/store/settings.ts';

const pinHash = hashPin('246810');
const log = createNullLogger();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function openAt(dir: string): Promise<Store> {
  const store = await openStore({ file: join(dir, 'linli.db'), log, migrations: MIGRATIONS });
  cleanup.push(() => store.close());
  return store;
}

async function kioskAuth(store: Store, health: HealthService): Promise<StaffAuth> {
  return new StaffAuth({ pinHash, lockoutAttempts: 3, lockoutMinutes: 5, saved: await loadLockout(store, log), onChange: keepLockout(store, health, log) });
}

describe('the wrong-PIN count kept in the store', () => {
  it('survives a restart, and staff are told of a lockout in words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-lockout-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const health = new HealthService(new EventBus());
    const first = await kioskAuth(await openAt(dir), health);
    expect(() => first.signIn('000000')).toThrow(/2 tries left/);
    expect(() => first.signIn('000000')).toThrow(/1 tries left/);
    // The count is written in the background; wait until it is there before "restarting".
    const store = await openAt(dir);
    await expect.poll(async () => (await loadLockout(store, log))?.failures).toBe(2);

    const second = await kioskAuth(store, health);
    expect(() => second.signIn('000000')).toThrow(/locked for 5 min/);
    expect(health.snapshot().components.find((c) => c.id === 'staff-sign-in')).toMatchObject({
      state: 'degraded',
      message: { zh: expect.stringContaining('密码登录已锁定'), en: expect.stringContaining('someone may be guessing') },
    });
    await expect.poll(async () => (await loadLockout(store, log))?.lockouts).toBe(1);
    const third = await kioskAuth(store, health);
    expect(() => third.signIn('246810')).toThrow(/Too many wrong PINs/);
  });

  it('a count that cannot be read starts again rather than locking staff out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-lockout-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const store = await openAt(dir);
    await setSetting(store, 'staffLockout', '{"failures": "many"');
    expect(await loadLockout(store, log)).toBeUndefined();
    await setSetting(store, 'staffLockout', '{"failures": -1, "lockouts": 0, "lockedUntil": 0}');
    expect(await loadLockout(store, log)).toBeUndefined();
  });
});
