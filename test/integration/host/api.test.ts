import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../main/api/contract.ts';
import { startKiosk, type Kiosk } from '../../../main/core/kiosk.ts';
import { ApiClient } from '../../support/ws-client.ts';

/** Sends `request` as raw bytes and resolves with everything the server says before it closes. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString()));
    socket.on('close', () => resolve(reply));
    socket.on('error', reject);
  });
}

let kiosk: Kiosk;
let client: ApiClient;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-api-'));
  kiosk = await startKiosk({ shell: 'host', serveHost: true, port: 0, env: { LINLI_DATA_DIR: dataDir } });
  client = await ApiClient.connect(kiosk.url!);
});
afterAll(async () => {
  client?.close();
  await kiosk?.close();
});

describe('the host API on 127.0.0.1', () => {
  it('listens on loopback only', () => {
    expect(kiosk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers commands with results from the real services', async () => {
    const info = await client.command(1, 'kiosk.info');
    expect(info).toMatchObject({ ok: true, result: { features: expect.arrayContaining(['guides']), simulated: true } });
    const categories = await client.command('c', 'guides.categories', {});
    const result = categories.result as { categories: { id: string; guideCount: number }[] };
    expect(result.categories.length).toBeGreaterThanOrEqual(5);
    const first = result.categories[0]!;
    const list = await client.command(2, 'guides.list', { category: first.id });
    const guides = (list.result as { guides: { id: string }[] }).guides;
    expect(guides).toHaveLength(first.guideCount);
    const guide = await client.command(3, 'guides.get', { id: guides[0]!.id });
    expect(guide).toMatchObject({ ok: true, result: { guide: { id: guides[0]!.id } } });
  });

  it('gives every kind of bad input a typed error and keeps the connection', async () => {
    expect(await client.sendRaw('this is not json')).toMatchObject({ ok: false, error: { code: 'malformed' } });
    expect(await client.sendRaw(JSON.stringify({ type: 'hello', id: 9 }), 9)).toMatchObject({ error: { code: 'malformed' } });
    expect(await client.command(10, 'guides.burn', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    const invalid = await client.command(11, 'guides.get', { id: 42 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(invalid.error?.issues?.[0]).toMatch(/^id: /);
    expect(await client.command(12, 'guides.get', { id: 'no-such-guide' })).toMatchObject({ error: { code: 'not-found' } });
    const huge = JSON.stringify({ type: 'command', id: 13, name: 'system.ping', payload: { nonce: 'x'.repeat(MAX_MESSAGE_BYTES + 1) } });
    expect(await client.sendRaw(huge)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await client.sendRaw(Buffer.from([0, 1, 2, 255]))).toMatchObject({ error: { code: 'malformed' } });
    // Still the same connection, still answering.
    expect(await client.command(14, 'system.ping', { nonce: 'still-here' })).toMatchObject({ ok: true, result: { nonce: 'still-here' } });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('answers a request line that is not a URL with 400, on plain HTTP and on an upgrade, and keeps serving', async () => {
    const { port } = new URL(kiosk.url!);
    for (const extra of ['', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n']) {
      const reply = await rawRequest(Number(port), `GET //[ HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`);
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(await client.command(20, 'system.ping', { nonce: 'alive' })).toMatchObject({ ok: true, result: { nonce: 'alive' } });
  });

  it('stays up when a refused WebSocket client resets the connection before the refusal is written', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(new URL(kiosk.url!).port), '127.0.0.1', () => {
          socket.write(
            'GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
              'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://evil.example\r\n\r\n',
          );
          socket.resetAndDestroy();
        });
        socket.on('close', () => resolve());
        socket.on('error', () => undefined);
      });
    }
    expect(await client.command(20, 'kiosk.info')).toMatchObject({ ok: true });
  });

  it('refuses a WebSocket from a page of another origin', async () => {
    await expect(ApiClient.connect(kiosk.url!, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('serves the built renderer with a content security policy, and nothing outside it', async () => {
    const index = await fetch(kiosk.url!);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<div id="root">');
    const escape = await fetch(new URL('/..%2f..%2fpackage.json', kiosk.url!));
    expect(await escape.text()).not.toContain('"name": "linli"');
  });
});
