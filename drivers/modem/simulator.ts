import { SerialPort } from 'serialport';
import type { PtyPair } from '../serial/pty.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { CTRL_Z, SMS_ABORT } from './commands.ts';
import { errorForCode } from './errors.ts';
import { SimulatedCall, type CallScript } from './simulator-calls.ts';
import {
  PROFILES,
  type ModemSimulator,
  type ModemSimulatorEvents,
  type ModemSimulatorOptions,
  type Profile,
  type SentSms,
  type SimulatedRegistration,
  type SimulatedSim,
} from './simulator-model.ts';
import { decodeUcs2Hex, encodeUcs2Hex } from './sms.ts';

/**
 * A SIM7600 or EC20 on the far end of a pty pair, for tests and the kiosk's `--simulate` mode.
 * It speaks as the module does (facts/emergency.md §2): echo on until ATE0, plain ERROR until
 * AT+CMEE=1, the module's own boot messages, DTMF and TTS commands and URCs, UCS2 text-mode SMS
 * with the `> ` prompt, and AT+CLCC through dialling, alerting and active. Each called number
 * follows a script; everything the kiosk sends is recorded.
 */

export type { CallBehaviour, CallScript } from './simulator-calls.ts';
export type { ModemSimulator, ModemSimulatorEvents, ModemSimulatorOptions, SentSms, SimulatedModel, SimulatedRegistration, SimulatedSim } from './simulator-model.ts';

const REGISTRATION_STAT: Record<SimulatedRegistration, number> = { home: 1, searching: 2, denied: 3 };
// A contact who accepts, so `--simulate` shows the whole emergency flow.
const DEFAULT_SCRIPT: CallScript = { behaviour: 'answer', pressKey: '1' };
const MAX_COMMAND_CHARS = 1_024;

export async function startModemSimulator(options: ModemSimulatorOptions): Promise<ModemSimulator> {
  const simulator = new Simulator(options);
  await simulator.open();
  return simulator;
}

class Simulator extends TypedEmitter<ModemSimulatorEvents> implements ModemSimulator {
  readonly commands: string[] = [];
  readonly sms: SentSms[] = [];
  readonly spoken: string[] = [];
  readonly #options: ModemSimulatorOptions;
  readonly #profile: Profile;
  readonly #scripts = new Map<string, CallScript>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #port: SerialPort | null = null;
  #sim: SimulatedSim;
  #registration: SimulatedRegistration;
  #responsive = true;
  #busy = false;
  #backlog: string[] = [];
  #booted = false;
  #simBusy = false;
  #echo = true;
  #cmee = 0;
  #charset = 'IRA';
  #textMode = false;
  #ucs2Dcs = false;
  #dtmf = false;
  #call: SimulatedCall | null = null;
  #input = '';
  #smsTo: string | null = null;
  #smsBody = '';
  #messageRef = 0;

  constructor(options: ModemSimulatorOptions) {
    super();
    this.#options = options;
    this.#profile = PROFILES[options.model];
    this.#sim = options.sim ?? 'ready';
    this.#registration = options.registration ?? 'home';
  }

  get charset(): string {
    return this.#charset;
  }

  async open(): Promise<void> {
    const port = new SerialPort({ path: this.#options.path, baudRate: this.#options.baudRate ?? 115_200, autoOpen: false });
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => this.#receive(chunk.toString('latin1')));
    port.on('close', () => {
      if (this.#port === port) this.#port = null;
    });
    this.#port = port;
    this.#powerOn();
  }

  script(number: string, script: CallScript): void {
    this.#scripts.set(number, script);
  }

  setSim(sim: SimulatedSim, { report = true }: { report?: boolean } = {}): void {
    this.#sim = sim;
    if (report) this.#urc(sim === 'missing' ? '+CPIN: NOT INSERTED' : '+CPIN: READY');
  }

  setRegistration(registration: SimulatedRegistration): void {
    this.#registration = registration;
  }

  setResponsive(responsive: boolean): void {
    this.#responsive = responsive;
  }

  setBusy(busy: boolean): void {
    this.#busy = busy;
    if (busy) return;
    for (const line of this.#backlog.splice(0)) this.#answer(line);
  }

  ring(number: string): void {
    this.#urc('RING');
    this.#urc(`+CLIP: "${number}",${numberType(number)},"",0,"",0`);
  }

  inject(raw: string): void {
    this.#write(raw);
  }

  resetMidCall(): void {
    this.#powerOn();
  }

  async unplug(pair: PtyPair): Promise<void> {
    await this.stop();
    await pair.unplug();
  }

  async replug(pair: PtyPair): Promise<void> {
    await pair.replug();
    await this.open();
  }

  async unplugAndReplug(pair: PtyPair): Promise<void> {
    await this.unplug(pair);
    await this.replug(pair);
  }

  async stop(): Promise<void> {
    this.#halt();
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  // ---- power and input -----------------------------------------------------------------------

  #halt(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#call?.drop();
    this.#call = null;
  }

  /** Power-on defaults (V.250 / 27.007: echo on, CMEE 0), then the boot messages. */
  #powerOn(): void {
    this.#halt();
    this.#booted = false;
    this.#simBusy = false;
    this.#echo = true;
    this.#cmee = 0;
    this.#charset = 'IRA';
    this.#textMode = false;
    this.#ucs2Dcs = false;
    this.#dtmf = false;
    this.#input = '';
    this.#backlog = [];
    this.#smsTo = null;
    const delay = this.#options.bootDelayMs ?? 0;
    // Without a delay the boot messages go out at once, so the module answers from the start.
    if (delay > 0) this.#after(delay, () => this.#boot());
    else this.#boot();
  }

  #boot(): void {
    this.#booted = true;
    const { boot, simReady } = this.#profile;
    if (this.#sim === 'missing') return this.#urc(...boot, '+CPIN: NOT INSERTED');
    const busyMs = this.#options.simBusyMs ?? 0;
    if (busyMs <= 0) return this.#urc(...boot, ...simReady);
    this.#simBusy = true;
    this.#urc(...boot);
    this.#after(busyMs, () => {
      this.#simBusy = false;
      this.#urc(...simReady);
    });
  }

  #receive(text: string): void {
    let echo = '';
    for (const ch of text) {
      if (this.#smsTo !== null) {
        this.#smsInput(ch);
        continue;
      }
      if (this.#echo && this.#live()) echo += ch;
      if (ch === '\r') {
        const line = this.#input.trim();
        this.#input = '';
        // The echo of a line goes out before its answer, as a module echoes as it reads.
        this.#write(echo);
        echo = '';
        if (line.length > 0) this.#command(line);
      } else if (ch !== '\n' && this.#input.length < MAX_COMMAND_CHARS) {
        this.#input += ch;
      }
    }
    this.#write(echo);
  }

  #live(): boolean {
    return this.#responsive && this.#booted;
  }

  // ---- commands ------------------------------------------------------------------------------

  #command(line: string): void {
    this.commands.push(line);
    this.emit('command', line);
    if (this.#busy) this.#backlog.push(line);
    else this.#answer(line);
  }

  #answer(line: string): void {
    if (!this.#live()) return;
    const upper = line.toUpperCase();
    if (upper === 'AT') return this.#reply();
    const echo = /^ATE([01])$/.exec(upper);
    if (echo) return this.#set(() => (this.#echo = echo[1] === '1'));
    const cmee = /^AT\+CMEE=([012])$/.exec(upper);
    if (cmee) return this.#set(() => (this.#cmee = Number(cmee[1])));
    const cmgf = /^AT\+CMGF=([01])$/.exec(upper);
    if (cmgf) return this.#set(() => (this.#textMode = cmgf[1] === '1'));
    if (upper === 'AT+CMEE?') return this.#reply(`+CMEE: ${this.#cmee}`);
    // The AT channel's catch-up check (commands.ts catchUpCheck), V.250 concatenation: S8 is
    // written, then read back as three digits.
    const check = /^AT\+CMEE\?;S8=([0-9]{1,3})S8\?$/.exec(upper);
    if (check?.[1]) return this.#reply(`+CMEE: ${this.#cmee}`, check[1].padStart(3, '0'));
    if (upper === 'AT+CGMM') return this.#reply(this.#profile.model);
    const charset = /^AT\+CSCS="(GSM|IRA|UCS2)"$/.exec(upper);
    if (charset?.[1]) return this.#set(() => (this.#charset = charset[1] as string));
    if (upper === 'AT+CSCS?') return this.#reply(`+CSCS: "${this.#charset}"`);
    const csmp = /^AT\+CSMP=\d+,\d+,\d+,(\d+)$/.exec(upper);
    if (csmp) return this.#set(() => (this.#ucs2Dcs = csmp[1] === '8'));
    if (upper === 'AT+CPIN?') return this.#simStatus();
    if (upper === 'AT+CREG?') return this.#reply(`+CREG: 0,${this.#stat()}`);
    if (upper === 'AT+CEREG?') return this.#reply(`+CEREG: 0,${this.#stat()}`);
    if (upper === 'AT+CSQ') return this.#reply(`+CSQ: ${this.#options.rssi ?? 20},99`);
    if (upper === 'AT+QCFG="IMS"' && this.#profile.answersQcfgIms) return this.#reply(`+QCFG: "ims",1,${this.#imsRegistered()}`);
    if (upper === 'AT+CIREG?' && this.#profile.answersCireg) return this.#reply(`+CIREG: 0,${this.#imsRegistered()}`);
    if (upper === this.#profile.dtmfEnable) return this.#set(() => (this.#dtmf = true));
    const dial = /^ATD([+]?[0-9*#]+);$/.exec(upper);
    if (dial?.[1]) return this.#dial(dial[1]);
    if (upper === 'AT+CLCC') return this.#listCalls();
    if (upper === 'AT+CHUP' || upper === 'ATH' || upper === 'ATH0') return this.#hangUp();
    const cmgs = /^AT\+CMGS="([^"]*)"$/i.exec(line);
    if (cmgs) return this.#startSms(cmgs[1] ?? '');
    if (this.#options.tts !== false && upper === this.#profile.ttsRoute) return this.#reply();
    const tts = this.#profile.tts.exec(line);
    if (tts) return this.#speak(tts[1] ?? '');
    this.#final('ERROR');
  }

  #set(apply: () => void): void {
    apply();
    this.#reply();
  }

  #simStatus(): void {
    // facts/emergency.md §2.1: no SIM answers +CME ERROR: 10, a SIM still starting 14.
    if (this.#sim === 'missing') return this.#error('cme', 10);
    if (this.#simBusy) return this.#error('cme', 14);
    this.#reply('+CPIN: READY');
  }

  #stat(): number {
    if (this.#sim === 'missing') return 0;
    return this.#simBusy ? 2 : REGISTRATION_STAT[this.#registration];
  }

  #imsRegistered(): 0 | 1 {
    return this.#options.volte !== false && this.#stat() === 1 ? 1 : 0;
  }

  #dial(number: string): void {
    if (this.#sim === 'missing') return this.#error('cme', 10);
    if (this.#simBusy) return this.#error('cme', 14);
    // facts/emergency.md §2.2: a second ATD while a call is up is refused on SIM7600/EC20.
    if (this.#call !== null) return this.#error('cme', 3);
    const registered = this.#stat() === 1;
    const alertAfterMs = this.#options.alertAfterMs ?? 300;
    const script: CallScript = registered
      ? (this.#scripts.get(number) ?? this.#options.defaultScript ?? DEFAULT_SCRIPT)
      : { behaviour: 'unreachable', answerAfterMs: alertAfterMs };
    this.#reply();
    const call: SimulatedCall = new SimulatedCall(number, script, alertAfterMs, {
      key: (key) => {
        if (this.#dtmf) this.#urc(this.#profile.dtmfUrc(key));
      },
      answered: () => {
        if (this.#profile.voiceCallUrcs) this.#urc('VOICE CALL: BEGIN');
      },
      ended: (reason, wasActive) => {
        if (this.#call === call) this.#call = null;
        this.#callEnded(wasActive);
        this.#urc(reason);
      },
    });
    this.#call = call;
  }

  #listCalls(): void {
    const call = this.#call;
    if (call === null) return this.#reply();
    const number = this.#charset === 'UCS2' ? encodeUcs2Hex(call.number) : call.number;
    this.#reply(`+CLCC: 1,0,${call.stat},0,0,"${number}",${numberType(call.number)}`);
  }

  #hangUp(): void {
    const call = this.#call;
    this.#call = null;
    call?.drop();
    this.#reply();
    if (call !== null) this.#callEnded(call.stat === 0);
  }

  #callEnded(wasActive: boolean): void {
    if (wasActive && this.#profile.voiceCallUrcs) this.#urc('VOICE CALL: END: 000010');
  }

  // ---- SMS and TTS ---------------------------------------------------------------------------

  /** facts/emergency.md §2.3: text mode, and under UCS2 the number too is UCS2 hex. */
  #startSms(rawNumber: string): void {
    if (!this.#textMode) return this.#error('cms', 304);
    if (this.#sim === 'missing') return this.#error('cms', 310);
    const number = this.#charset === 'UCS2' ? decodeUcs2Hex(rawNumber) : { ok: true as const, value: rawNumber };
    if (!number.ok || !/^\+?[0-9]+$/.test(number.value)) return this.#final('ERROR');
    this.#smsTo = number.value;
    this.#smsBody = '';
    this.#write('\r\n> ');
  }

  #smsInput(ch: string): void {
    if (ch === SMS_ABORT) {
      this.#smsTo = null;
      return this.#reply();
    }
    if (ch !== CTRL_Z) {
      this.#smsBody += ch;
      return;
    }
    const to = this.#smsTo ?? '';
    this.#smsTo = null;
    const text = this.#charset === 'UCS2' && this.#ucs2Dcs ? decodeUcs2Hex(this.#smsBody) : { ok: true as const, value: this.#smsBody };
    if (!text.ok) return this.#error('cms', 305);
    const sms = { to, text: text.value };
    this.sms.push(sms);
    this.emit('sms', sms);
    this.#after(this.#options.smsDelayMs ?? 100, () => this.#reply(`+CMGS: ${++this.#messageRef % 256}`));
  }

  #speak(hex: string): void {
    if (this.#options.tts === false) return this.#final('ERROR');
    // Quectel's AT+QWTTS speaks into a call, so it needs one.
    if (this.#options.model === 'ec20' && this.#call?.stat !== 0) return this.#error('cme', 3);
    const text = decodeUcs2Hex(hex);
    if (!text.ok) return this.#error('cme', 25);
    this.spoken.push(text.value);
    this.#reply();
    this.#after(100, () => this.#urc(this.#profile.ttsDone));
  }

  // ---- output --------------------------------------------------------------------------------

  /** Information lines, then OK (V.250 framing: CR LF text CR LF). */
  #reply(...lines: string[]): void {
    this.#write(frame([...lines, 'OK']));
  }

  #final(text: string): void {
    this.#write(frame([text]));
  }

  /** facts/emergency.md §2.1: AT+CMEE 0 plain ERROR, 1 numeric, 2 verbose. */
  #error(family: 'cme' | 'cms', code: number): void {
    if (this.#cmee === 0) return this.#final('ERROR');
    const detail = this.#cmee === 2 ? errorForCode(family, code).message : String(code);
    this.#final(`+${family.toUpperCase()} ERROR: ${detail}`);
  }

  #urc(...lines: string[]): void {
    if (this.#responsive) this.#write(frame(lines));
  }

  #write(text: string): void {
    if (text.length > 0 && this.#port?.isOpen) this.#port.write(Buffer.from(text, 'latin1'));
  }

  #after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }
}

/** 145 international ("+"), 129 unknown (facts/emergency.md §2.2). */
function numberType(number: string): number {
  return number.startsWith('+') ? 145 : 129;
}

function frame(lines: string[]): string {
  return lines.map((line) => `\r\n${line}\r\n`).join('');
}
