import { connect } from 'mqtt';
import { createNullLogger } from '../../main/log/logger.ts';
import { FleetLink } from '../../main/services/fleet/link.ts';
import { createRig } from '../../test/support/emergency-rig.ts';
import { startBroker } from '../../test/support/mosquitto.ts';
import { median, percentile, type Row } from './stats.ts';

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/**
 * Button press on the box's pty → the alarm at a duty-centre console on the broker: the row is
 * committed, the link publishes it (QoS 1) and a subscriber on a real Mosquitto on 127.0.0.1 has
 * it. No issue sets a target; EN 50136-1's transmission-time table (facts/emergency.md §1) could
 * not be read, so it is reported as measured.
 */
export async function benchButtonToDutyCentre(presses: number): Promise<Row> {
  const broker = await startBroker();
  const desk = connect(broker.url, { protocolVersion: 5, clientId: 'bench-desk' });
  await new Promise<void>((resolve) => desk.once('connect', () => resolve()));
  await desk.subscribeAsync('linli/test-kiosk/alarm/raised', { qos: 1 });
  const rig = await createRig({ timing: { cancelWindowMs: 60_000 } });
  const link = new FleetLink({
    url: broker.url,
    kioskId: 'test-kiosk',
    topicPrefix: 'linli',
    store: rig.store,
    events: rig.events,
    health: rig.health,
    log: createNullLogger(),
    alarms: rig.service,
  });
  link.start();
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (rig.health.snapshot().components.find((c) => c.id === 'fleet')?.state !== 'ok') return;
      off();
      resolve();
    };
    const off = rig.events.subscribe((name) => name === 'health.changed' && check());
    check();
  });
  const samples: number[] = [];
  for (let i = 0; i < presses; i++) {
    const received = new Promise<{ at: number; id: string }>((resolve) => {
      desk.once('message', (_topic, body) => resolve({ at: performance.now(), id: (JSON.parse(body.toString()) as { alarm: { id: string } }).alarm.id }));
    });
    const t0 = performance.now();
    rig.buttonSim.press();
    const { at, id } = await received;
    samples.push(at - t0);
    rig.buttonSim.release();
    await rig.service.cancel(id, 'person');
  }
  await link.stop();
  await desk.endAsync();
  await rig.close();
  await broker.stop();
  return {
    name: 'button SOS → alarm at the duty centre (MQTT, Mosquitto on 127.0.0.1)',
    samples: samples.length,
    median: ms(median(samples)),
    p95: ms(percentile(samples, 95)),
    p99: ms(percentile(samples, 99)),
    target: 'none set; reported as measured',
    verdict: '-',
  };
}
