/**
 * Voice end to end in the core: espeak-ng Mandarin streamed as 80 ms frames over the host's
 * audio WebSocket, as the screen's microphone would send it, into the real engine, conversation
 * machine, emergency flow and store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AUDIO_FRAME_SAMPLES } from '../../../main/api/voice.ts';
import { hashPin } from '../../../main/config/pin.ts';
import { startKiosk, type Kiosk } from '../../../main/core/kiosk.ts';
import { writeSiteConfig } from '../../support/site-config.ts';
import { utterance, writeEnrollments } from '../../support/voice-fixtures.ts';
import { ApiClient, type Frame } from '../../support/ws-client.ts';

const PHRASES = [
  { id: 'wake', pinyin: 'xiao3 lin2 xiao3 lin2' },
  { id: 'help-jiuming', pinyin: 'jiu4 ming4' },
  { id: 'cancel', pinyin: 'qu3 xiao1' },
  { id: 'cmd-guides', pinyin: 'ban4 shi4 zhi3 nan2' },
];

let dir: string;
let kiosk: Kiosk;
let api: ApiClient;
let audio: WebSocket;
let nextId = 0;
const PIN = '135790';

async function command(name: string, payload: unknown = {}): Promise<unknown> {
  const reply = await api.command(`t${++nextId}`, name, payload);
  if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

const isEvent = (name: string, match: (payload: never) => boolean = () => true) => (f: Frame): boolean =>
  f.type === 'event' && f.name === name && match(f.payload as never);

/** Sends audio as the microphone would, frame by frame, four times faster than real time. */
async function stream(samples: Int16Array): Promise<void> {
  for (let at = 0; at + AUDIO_FRAME_SAMPLES <= samples.length; at += AUDIO_FRAME_SAMPLES) {
    audio.send(Buffer.from(samples.buffer, samples.byteOffset + at * 2, AUDIO_FRAME_SAMPLES * 2));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linli-voice-'));
  await writeEnrollments(dir, PHRASES);
  const configPath = writeSiteConfig(dir, [`dataDir: "${dir}"`, 'devices: { simulate: true }', 'emergency: { voiceCancelWindowSeconds: 20 }', `staff: { pinHash: "${hashPin(PIN)}" }`]);
  kiosk = await startKiosk({ shell: 'host', serveHost: true, port: 0, configPath, env: {} });
  api = await ApiClient.connect(kiosk.url!);
  audio = new WebSocket(new URL('/api/audio', kiosk.url).toString().replace(/^http/, 'ws'));
  await new Promise((resolve, reject) => audio.once('open', resolve).once('error', reject));
  await command('voice.capture', { state: 'running' });
}, 60_000);

afterAll(async () => {
  audio?.close();
  api?.close();
  await kiosk?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('voice through the host', () => {
  it('reports the enrolled phrases and that voice is available', async () => {
    const status = (await command('voice.status')) as { available: boolean; commandsReady: boolean; phrases: { id: string; enrolled: boolean }[] };
    expect(status.available).toBe(true);
    expect(status.commandsReady).toBe(true);
    expect(status.phrases.filter((p) => p.enrolled).map((p) => p.id).sort()).toEqual(PHRASES.map((p) => p.id).sort());
    expect(status.phrases.find((p) => p.id === 'cmd-home')?.enrolled).toBe(false);
  });

  it('wakes on the wake phrase and carries out the command said after it', async () => {
    const seen = api.frames.length;
    await stream(utterance([0.8, 'xiao3 lin2 xiao3 lin2', 0.6, 'ban4 shi4 zhi3 nan2', 1.0]));
    const fresh = (f: Frame): boolean => api.frames.indexOf(f) >= seen;
    await api.next((f) => fresh(f) && isEvent('voice.state', (p: { cue: string }) => p.cue === 'listening')(f), 10_000);
    const intent = await api.next((f) => fresh(f) && isEvent('voice.intent')(f), 10_000);
    expect(intent.payload).toMatchObject({ intent: 'guides' });
  }, 30_000);

  it('ignores a command said without waking the kiosk first', async () => {
    const seen = api.frames.length;
    await stream(utterance([0.5, 'ban4 shi4 zhi3 nan2', 1.5]));
    await command('system.ping');
    expect(api.frames.slice(seen).filter(isEvent('voice.intent'))).toEqual([]);
  }, 30_000);

  it('survives frames of the wrong size and text on the audio channel, and still hears', async () => {
    audio.send(Buffer.alloc(7));
    audio.send(Buffer.alloc(AUDIO_FRAME_SAMPLES * 2 + 2));
    audio.send('not audio');
    const seen = api.frames.length;
    await stream(utterance([0.5, 'xiao3 lin2 xiao3 lin2', 1.0]));
    await api.next((f) => api.frames.indexOf(f) >= seen && isEvent('voice.state', (p: { cue: string }) => p.cue === 'listening')(f), 10_000);
    await command('voice.close');
  }, 30_000);

  it('raises an alarm on the help phrase with the spoken-alarm cancel window, and 取消 cancels it', async () => {
    const seen = api.frames.length;
    await stream(utterance([0.5, 'jiu4 ming4', 1.0]));
    const raised = await api.next(
      (f) => api.frames.indexOf(f) >= seen && isEvent('emergency.changed', (p: { alarm: { phase: string } | null }) => p.alarm?.phase === 'cancel-window')(f),
      10_000,
    );
    const alarm = (raised.payload as { alarm: { id: string; source: string; raisedAt: string; cancelDeadline: string } }).alarm;
    expect(alarm.source).toBe('voice');
    expect(Date.parse(alarm.cancelDeadline) - Date.parse(alarm.raisedAt)).toBe(20_000);
    await stream(utterance([0.3, 'qu3 xiao1', 1.0]));
    await api.next((f) => isEvent('emergency.changed', (p: { alarm: { id: string; outcome?: string } | null }) => p.alarm?.id === alarm.id && p.alarm.outcome === 'cancelled')(f), 10_000);
  }, 40_000);

  it('hears 取消 said over the alarm announcement, while the kiosk is speaking', async () => {
    const seen = api.frames.length;
    await stream(utterance([0.5, 'jiu4 ming4', 1.0]));
    const raised = await api.next(
      (f) => api.frames.indexOf(f) >= seen && isEvent('emergency.changed', (p: { alarm: { phase: string } | null }) => p.alarm?.phase === 'cancel-window')(f),
      10_000,
    );
    const { id } = (raised.payload as { alarm: { id: string } }).alarm;
    await command('voice.speaking', { on: true });
    try {
      await stream(utterance([0.3, 'qu3 xiao1', 1.0]));
      await api.next((f) => isEvent('emergency.changed', (p: { alarm: { id: string; outcome?: string } | null }) => p.alarm?.id === id && p.alarm.outcome === 'cancelled')(f), 10_000);
    } finally {
      await command('voice.speaking', { on: false });
    }
  }, 40_000);

  it('does not let a spoken 取消 call off an alarm raised by touch', async () => {
    const { alarmId } = (await command('emergency.trigger', { source: 'screen' })) as { alarmId: string };
    const seen = api.frames.length;
    // The wake phrase after it is the marker: once it is heard, 取消 before it has been too.
    await stream(utterance([0.3, 'qu3 xiao1', 0.8, 'xiao3 lin2 xiao3 lin2', 1.0]));
    await api.next((f) => api.frames.indexOf(f) >= seen && isEvent('voice.state', (p: { cue: string }) => p.cue === 'listening')(f), 10_000);
    await command('voice.close');
    const { alarm } = (await command('emergency.status')) as { alarm: { id: string; outcome?: string } | null };
    expect(alarm).toMatchObject({ id: alarmId });
    expect(alarm?.outcome).toBeUndefined();
    expect(await command('emergency.cancel', { alarmId })).toEqual({ cancelled: true });
  }, 40_000);

  it('hears no 救命 while staff play a take through the speaker, and hears it again once playback has ended', async () => {
    const { token } = (await command('staff.signIn', { pin: PIN })) as { token: string };
    const raised = isEvent('emergency.changed', (p: { alarm: { phase: string } | null }) => p.alarm?.phase === 'cancel-window');
    const seen = api.frames.length;
    await command('voice.enroll.playing', { token, on: true });
    await stream(utterance([0.5, 'jiu4 ming4', 1.0]));
    await command('voice.enroll.playing', { token, on: false });
    // The wake phrase after it is the marker: once it is heard, 救命 before it has been too. The
    // quiet before it outlasts the moment the kiosk stays deaf after playback (its speaker and
    // microphone catching up) with room to spare: 4 s of audio take a second to stream.
    await stream(utterance([4, 'xiao3 lin2 xiao3 lin2', 1.0]));
    await api.next((f) => api.frames.indexOf(f) >= seen && isEvent('voice.state', (p: { cue: string }) => p.cue === 'listening')(f), 10_000);
    await command('voice.close');
    expect(api.frames.slice(seen).filter(raised)).toEqual([]);

    const after = api.frames.length;
    await stream(utterance([0.5, 'jiu4 ming4', 1.0]));
    const alarm = await api.next((f) => api.frames.indexOf(f) >= after && raised(f), 10_000);
    const { id } = (alarm.payload as { alarm: { id: string } }).alarm;
    expect(await command('emergency.cancel', { alarmId: id })).toEqual({ cancelled: true });
  }, 40_000);

  it('tells a screen that (re)connects where the conversation stands', async () => {
    expect(await command('voice.view')).toMatchObject({ state: 'idle', cue: 'idle' });
    expect(await command('voice.talk')).toEqual({ opened: true });
    const open = (await command('voice.view')) as { state: string; trigger: string; deadline: string };
    expect(open).toMatchObject({ state: 'listening', trigger: 'button', cue: 'idle' });
    expect(Date.parse(open.deadline)).toBeGreaterThan(Date.now());
    await command('voice.close');
    expect(await command('voice.view')).toMatchObject({ state: 'idle' });
    expect(await api.command('bad-view', 'voice.view', { state: 'listening' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });

  it('validates voice commands like any other', async () => {
    const reply = await api.command('bad', 'voice.capture', { state: 'listening-hard' });
    expect(reply.ok).toBe(false);
    const talk = await api.command('bad2', 'voice.enroll.record', { token: 'x', phraseId: 'wake' });
    expect(talk).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
  });
});
