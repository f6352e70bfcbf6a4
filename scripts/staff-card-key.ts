/**
 * Prints the key of a staff member's ID card for `staff.cardKeys` in the site file. Run it on the
 * kiosk itself, since the key depends on that kiosk's site secret: `npx tsx scripts/staff-card-key.ts`
 * (`--config PATH` for a site file elsewhere). The ID number is read from standard input so it
 * never lands in the shell history, and is not kept anywhere.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { checkIdNumber } from '../drivers/idcard/index.ts';
import { loadSiteConfig, resolveDataDir } from '../main/config/load.ts';
import { loadSiteSecret, residentKey } from '../main/services/identity/secret.ts';

const { values } = parseArgs({ options: { config: { type: 'string' } } });
try {
  const { config } = loadSiteConfig({ path: values.config });
  const dataDir = resolveDataDir(config);
  // Never made here: a secret this script made would not be the one the kiosk keys cards with.
  const { secret } = loadSiteSecret(dataDir, { create: false });
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const number = (await rl.question('ID number on the staff card: ')).trim().toUpperCase();
  rl.close();
  const check = checkIdNumber(number, number.length === 15 ? 'foreigner-2017' : 'check-digit-18');
  if (check.kind !== 'valid') throw new Error('that is not a valid ID number; check it against the card');
  process.stdout.write(`${residentKey(secret, number)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
