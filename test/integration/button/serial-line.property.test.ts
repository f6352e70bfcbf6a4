import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createButtonDevice, startButtonSimulator, type ButtonDevice, type ButtonSimulator } from '../../../drivers/button/index.ts';
import { createPtyPair, type PtyPair } from '../../../drivers/serial/pty.ts';
import { isOk, recordingLogger, waitForHealth } from './support.ts';

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** Whole valid lines the box may send. REL is left out: a lone REL is a press by design (PROTOCOL.md §3.1). */
const validLine = fc.oneof(
  { arbitrary: fc.constant('SOS\n'), weight: 4 },
  fc.constant('PONG\n'),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((seq) => `HB ${seq}\n`),
);

/** Noise of every kind: random bytes, fragments without LF, near-misses, over-long runs. */
const noise = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }),
  // Noise that ends its own line, so the valid line after it survives.
  fc.uint8Array({ minLength: 0, maxLength: 20 }).map((b) => concat([b, bytesOf('\n')])),
  fc.constantFrom('SO', 'S', 'OS\n', 'SOS', 'SOS ', ' SOS\n', 'SOS\r\n', 'sos\n', '\n', 'SOSSOS\n', 'HB\n', 'HB 01\n').map(bytesOf),
  fc.integer({ min: 60, max: 200 }).map((n) => bytesOf('SOS'.repeat(Math.ceil(n / 3)).slice(0, n))),
);

/** The oracle: an SOS survives only as the exact text between two LFs (or the start and an LF). */
function intactSosLines(stream: Uint8Array): number {
  let count = 0;
  let line: number[] = [];
  for (const byte of stream) {
    if (byte !== 0x0a) {
      line.push(byte);
      continue;
    }
    if (line.length === 3 && line[0] === 0x53 && line[1] === 0x4f && line[2] === 0x53) count++;
    line = [];
  }
  return count;
}

describe('serial-line decoding over a real pty (property)', () => {
  let pair: PtyPair;
  let sim: ButtonSimulator;
  let device: ButtonDevice;
  let presses = 0;

  beforeAll(async () => {
    pair = await createPtyPair('property');
    // A slow heartbeat keeps HB lines out of the way; the property is about what the test writes.
    sim = await startButtonSimulator({ path: pair.devicePath, heartbeatMs: 60_000 });
    device = createButtonDevice({ kind: 'serial-line', path: pair.kioskPath, heartbeatSeconds: 60 }, { logger: recordingLogger() });
    device.on('press', () => presses++);
    await device.start();
    await waitForHealth(device, isOk, 'ok');
  });

  afterAll(async () => {
    await device.stop();
    await sim.close();
    await pair.close();
  });

  it('delivers exactly one press per intact SOS line, whatever noise surrounds it', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ arbitrary: validLine.map(bytesOf), weight: 2 }, { arbitrary: noise, weight: 1 }), { maxLength: 25 }), async (chunks) => {
        run++;
        // The leading LF ends whatever the previous run left unfinished.
        const stream = concat([bytesOf('\n'), ...chunks]);
        const before = presses;
        await sim.sendRaw(stream);
        // A FAULT line with a fresh text marks the end: once the device reports it, every byte before it has been decoded.
        const marker = `end of run ${run}`;
        await sim.sendRaw(`\nFAULT ${marker}\n`);
        await waitForHealth(device, (h) => h.message.en.endsWith(marker), `marker ${marker}`);
        // The marker's leading LF is part of what was written: it may finish the stream's last line.
        expect(presses - before).toBe(intactSosLines(concat([stream, bytesOf('\n')])));
      }),
      { numRuns: 60 },
    );
  });
});
