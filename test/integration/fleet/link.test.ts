/**
 * The fleet link against a real Mosquitto on 127.0.0.1, with the alarm service on its real parts
 * (SQLite file, button and modem drivers on pty pairs): what the duty centre receives, what waits
 * while the broker is away, and what an acknowledgement from the duty centre does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createNullLogger } from '../../../main/log/logger.ts';
import { FleetLink } from '../../../main/services/fleet/link.ts';
import { createRig, type Rig } from '../../support/emergency-rig.ts';
import { startHostProcess, type HostProcess } from '../../support/host-process.ts';
import { freePort, startBroker, type Broker } from '../../support/mosquitto.ts';
import { enqueueOutbox } from '../../../main/services/fleet/outbox.ts';
import { writeSiteConfig } from '../../support/site-config.ts';
import { ApiClient } from '../../support/ws-client.ts';

interface Received {
  topic: string;
  body: unknown;
  key: unknown;
}

let rig: Rig | undefined;
let broker: Broker | undefined;
let link: FleetLink | undefined;
let centre: MqttClient | undefined;
let host: HostProcess | undefined;

afterEach(async () => {
  await host?.stop();
  host = undefined;
  await link?.stop();
  await centre?.endAsync(true);
  await broker?.stop();
  await rig?.close();
  rig = broker = link = centre = undefined;
});

/** A duty-centre console on the broker: everything this kiosk publishes, in order. */
async function dutyCentre(url: string, prefix = 'linli/test-kiosk'): Promise<{ client: MqttClient; received: Received[]; next(match: (m: Received) => boolean, timeoutMs?: number): Promise<Received> }> {
  const client = connect(url, { protocolVersion: 5, clientId: 'duty-centre', reconnectPeriod: 200 });
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    let body: unknown = payload.toString();
    try {
      body = JSON.parse(body as string);
    } catch {
      // Its own malformed test message, heard back on the wildcard: kept as text.
    }
    received.push({ topic, body, key: packet.properties?.userProperties?.key });
    for (const w of waiters) w();
  });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  await client.subscribeAsync(`${prefix}/#`, { qos: 1 });
  const next = (match: (m: Received) => boolean, timeoutMs = 15_000): Promise<Received> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = received.find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`nothing matching within ${timeoutMs} ms; received ${JSON.stringify(received.map((m) => m.topic))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { client, received, next };
}

function startLink(r: Rig, url: string): FleetLink {
  const l = new FleetLink({
    url,
    kioskId: 'test-kiosk',
    topicPrefix: 'linli',
    store: r.store,
    events: r.events,
    health: r.health,
    log: createNullLogger(),
    alarms: r.service,
    reconnectMs: 200,
    sweepMs: 1_000,
  });
  l.start();
  return l;
}

const fleetHealth = (r: Rig) => r.health.snapshot().components.find((c) => c.id === 'fleet') ?? { state: 'absent', message: { zh: '', en: '' } };

/** A broker, a duty-centre console on it, and the alarm service with its link connected. */
async function connectedKiosk(): Promise<{ desk: Awaited<ReturnType<typeof dutyCentre>>; kiosk: Rig }> {
  broker = await startBroker();
  const desk = await dutyCentre(broker.url);
  centre = desk.client;
  const kiosk = await createRig({ timing: { cancelWindowMs: 60_000 } });
  rig = kiosk;
  link = startLink(kiosk, broker.url);
  await expect.poll(() => fleetHealth(kiosk).state, { timeout: 10_000 }).toBe('ok');
  return { desk, kiosk };
}
const undelivered = async (r: Rig): Promise<number> => (await r.store.get<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL'))!.n;

describe('the fleet link', () => {
  it('tells the duty centre of an alarm at once, each change once and in order, and marks it delivered', async () => {
    const { desk, kiosk } = await connectedKiosk();
    expect(fleetHealth(kiosk).message.zh).toBe('已连上值班中心');
    await desk.next((m) => m.topic === 'linli/test-kiosk/status' && (m.body as { online: boolean }).online);
    const health = await desk.next((m) => m.topic === 'linli/test-kiosk/health' && JSON.stringify(m.body).includes('"id":"fleet","state":"ok"'));
    expect((health.body as { components: { id: string }[] }).components.map((c) => c.id)).toEqual(expect.arrayContaining(['button', 'modem', 'fleet']));

    const { alarmId } = await kiosk.service.trigger('screen');
    const raised = await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/raised');
    expect(raised.body).toMatchObject({ kioskId: 'test-kiosk', site: '幸福里社区服务中心', alarm: { id: alarmId, phase: 'cancel-window', source: 'screen' } });
    expect(raised.key).toBe(`${alarmId}:raised:0`);
    await kiosk.service.close(alarmId, 'false-alarm', '李');
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/closed');
    const changes = desk.received.filter((m) => m.topic.includes('/alarm/') && !m.topic.endsWith('/open'));
    expect(changes.map((m) => m.topic)).toEqual(['linli/test-kiosk/alarm/raised', 'linli/test-kiosk/alarm/closed']);
    await expect.poll(() => undelivered(kiosk)).toBe(0);
  }, 60_000);

  it('keeps alarms raised while the broker is away, tells staff in words, and delivers them when it is back', async () => {
    broker = await startBroker();
    const port = broker.port;
    rig = await createRig({ timing: { cancelWindowMs: 60_000 } });
    link = startLink(rig, broker.url);
    await expect.poll(() => fleetHealth(rig!).state, { timeout: 10_000 }).toBe('ok');

    await broker.stop();
    await expect.poll(() => fleetHealth(rig!).state, { timeout: 10_000 }).toBe('degraded');
    const { alarmId } = await rig.service.trigger('button');
    await expect.poll(() => fleetHealth(rig!).message.zh, { timeout: 10_000 }).toMatch(/^与值班中心的网络连线断了（值班中心的服务器没有应答）。\d+ 条求助记录先保存在本机，连上后自动补发；电话呼叫不受影响。$/);
    expect(await undelivered(rig)).toBeGreaterThan(0);

    broker = await startBroker(port);
    const desk = await dutyCentre(broker.url);
    centre = desk.client;
    // Whether the link is back before the console has subscribed or after, what was kept arrives.
    const raised = await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/raised');
    expect(raised.body).toMatchObject({ alarm: { id: alarmId, source: 'button' } });
    await expect.poll(() => undelivered(rig!)).toBe(0);
    expect(fleetHealth(rig).state).toBe('ok');
  }, 60_000);

  it('an acknowledgement from the duty centre tells the person help is coming, and goes back out as acknowledged', async () => {
    const { desk, kiosk } = await connectedKiosk();
    const { alarmId } = await kiosk.service.trigger('screen');
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/raised');

    await desk.client.publishAsync('linli/test-kiosk/alarm/ack', JSON.stringify({ alarmId, by: '值班员张' }), { qos: 1 });
    const acked = await kiosk.waitForAlarm((a) => a.phase === 'acknowledged', 10_000);
    expect(acked).toMatchObject({ acknowledgedBy: 'duty-centre', acknowledgedName: '值班员张' });
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/acknowledged');

    // Said twice (a second operator, or the broker's at-least-once): it stands, and is not refused.
    // An ack for no alarm, sent after it, is refused after it would have been.
    await desk.client.publishAsync('linli/test-kiosk/alarm/ack', JSON.stringify({ alarmId, by: '值班员李' }), { qos: 1 });
    await desk.client.publishAsync('linli/test-kiosk/alarm/ack', JSON.stringify({ alarmId: 'no-such-alarm' }), { qos: 1 });
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/ack/refused');
    expect(desk.received.filter((m) => m.topic === 'linli/test-kiosk/alarm/ack/refused').map((m) => m.body)).toEqual([{ error: 'no open alarm no-such-alarm on this kiosk' }]);
    expect(kiosk.service.current()).toMatchObject({ acknowledgedName: '值班员张' });
  }, 60_000);

  it('a malformed acknowledgement, or one for no open alarm, changes nothing and the sender is told why', async () => {
    const { desk, kiosk } = await connectedKiosk();
    await desk.next((m) => m.topic === 'linli/test-kiosk/status');
    const { alarmId } = await kiosk.service.trigger('screen');

    await desk.client.publishAsync('linli/test-kiosk/alarm/ack', '{"alarmId": 12', { qos: 1 });
    const garbled = await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/ack/refused');
    expect(garbled.body).toEqual({ error: 'the message is not JSON in UTF-8' });

    await desk.client.publishAsync('linli/test-kiosk/alarm/ack', JSON.stringify({ alarmId: 'no-such-alarm' }), { qos: 1 });
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/ack/refused' && (m.body as { error: string }).error.includes('no-such-alarm'));
    expect(kiosk.service.current()).toMatchObject({ id: alarmId, phase: 'cancel-window' });
  }, 60_000);

  it('an alarm raised with the broker away survives kill -9, and reaches the duty centre once the kiosk is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-fleet-crash-'));
    const port = await freePort();
    const config = writeSiteConfig(dir, [
      'site: { name: 幸福里社区服务中心, address: 幸福路1号 }',
      'kiosk: { id: hall-2, name: 大厅终端, location: 一楼大厅 }',
      `fleet: { enabled: true, url: "mqtt://127.0.0.1:${port}" }`,
      'emergency: { cancelWindowSeconds: 60 }',
    ]);
    const dataDir = join(dir, 'data');
    host = await startHostProcess({ args: ['--config', config], dataDir });
    const api = await ApiClient.connect(host.url);
    const raised = await api.command(1, 'emergency.trigger', { source: 'screen' });
    const { alarmId } = raised.result as { alarmId: string };
    api.close();
    host.child.kill('SIGKILL');
    await new Promise((resolve) => host!.child.once('exit', resolve));
    host = undefined;

    broker = await startBroker(port);
    const desk = await dutyCentre(broker.url, 'linli/hall-2');
    centre = desk.client;
    host = await startHostProcess({ args: ['--config', config], dataDir });
    const message = await desk.next((m) => m.topic === 'linli/hall-2/alarm/raised', 20_000);
    expect(message.body).toMatchObject({ kioskId: 'hall-2', alarm: { id: alarmId, source: 'screen' } });
    expect(message.key).toBe(`${alarmId}:raised:0`);
  }, 90_000);

  it('with nobody at the duty centre subscribed, staff are told, and a console that comes up later finds the open alarm', async () => {
    broker = await startBroker();
    const kiosk = await createRig({ timing: { cancelWindowMs: 60_000 } });
    rig = kiosk;
    link = startLink(kiosk, broker.url);
    await expect.poll(() => fleetHealth(kiosk).state, { timeout: 10_000 }).toBe('ok');
    const { alarmId } = await kiosk.service.trigger('screen');
    await expect.poll(() => fleetHealth(kiosk).message.zh, { timeout: 10_000 }).toBe(
      '已连上值班中心的服务器，但值班中心现在没有人接收呼救；未处理的呼救留在服务器上，值班中心上线后能看到。电话呼叫不受影响。',
    );
    expect(fleetHealth(kiosk).state).toBe('degraded');

    const desk = await dutyCentre(broker.url);
    centre = desk.client;
    const open = await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/open');
    expect(open.body).toMatchObject({ kioskId: 'test-kiosk', alarm: { id: alarmId, phase: 'cancel-window' } });
    // The next change is heard, and staff see the link well again.
    await kiosk.service.close(alarmId, 'false-alarm');
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/closed');
    await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/open' && (m.body as { alarm: unknown }).alarm === null);
    await expect.poll(() => fleetHealth(kiosk).state).toBe('ok');
    expect(await undelivered(kiosk)).toBe(0);
  }, 60_000);

  it('a message the broker refuses does not hold back the alarms after it, and staff are told', async () => {
    // The broker lets this kiosk publish alarms and its status, not staff calls.
    broker = await startBroker(undefined, {
      acl: ['topic readwrite linli/test-kiosk/alarm/#', 'topic readwrite linli/test-kiosk/status', 'topic readwrite linli/test-kiosk/health'],
    });
    const desk = await dutyCentre(broker.url);
    centre = desk.client;
    rig = await createRig({ timing: { cancelWindowMs: 60_000 } });
    await rig.store.transaction((tx) => enqueueOutbox(tx, 'linli/test-kiosk/help', 'help:h1', { id: 'h1' }, Date.now()));
    link = startLink(rig, broker.url);
    const { alarmId } = await rig.service.trigger('screen');
    const raised = await desk.next((m) => m.topic === 'linli/test-kiosk/alarm/raised');
    expect(raised.body).toMatchObject({ alarm: { id: alarmId } });
    await expect.poll(() => fleetHealth(rig!).message.zh, { timeout: 10_000 }).toBe('值班中心的服务器拒收了这台终端的消息；请联系维护人员检查服务器权限。其他消息照常发送。');
    // The refused one is kept, in case the broker's rules change.
    await expect.poll(() => rig!.store.all('SELECT topic FROM outbox WHERE delivered_at IS NULL')).toEqual([{ topic: 'linli/test-kiosk/help' }]);
  }, 60_000);
});
