import { describe, expect, it } from 'vitest';
import { checkMigrationOrder } from '../../../main/store/migrate.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';

const m = (version: number, name = `m${version}`) => ({ version, name, up: 'SELECT 1' });

describe('checkMigrationOrder', () => {
  it('accepts the project list, which starts at 1 and has no gaps', () => {
    expect(() => checkMigrationOrder(MIGRATIONS)).not.toThrow();
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
    expect(MIGRATIONS.map((migration) => migration.name).slice(0, 3)).toEqual(['kiosk_runs', 'content_snapshots', 'kiosk_settings']);
  });

  it('accepts an empty list and gaps between versions', () => {
    expect(() => checkMigrationOrder([])).not.toThrow();
    expect(() => checkMigrationOrder([m(1), m(5)])).not.toThrow();
  });

  it('rejects versions out of order, naming both', () => {
    expect(() => checkMigrationOrder([m(1, 'a'), m(3, 'c'), m(2, 'b')])).toThrow(
      'migration versions must strictly increase: v2 (b) comes after v3 (c)',
    );
  });

  it('rejects a repeated version', () => {
    expect(() => checkMigrationOrder([m(1, 'a'), m(1, 'b')])).toThrow(/v1 \(b\) comes after v1 \(a\)/);
  });

  it('rejects versions that are not whole numbers from 1', () => {
    expect(() => checkMigrationOrder([m(0)])).toThrow(/version 0/);
    expect(() => checkMigrationOrder([m(1.5)])).toThrow(/version 1.5/);
  });
});
