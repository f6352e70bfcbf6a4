import { afterEach, expect, it } from 'vitest';
import { SIMULATOR_DECK, maskCardNumber, type ResidentCard } from '../../../drivers/idcard/index.ts';
import { startRig, waitFor, type Rig } from './support.ts';

/**
 * DESIGN.md, "Identity and privacy": the full ID number, the address, the issuing authority and
 * the photo never reach a log. A whole session is run with every log level kept — a read whose
 * first reply is corrupted, a lift, a card that fails — and every line is searched.
 */

let rig: Rig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const secretsOf = (card: ResidentCard, appended: readonly string[]): string[] => [
  card.idNumber,
  card.name,
  card.address,
  card.issuingAuthority,
  ...appended,
];

/** The photo as a log line might carry it: JSON of a Uint8Array or Buffer, hex, base64. */
function photoForms(photo: Uint8Array): string[] {
  const head = photo.subarray(0, 12);
  return [
    JSON.stringify(Array.from(head)).slice(1, -1),
    JSON.stringify(Object.fromEntries(Array.from(head, (b, i) => [String(i), b]))).slice(1, -1),
    Buffer.from(head).toString('hex'),
    Buffer.from(head).toString('base64').slice(0, 12),
  ];
}

it('logs a card only by its masked number, through reads, faults, removal and a failed card', async () => {
  rig = await startRig();
  const moved = SIMULATOR_DECK.movedHouse;
  const failing = SIMULATOR_DECK.failsAuthentication;

  // A well-formed reply whose number is corrupted, so the decoder's complaint is logged too.
  rig.simulator.corruptNextReply('readText', { byte: 7 + 3 + 4 + 122 + 2, keepChecksum: true });
  const card = waitFor(rig.on.card, 'a card');
  rig.simulator.place('movedHouse');
  const [event] = await card;
  expect(event.appendedAddresses).toEqual(moved.appendedAddresses);

  const removed = waitFor(rig.on.removed, 'removal');
  rig.simulator.lift();
  await removed;
  const problem = waitFor(rig.on.problem, 'a card problem');
  rig.simulator.place('failsAuthentication');
  await problem;
  const { log } = rig;
  await rig.close();
  rig = undefined;

  const lines = log.lines();
  // The session was logged, so the search below searched something.
  expect(lines.some((l) => l.includes(maskCardNumber(moved.text.idNumber)))).toBe(true);
  expect(log.entries.some((e) => e.message.includes('did not decode'))).toBe(true);
  expect(log.entries.some((e) => e.message.includes('could not be read'))).toBe(true);

  const secrets = [
    ...secretsOf(moved.text, moved.appendedAddresses),
    ...secretsOf(failing.text, failing.appendedAddresses),
    ...photoForms(moved.photo),
  ];
  // The failure message names the secret's place in the list, not the secret.
  for (const [n, line] of lines.entries()) {
    for (const [i, secret] of secrets.entries()) expect(line.includes(secret), `log line ${n} holds secret ${i}`).toBe(false);
  }
});
