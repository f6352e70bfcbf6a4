import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events.ts';
import { HealthService } from '../../../main/services/health/service.ts';
import { SITE_SECRET_FILE, SiteSecretError, loadSiteSecret, type SiteSecret } from '../../../main/services/identity/secret.ts';
import { readSecret } from '../../../main/services/identity/setup.ts';
import { capturingLogger } from '../../integration/store/support.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function rig() {
  const { log, lines } = capturingLogger();
  const health = new HealthService(new EventBus());
  const identityHealth = () => health.snapshot().components.find((c) => c.id === 'identity');
  return { log, lines, health, identityHealth };
}

/** A secret readable by everyone on a file system that refuses chmod (as root, only injection makes it refuse). */
function exposedSecretOnReadOnlyDisk(): () => SiteSecret {
  const dir = mkdtempSync(join(tmpdir(), 'linli-setup-'));
  dirs.push(dir);
  loadSiteSecret(dir);
  chmodSync(join(dir, SITE_SECRET_FILE), 0o644);
  return () =>
    loadSiteSecret(dir, {
      modes: {
        stat: statSync,
        chmod: () => {
          throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        },
      },
    });
}

describe('reading the site secret at start', () => {
  it('keeps identity working when the permissions cannot be narrowed, warns in the log and tells staff in words', () => {
    const { log, lines, health, identityHealth } = rig();
    const load = exposedSecretOnReadOnlyDisk();
    const secret = readSecret(load, log, health);
    expect(secret).toHaveLength(32);
    const warning = lines.find((l) => l.msg === 'could not make the site secret readable by the kiosk only');
    expect(warning).toMatchObject({ level: 40, readableByOthers: true, problem: expect.stringContaining('EROFS') });
    expect(identityHealth()).toMatchObject({ state: 'degraded', message: { zh: expect.stringContaining('身份证可以正常使用'), en: expect.stringContaining('EROFS') } });
    expect(JSON.stringify(lines)).not.toContain(secret!.toString('hex'));
  });

  it('a secret whose permissions merely cannot be checked is logged, and identity reports healthy', () => {
    const { log, lines, health, identityHealth } = rig();
    const loaded: SiteSecret = {
      secret: Buffer.alloc(32, 3),
      created: false,
      permissions: { state: 'unchanged', exposed: false, problem: 'cannot check the permissions (EPERM)' },
    };
    expect(readSecret(() => loaded, log, health)).toBe(loaded.secret);
    expect(lines.find((l) => l.msg === 'could not make the site secret readable by the kiosk only')).toMatchObject({ level: 40, readableByOthers: false });
    expect(identityHealth()?.state).toBe('ok');
  });

  it('an unexpected failure turns ID cards away with words for staff, never a failed start', () => {
    const { log, lines, health, identityHealth } = rig();
    const secret = readSecret(
      () => {
        throw new TypeError('something nobody foresaw');
      },
      log,
      health,
    );
    expect(secret).toBeUndefined();
    expect(lines.find((l) => l.msg === 'site secret unusable; ID cards are turned away')).toMatchObject({ level: 50 });
    expect(identityHealth()).toMatchObject({ state: 'fault', message: { zh: expect.stringContaining('身份证暂时不能用'), en: expect.stringContaining('could not be loaded (TypeError)') } });
  });

  it('a damaged or unreadable secret is told to staff with its own reason', () => {
    const { log, health, identityHealth } = rig();
    const secret = readSecret(
      () => {
        throw new SiteSecretError('the site secret /data/site-secret is damaged');
      },
      log,
      health,
    );
    expect(secret).toBeUndefined();
    expect(identityHealth()).toMatchObject({ state: 'fault', message: { en: 'ID cards cannot be used: the site secret /data/site-secret is damaged.' } });
  });
});
