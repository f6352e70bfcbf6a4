/**
 * Prints the hash of a staff PIN for `staff.pinHash` in the site file. The PIN is read from
 * standard input so it never lands in the shell history: `npx tsx scripts/hash-pin.ts`.
 */
import { createInterface } from 'node:readline/promises';
import { hashPin } from '../main/config/pin.ts';

const rl = createInterface({ input: process.stdin, output: process.stderr });
const pin = (await rl.question('Staff PIN (4–8 digits): ')).trim();
rl.close();
try {
  process.stdout.write(`${hashPin(pin)}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
