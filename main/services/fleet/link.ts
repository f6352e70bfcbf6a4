import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { LocalizedText } from '../../content/schema.ts';
import type { EventBus } from '../../core/events.ts';
import type { AlarmView } from '../../api/contract.ts';
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
  /** The alarm service: the duty centre acknowledges its alarms, and sees the open one. */
  alarms: {
    /** False when no such alarm is open. */
    acknowledge(alarmId: string, by: 'duty-centre', who?: string): Promise<boolean>;
    /** The open alarm as screens see it, or null. */
    current(): AlarmView | null;
  };
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
/**
 * How long the broker keeps the kiosk's session, with the duty centre's acks for it, while the
 * kiosk is away: a day covers a power cut or a night's network outage.
 */
const SESSION_EXPIRY_S = 24 * 3600;
/** MQTT 5 reason code 0x10: the broker took the message, but nobody subscribes to its topic. */
const NO_MATCHING_SUBSCRIBERS = 0x10;
// Besides the nudge after every change: rows the alarm service commits late, after the store
// refused a write, come with no event.
const DEFAULT_SWEEP_MS = 5_000;
const DEFAULT_PUBLISH_TIMEOUT_MS = 15_000;
/** How long a message the broker refused rests before it is offered again. */
const REFUSED_RETRY_MS = 5 * 60_000;

/** Events published after a change that wrote to the outbox has been committed. */
const OUTBOX_WRITERS = new Set(['emergency.changed', 'assist.requests']);

export class FleetLink {
  readonly #o: FleetLinkOptions;
  readonly #now: () => number;
  readonly #topics: { status: string; health: string; open: string; ack: string; ackRefused: string };
  #client: MqttClient | null = null;
  #draining: Promise<void> | null = null;
  #drainAgain = false;
  #sweep: NodeJS.Timeout | undefined;
  #offEvents: (() => void) | undefined;
  #stopped = false;
  #lastError = '';
  /** Ends every wait on the broker at once when the link stops. */
  readonly #stopping = new AbortController();
  /** Message ids the broker acknowledged with "no matching subscribers" (see #deliver). */
  readonly #unheard = new Set<number>();
  /** What is wrong though the link is up, for staff; null while all is well. */
  readonly #troubles = new Set<Trouble>();
  /** Rows the broker refused, and when each may be tried again (see #deliverWaiting). */
  readonly #refusedUntil = new Map<number, number>();

  constructor(options: FleetLinkOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    const base = `${options.topicPrefix}/${options.kioskId}`;
    this.#topics = { status: `${base}/status`, health: `${base}/health`, open: `${base}/alarm/open`, ack: `${base}/alarm/ack`, ackRefused: `${base}/alarm/ack/refused` };
  }

  start(): void {
    const broker = brokerAddress(this.#o.url);
    if (!broker.ok) {
      // The kiosk runs on without the link: a fleet setting must never cost it its phone calls.
      this.#o.log.error({ problem: broker.problem.en }, 'fleet link not started');
      this.#o.health.report('fleet', 'fault', broker.problem);
      return;
    }
    this.#report('degraded', { zh: '正在连接值班中心……', en: 'Connecting to the duty centre…' });
    const options: IClientOptions = {
      ...broker.credentials,
      protocolVersion: 5,
      clientId: `linli-${this.#o.kioskId}`,
      // The broker keeps the subscription and what arrives for it while the kiosk is away.
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S },
      reconnectPeriod: this.#o.reconnectMs ?? DEFAULT_RECONNECT_MS,
      // A refused connection (server busy, too many connecting at once after a broker restart)
      // is tried again like a lost one; otherwise mqtt.js gives up for good.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      // The broker tells the duty centre when the kiosk drops off without saying goodbye.
      will: { topic: this.#topics.status, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    };
    const client = connect(broker.url, options);
    this.#client = client;
    client.on('connect', () => void this.#connected(client));
    client.on('close', () => void this.#disconnected());
    client.on('error', (err) => {
      if (err.message !== this.#lastError) this.#o.log.warn({ error: err.message }, 'fleet link error');
      this.#lastError = err.message;
    });
    client.on('message', (topic, body, packet) => {
      // A retained ack is an old one left on the broker, not the duty centre acting now.
      if (!packet.retain) void this.#message(client, topic, body);
    });
    client.on('packetreceive', (packet) => {
      if (packet.cmd === 'puback' && packet.reasonCode === NO_MATCHING_SUBSCRIBERS && packet.messageId !== undefined) this.#unheard.add(packet.messageId);
    });
    this.#offEvents = this.#o.events.subscribe((name) => {
      if (name === 'emergency.changed') this.#publishOpenAlarm();
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
      await this.#brokerAnswer(client.publishAsync(this.#topics.status, JSON.stringify({ online: false }), { qos: 1, retain: true }), 2_000).catch(() => undefined);
    }
    // A send still waiting for the broker ends now, unrecorded: the row stays for the next start.
    this.#stopping.abort();
    await this.#draining;
    await client.endAsync(true);
  }

  async #connected(client: MqttClient): Promise<void> {
    if (this.#stopped) return;
    this.#lastError = '';
    this.#troubles.clear();
    this.#refusedUntil.clear();
    this.#o.log.info('fleet link connected');
    this.#reportConnected();
    this.#publishOpenAlarm();
    this.#retain(this.#topics.status, { online: true });
    try {
      await client.subscribeAsync(this.#topics.ack, { qos: 1 });
    } catch (err) {
      this.#o.log.warn({ err }, 'the broker refused the subscription to duty-centre acknowledgements');
      this.#setTrouble('no-acks', true);
    }
    this.#drain();
  }

  #reportConnected(): void {
    if (!this.#client?.connected) return;
    // The gravest first: no acks at all, then a refused message, then an alarm nobody heard.
    const worst = TROUBLES.find((t) => this.#troubles.has(t));
    if (worst) this.#report('degraded', troubleWords(worst));
    else this.#report('ok', { zh: '已连上值班中心', en: 'Connected to the duty centre' });
  }

  /** Whether one kind of trouble holds; the others stay as they are. */
  #setTrouble(kind: Trouble, holds: boolean): void {
    if (holds === this.#troubles.has(kind)) return;
    if (holds) this.#troubles.add(kind);
    else this.#troubles.delete(kind);
    this.#reportConnected();
  }

  /**
   * The devices' health as staff see it, retained: the duty centre sees a kiosk whose modem or
   * button has failed without waiting for an alarm that cannot get out. Only the latest counts,
   * so it is not kept in the outbox.
   */
  #publishHealth(): void {
    this.#retain(this.#topics.health, { at: new Date(this.#now()).toISOString(), ...this.#o.health.snapshot() });
  }

  /**
   * The open alarm, retained, beside the stream of changes: a duty-centre console that was down
   * when an alarm was raised sees it as soon as it subscribes. An empty retained message would
   * delete it, so "none" is `{ alarm: null }`.
   */
  #publishOpenAlarm(): void {
    this.#retain(this.#topics.open, { at: new Date(this.#now()).toISOString(), kioskId: this.#o.kioskId, alarm: this.#o.alarms.current() });
  }

  /** Where the kiosk stands, retained on the broker for whoever subscribes next; only the latest counts. */
  #retain(topic: string, body: unknown): void {
    const client = this.#client;
    if (this.#stopped || !client?.connected) return;
    client.publishAsync(topic, JSON.stringify(body), { qos: 1, retain: true }).catch((err: unknown) => this.#o.log.warn({ err, topic }, 'retained state not published'));
  }

  async #disconnected(): Promise<void> {
    if (this.#stopped) return;
    const waiting = await waitingCount(this.#o.store).catch(() => 0);
    // Back already while the count was read: what it says now is the connection's.
    if (this.#stopped || this.#client?.connected) return;
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
      const now = this.#now();
      const resting = new Set([...this.#refusedUntil].flatMap(([id, until]) => (until > now ? [id] : [])));
      const batch = (await undelivered(this.#o.store, BATCH + resting.size)).filter((m) => !resting.has(m.id));
      if (batch.length === 0) break;
      for (const message of batch) {
        const outcome = await this.#deliver(client, message);
        // The broker will never take a refused one as it stands (not allowed, too large): it
        // must not hold back every alarm after it. It stays undelivered, staff are told, and it
        // rests a while before it is tried again, in case the broker's rules change.
        if (outcome === 'refused') continue;
        // In order: a later message (acknowledged, closed) must not reach the duty centre before
        // the alarm it is about, so one that did not get through stops the drain until the next try.
        if (outcome !== 'delivered') return;
      }
    }
    this.#setTrouble('refused', this.#refusedUntil.size > 0);
  }

  async #deliver(client: MqttClient, message: OutboxMessage): Promise<'delivered' | 'refused' | 'failed'> {
    let outcome: 'delivered' | 'refused' | 'failed' = 'failed';
    let heard = true;
    // Outbox sends go one at a time: an id left from another publish (status, health, a send
    // that timed out) must not make this one look unheard once ids wrap round.
    this.#unheard.clear();
    try {
      const sent = await this.#brokerAnswer(
        client.publishAsync(message.topic, message.payload, {
          qos: 1,
          properties: { contentType: 'application/json', userProperties: { key: message.key } },
        }),
        this.#o.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS,
      );
      outcome = 'delivered';
      // Taken by the broker but heard by nobody. The broker has it, which is all an outbox can
      // ask (a console that must not miss one keeps a persistent session, and one that comes
      // up later finds the open alarm retained, see #publishOpenAlarm); staff are told when an
      // alarm went unheard. Sending it again would hold back every message after it, for a
      // console that may never subscribe to this topic.
      const id = sent?.messageId;
      heard = !(id !== undefined && this.#unheard.delete(id));
    } catch (err) {
      if (this.#stopped) return 'failed';
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number' && code >= 0x80) outcome = 'refused';
      this.#o.log.warn({ err, topic: message.topic, key: message.key }, 'outbox message not delivered; kept for the next try');
    }
    await recordAttempt(this.#o.store, message.id, outcome === 'delivered', this.#now());
    if (outcome === 'delivered') this.#o.log.info({ topic: message.topic, key: message.key, heard }, 'outbox message delivered');
    if (outcome === 'refused') {
      this.#refusedUntil.set(message.id, this.#now() + REFUSED_RETRY_MS);
      this.#setTrouble('refused', true);
    } else if (outcome === 'delivered') {
      this.#refusedUntil.delete(message.id);
      if (message.topic.includes('/alarm/')) this.#setTrouble('unheard', !heard);
    }
    return outcome;
  }

  /** A broker's answer, or a rejection when it takes longer than `ms` or the link stops meanwhile. */
  #brokerAnswer<T>(promise: Promise<T>, ms: number): Promise<T> {
    return withTimeout(promise, ms, this.#stopping.signal);
  }

  async #message(client: MqttClient, topic: string, body: Buffer): Promise<void> {
    if (topic !== this.#topics.ack) return;
    const parsed = parseAck(body);
    let refusal: string | null = null;
    if (!parsed.ok) refusal = parsed.error;
    else {
      const { alarmId, by } = parsed.ack;
      const taken = await this.#o.alarms.acknowledge(alarmId, 'duty-centre', by).catch((err: unknown) => {
        this.#o.log.error({ err, alarmId }, 'duty-centre acknowledgement could not be applied');
        return false;
      });
      const open = this.#o.alarms.current();
      if (taken) this.#o.log.info({ alarmId }, 'alarm acknowledged by the duty centre');
      // Said twice (a second operator, or the broker's at-least-once): it stands, nothing to refuse.
      else if (open?.id === alarmId && open.phase === 'acknowledged') {
        this.#o.log.info({ alarmId }, 'duty-centre acknowledgement for an alarm already acknowledged');
        return;
      }
      else refusal = `no open alarm ${alarmId} on this kiosk`;
    }
    if (refusal === null) return;
    // The sender is told why, on a topic of its own: a console that mistyped an id must not
    // believe someone has been told help is coming.
    this.#o.log.warn({ error: refusal }, 'duty-centre acknowledgement refused');
    await client.publishAsync(this.#topics.ackRefused, JSON.stringify({ error: refusal }), { qos: 1 }).catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer);
      reject(new Error('the fleet link stopped'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      reject(new Error(`no answer from the broker in ${ms} ms`));
    }, ms);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    promise.then(
      (value) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * The broker's address without its user and password, which go to mqtt.js on their own: it
 * parses them out of a URL with Node's old parser, which splits a password at its last colon.
 * A password over plain mqtt:// to another machine is refused: it would cross the district's
 * network in the clear.
 */
export function brokerAddress(
  address: string,
): { ok: true; url: string; credentials: { username?: string; password?: string } } | { ok: false; problem: LocalizedText } {
  const url = URL.canParse(address) ? new URL(address) : null;
  // Not repeated in the words: the address may carry a password.
  if (url === null) return { ok: false, problem: { zh: '值班中心的地址写错了，请联系维护人员。', en: "The duty centre's address is not valid: call maintenance." } };
  const credentials = {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'mqtt:' && credentials.password !== undefined && !loopback) {
    return {
      ok: false,
      problem: {
        zh: '与值班中心的连线没有启用：密码不能在网络上明文传送，设置里的地址要用 mqtts://。请联系维护人员。',
        en: 'The link to the duty centre is not started: its password would cross the network in the clear. The address in the settings must be mqtts://. Call maintenance.',
      },
    };
  }
  url.username = '';
  url.password = '';
  return { ok: true, url: url.toString(), credentials };
}

/**
 * What can be wrong while the link is up: nobody at the duty centre subscribed to hear the
 * kiosk, the broker refusing a message, or refusing the kiosk the duty centre's acks.
 */
const TROUBLES = ['no-acks', 'refused', 'unheard'] as const;
type Trouble = (typeof TROUBLES)[number];

function troubleWords(kind: Trouble): LocalizedText {
  switch (kind) {
    case 'unheard':
      return {
        zh: '已连上值班中心的服务器，但值班中心现在没有人接收呼救；未处理的呼救留在服务器上，值班中心上线后能看到。电话呼叫不受影响。',
        en: 'Connected, but nobody at the duty centre is receiving alarms; an open alarm stays on the server for the duty centre to see when it is back. Phone calls are not affected.',
      };
    case 'refused':
      return {
        zh: '值班中心的服务器拒收了这台终端的消息；请联系维护人员检查服务器权限。其他消息照常发送。',
        en: 'The server refused a message from this kiosk: have maintenance check the server permissions. Other messages still go.',
      };
    case 'no-acks':
      return {
        zh: '已连上值班中心，但服务器不让本机接收值班中心的确认；请联系维护人员检查服务器权限。',
        en: 'Connected to the duty centre, but the server refuses this kiosk its acknowledgements: have maintenance check the server permissions.',
      };
  }
}

/** What staff are told of a connection error; undefined when there is none to tell. */
function plainReason(error: string): LocalizedText | undefined {
  if (!error) return undefined;
  if (/ECONNREFUSED/.test(error)) return { zh: '值班中心的服务器没有应答', en: 'the duty centre’s server refused the connection' };
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return { zh: '找不到值班中心的服务器地址', en: 'the duty centre’s server address cannot be found' };
  if (/ETIMEDOUT|timeout/i.test(error)) return { zh: '连接值班中心超时', en: 'the connection to the duty centre timed out' };
  if (/not authori[sz]ed|bad user name or password/i.test(error)) return { zh: '值班中心的服务器不接受这台终端登录', en: 'the duty centre’s server does not accept this kiosk' };
  return { zh: `连接出错：${error}`, en: error };
}
