/**
 * A client of the API socket that stops reading — a hung tab, a stray local program — must not
 * make the core buffer every event for it without end: past a few megabytes it is dropped.
 */
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../main/api/dispatcher.ts';
import type { EventListener } from '../../../main/core/events.ts';
import { startHost, type Host } from '../../../main/host/server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a client that stops reading', () => {
  it('is closed once a few megabytes are waiting for it', async () => {
    const warnings: string[] = [];
    const log = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          warnings.push(String(JSON.parse(chunk.toString()).msg));
          done();
        },
      }),
    );
    let publish: EventListener = () => undefined;
    const dispatcher: Dispatcher = { dispatch: async () => ({ ok: true, result: {} }) };
    const host: Host = await startHost({
      port: 0,
      dispatcher,
      subscribe: (listener) => {
        publish = listener;
        return () => undefined;
      },
      rendererDir: mkdtempSync(join(tmpdir(), 'linli-renderer-')),
      log,
    });
    cleanups.push(() => host.close());

    // A WebSocket handshake by hand, then never another read.
    const socket: Socket = await new Promise((resolve, reject) => {
      const s = connect(host.port, '127.0.0.1', () => {
        s.write(
          'GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
        s.once('data', (d: Buffer) => (d.toString().startsWith('HTTP/1.1 101') ? resolve(s) : reject(new Error(d.toString()))));
      });
      s.on('error', reject);
    });
    socket.pause();
    cleanups.push(() => void socket.destroy());

    const big = 'x'.repeat(512 * 1024);
    let sent = 0;
    while (!warnings.includes('websocket client is not reading; closing it') && sent < 100) {
      publish('health.changed', { padding: big } as never);
      sent++;
      // Let the socket write what the kernel will take before the next event.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(warnings).toContain('websocket client is not reading; closing it');
    // 50 MB of events would have been kept for it without the limit.
    expect(sent).toBeLessThan(100);
  });
});
