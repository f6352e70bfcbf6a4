import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/events.ts';
import { AssistService, SAME_CALL_MS } from '../../../main/services/assist/service.ts';
import { openStore } from '../../../main/store/database.ts';
import { MIGRATIONS } from '../../../main/store/migrations.ts';
import { capturingLogger, makeTempDir } from '../store/support.ts';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function open(file: string, now: () => number) {
  const { log } = capturingLogger();
  const store = await openStore({ file, log, migrations: MIGRATIONS });
  const events = new EventBus();
  const published: unknown[] = [];
  events.subscribe((name, payload) => name === 'assist.requests' && published.push(payload));
  return { store, published, assist: new AssistService({ store, events, log, kioskId: 'hall-1', topicPrefix: 'linli', now }) };
}

describe('staff calls and queue tickets', () => {
  it('numbers tickets 1, 2, 3 per day, across a restart, and from 1 again the next day', async () => {
    const file = join(makeTempDir('linli-assist-', cleanup), 'linli.db');
    let now = new Date(2026, 10, 23, 9, 0).getTime();
    const first = await open(file, () => now);
    expect((await first.assist.takeTicket()).number).toBe(1);
    expect((await first.assist.takeTicket()).number).toBe(2);
    await first.store.close();
    const second = await open(file, () => now);
    expect(await second.assist.takeTicket()).toEqual({ number: 3, day: '2026-11-23' });
    now = new Date(2026, 10, 24, 8, 30).getTime();
    expect(await second.assist.takeTicket()).toEqual({ number: 1, day: '2026-11-24' });
    await second.store.close();
  });

  it('records a staff call with its duty-centre outbox row, does not repeat a waiting one, and staff can mark it handled', async () => {
    const file = join(makeTempDir('linli-assist-', cleanup), 'linli.db');
    const { store, assist, published } = await open(file, Date.now);
    const call = await assist.callStaff('voice');
    expect(call.created).toBe(true);
    expect(await assist.callStaff('screen')).toEqual({ requestId: call.requestId, created: false });
    expect((await assist.openRequests()).map((r) => r.id)).toEqual([call.requestId]);
    const outbox = await store.all<{ topic: string }>('SELECT topic FROM outbox');
    expect(outbox).toEqual([{ topic: 'linli/hall-1/help' }]);
    expect(await assist.handle(call.requestId, 'staff')).toBe(true);
    expect(await assist.handle(call.requestId, 'staff')).toBe(false);
    expect(await assist.openRequests()).toEqual([]);
    expect(published.at(-1)).toEqual({ open: [] });
    await store.close();
  });

  it('a call left waiting for more than ten minutes is not taken as the same call: staff are called again', async () => {
    const file = join(makeTempDir('linli-assist-', cleanup), 'linli.db');
    let now = new Date(2026, 10, 23, 9, 0).getTime();
    const { store, assist } = await open(file, () => now);
    const monday = await assist.callStaff('screen');
    now += SAME_CALL_MS - 1_000;
    expect(await assist.callStaff('voice')).toEqual({ requestId: monday.requestId, created: false });
    now += 2_000;
    const later = await assist.callStaff('voice');
    expect(later.created).toBe(true);
    expect((await assist.openRequests()).map((r) => r.id)).toEqual([monday.requestId, later.requestId]);
    expect(await store.all<{ idempotency_key: string }>('SELECT idempotency_key FROM outbox ORDER BY id')).toEqual([
      { idempotency_key: `help:${monday.requestId}` },
      { idempotency_key: `help:${later.requestId}` },
    ]);
    await store.close();
  });

  it('tells the duty centre when a call is marked done, once', async () => {
    const file = join(makeTempDir('linli-assist-', cleanup), 'linli.db');
    const { store, assist } = await open(file, Date.now);
    const call = await assist.callStaff('screen');
    await assist.handle(call.requestId, 'staff');
    await assist.handle(call.requestId, 'staff');
    const rows = await store.all<{ topic: string; payload: string }>('SELECT topic, payload FROM outbox ORDER BY id');
    expect(rows.map((r) => r.topic)).toEqual(['linli/hall-1/help', 'linli/hall-1/help/handled']);
    expect(JSON.parse(rows[1]!.payload)).toMatchObject({ id: call.requestId, kioskId: 'hall-1' });
    await store.close();
  });

  it('two calls at the same moment (voice and touch) make one request and one outbox message', async () => {
    const file = join(makeTempDir('linli-assist-', cleanup), 'linli.db');
    const { store, assist, published } = await open(file, Date.now);
    const [byVoice, byTouch] = await Promise.all([assist.callStaff('voice'), assist.callStaff('screen')]);
    expect([byVoice.created, byTouch.created]).toEqual([true, false]);
    expect(byTouch.requestId).toBe(byVoice.requestId);
    expect(await store.all('SELECT id FROM help_requests')).toEqual([{ id: byVoice.requestId }]);
    expect(await store.all<{ topic: string }>('SELECT topic FROM outbox')).toEqual([{ topic: 'linli/hall-1/help' }]);
    expect(published).toEqual([{ open: [expect.objectContaining({ id: byVoice.requestId, source: 'voice' })] }]);
    await store.close();
  });
});
