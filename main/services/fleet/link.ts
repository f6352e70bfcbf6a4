import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { LocalizedText } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import type { HealthService } from '../health/service.ts';
import { parseAck } from './ack.ts';
import { recordAttempt, undelivered, waitingCount, type OutboxMessage } from './outbox.ts';

/**
 * The fleet link: the kiosk's MQTT 5 connection to its district's broker (DESIGN.md, "Scale").
 * Out, it delivers the outbox — alarms and staff calls for the duty centre — in the order they
 * were written, each marked delivered only once the broker has acknowledged it (QoS 1), so a
 * link that drops, a broker that restarts or a kiosk killed mid-send loses nothing. In, it takes
 * the duty centre's acknowledgement of an alarm. Staff see in words whether it is connected.
 */

export interface FleetLinkOptions {
  /** mqtt:// or mqtts:// (config `fleet.url`). */
  url: string;
  kioskId: string;
  topicPrefix: string;
  store: Store;
  events: EventBus;
  health: HealthService;
  log: Logger;
  /** The duty centre has taken the alarm on; false when no such alarm is open. */
  acknowledge(alarmId: string, who: string | undefined): Promise<boolean>;
  /** Pause between connection attempts. */
  reconnectMs?: number;
  /** How often the outbox is looked at while connected, besides after every change. */
  sweepMs?: number;
  /** How long the broker has to acknowledge a message before it counts as not delivered. */
  publishTimeoutMs?: number;
  now?: () => number;
}

const BATCH = 50;
const DEFAULT_RECONNECT_MS = 5_000;
const DEFAULT_SWEEP_MS = 30_000;
const DEFAULT_PUBLISH_TIMEOUT_MS = 15_000;

/** Events published after a change that wrote to the outbox has been committed. */
const OUTBOX_WRITERS = new Set(['emergency.changed', 'assist.requests']);

export class FleetLink {
  readonly #o: FleetLinkOptions;
  readonly #now: () => number;
  readonly #topics: { status: string; health: string; ack: string; ackRefused: string };
  #client: MqttClient | null = null;
  #draining: Promise<void> | null = null;
  #drainAgain = false;
  #sweep: NodeJS.Timeout | undefined;
  #offEvents: (() => void) | undefined;
  #stopped = false;
  #lastError = '';

  constructor(options: FleetLinkOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    const base = `${options.topicPrefix}/${options.kioskId}`;
    this.#topics = { status: `${base}/status`, health: `${base}/health`, ack: `${base}/alarm/ack`, ackRefused: `${base}/alarm/ack/refused` };
  }

  start(): void {
    this.#report('degraded', { zh: '正在连接值班中心……', en: 'Connecting to the duty centre…' });
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId: `linli-${this.#o.kioskId}`,
      reconnectPeriod: this.#o.reconnectMs ?? DEFAULT_RECONNECT_MS,
      connectTimeout: 10_000,
      // The broker tells the duty centre when the kiosk drops off without saying goodbye.
      will: { topic: this.#topics.status, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    };
    const client = connect(this.#o.url, options);
    this.#client = client;
    client.on('connect', () => void this.#connected(client));
    client.on('close', () => void this.#disconnected());
    client.on('error', (err) => {
      if (err.message !== this.#lastError) this.#o.log.warn({ error: err.message }, 'fleet link error');
      this.#lastError = err.message;
    });
    client.on('message', (topic, body) => void this.#message(client, topic, body));
    this.#offEvents = this.#o.events.subscribe((name) => {
      if (OUTBOX_WRITERS.has(name)) this.#drain();
      else if (name === 'health.changed') this.#publishHealth();
    });
    this.#sweep = setInterval(() => this.#drain(), this.#o.sweepMs ?? DEFAULT_SWEEP_MS);
    this.#sweep.unref();
  }

  /** Says goodbye to the broker (the duty centre sees the kiosk go offline) and stops. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#sweep);
    this.#offEvents?.();
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    if (client.connected) {
      await withTimeout(client.publishAsync(this.#topics.status, JSON.stringify({ online: false }), { qos: 1, retain: true }), 2_000).catch(() => undefined);
    }
    await client.endAsync(true);
  }

  async #connected(client: MqttClient): Promise<void> {
    this.#lastError = '';
    this.#o.log.info('fleet link connected');
    this.#report('ok', { zh: '已连上值班中心', en: 'Connected to the duty centre' });
    try {
      await client.subscribeAsync(this.#topics.ack, { qos: 1 });
      await client.publishAsync(this.#topics.status, JSON.stringify({ online: true }), { qos: 1, retain: true });
    } catch (err) {
      this.#o.log.warn({ err }, 'fleet link could not subscribe or announce itself; it will on the next connection');
    }
    this.#publishHealth();
    this.#drain();
  }

  /**
   * The devices' health as staff see it, retained: the duty centre sees a kiosk whose modem or
   * button has failed without waiting for an alarm that cannot get out. Only the latest counts,
   * so it is not kept in the outbox.
   */
  #publishHealth(): void {
    const client = this.#client;
    if (this.#stopped || !client?.connected) return;
    const body = JSON.stringify({ at: new Date(this.#now()).toISOString(), ...this.#o.health.snapshot() });
    client.publishAsync(this.#topics.health, body, { qos: 1, retain: true }).catch((err: unknown) => this.#o.log.warn({ err }, 'health not published'));
  }

  async #disconnected(): Promise<void> {
    if (this.#stopped) return;
    const waiting = await waitingCount(this.#o.store).catch(() => 0);
    const why = plainReason(this.#lastError);
    const kept = waiting > 0 ? { zh: `${waiting} 条求助记录先保存在本机，`, en: `${waiting} messages are kept on this kiosk and ` } : { zh: '求助记录先保存在本机，', en: 'Alarms are kept on this kiosk and ' };
    this.#report('degraded', {
      zh: `与值班中心的网络连线断了${why ? `（${why.zh}）` : ''}。${kept.zh}连上后自动补发；电话呼叫不受影响。`,
      en: `The link to the duty centre is down${why ? ` (${why.en})` : ''}. ${kept.en}sent once it is back; phone calls are not affected.`,
    });
  }

  #report(state: 'ok' | 'degraded', message: LocalizedText): void {
    if (!this.#stopped) this.#o.health.report('fleet', state, message);
  }

  /** Delivers whatever waits, one drain at a time; a call during one runs another after it. */
  #drain(): void {
    if (this.#stopped || !this.#client?.connected) return;
    if (this.#draining) {
      this.#drainAgain = true;
      return;
    }
    this.#draining = this.#deliverWaiting()
      .catch((err: unknown) => this.#o.log.error({ err }, 'the outbox could not be read'))
      .finally(() => {
        this.#draining = null;
        if (this.#drainAgain) {
          this.#drainAgain = false;
          this.#drain();
        }
      });
  }

  async #deliverWaiting(): Promise<void> {
    for (;;) {
      const client = this.#client;
      if (this.#stopped || !client?.connected) return;
      const batch = await undelivered(this.#o.store, BATCH);
      if (batch.length === 0) return;
      for (const message of batch) {
        // In order: a later message (acknowledged, closed) must not reach the duty centre before
        // the alarm it is about, so the first one not taken stops the drain until the next try.
        if (!(await this.#deliver(client, message))) return;
      }
    }
  }

  async #deliver(client: MqttClient, message: OutboxMessage): Promise<boolean> {
    let delivered = false;
    try {
      await withTimeout(
        client.publishAsync(message.topic, message.payload, {
          qos: 1,
          properties: { contentType: 'application/json', userProperties: { key: message.key } },
        }),
        this.#o.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
      );
      delivered = true;
    } catch (err) {
      this.#o.log.warn({ err, topic: message.topic, key: message.key }, 'outbox message not delivered; kept for the next try');
    }
    await recordAttempt(this.#o.store, message.id, delivered, this.#now());
    if (delivered) this.#o.log.info({ topic: message.topic, key: message.key }, 'outbox message delivered');
    return delivered;
  }

  async #message(client: MqttClient, topic: string, body: Buffer): Promise<void> {
    if (topic !== this.#topics.ack) return;
    const parsed = parseAck(body);
    let refusal: string | null = null;
    if (!parsed.ok) refusal = parsed.error;
    else {
      const { alarmId, by } = parsed.ack;
      const taken = await this.#o.acknowledge(alarmId, by).catch((err: unknown) => {
        this.#o.log.error({ err, alarmId }, 'duty-centre acknowledgement could not be applied');
        return false;
      });
      if (taken) this.#o.log.info({ alarmId }, 'alarm acknowledged by the duty centre');
      else refusal = `no open alarm ${alarmId} on this kiosk`;
    }
    if (refusal === null) return;
    // The sender is told why, on a topic of its own: a console that mistyped an id must not
    // believe someone has been told help is coming.
    this.#o.log.warn({ error: refusal }, 'duty-centre acknowledgement refused');
    await client.publishAsync(this.#topics.ackRefused, JSON.stringify({ error: refusal }), { qos: 1 }).catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the broker in ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** What staff are told of a connection error; undefined when there is none to tell. */
function plainReason(error: string): LocalizedText | undefined {
  if (!error) return undefined;
  if (/ECONNREFUSED/.test(error)) return { zh: '值班中心的服务器没有应答', en: 'the duty centre’s server refused the connection' };
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return { zh: '找不到值班中心的服务器地址', en: 'the duty centre’s server address cannot be found' };
  if (/ETIMEDOUT|timeout/i.test(error)) return { zh: '连接值班中心超时', en: 'the connection to the duty centre timed out' };
  if (/not authori[sz]ed|bad user name or password/i.test(error)) return { zh: '值班中心的服务器不接受这台终端登录', en: 'the duty centre’s server does not accept this kiosk' };
  return { zh: error, en: error };
}
