import { z } from 'zod';
import { localizedText, voiceIntents } from '../content/schema.ts';
import { staffToken } from './staff-token.ts';

/**
 * The voice part of the kiosk API. Microphone audio does not travel as commands: it goes over
 * its own binary channel (AUDIO_PATH on the host, a MessagePort under Electron) as raw frames of
 * AUDIO_FRAME_SAMPLES 16-bit little-endian samples at 16 kHz, so JSON never carries audio in.
 */

/** 80 ms at 16 kHz: the step of the speech-embedding model (facts/voice.md §3.2). */
export const AUDIO_SAMPLE_RATE = 16_000;
export const AUDIO_FRAME_SAMPLES = 1_280;
export const AUDIO_FRAME_BYTES = AUDIO_FRAME_SAMPLES * 2;
/** Path of the host's audio WebSocket. */
export const AUDIO_PATH = '/api/audio';
/** Close code for an audio connection superseded by a newer one (a reloaded screen). */
export const AUDIO_REPLACED = 4000;

const noPayload = z.object({}).strict();
const phraseId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'not a phrase id').max(64);

/** Why the microphone is or is not delivering audio, as the screen found out. */
export const captureStates = ['starting', 'running', 'denied', 'no-device', 'unsupported', 'failed', 'stopped'] as const;

export const phraseRoles = ['wake', 'help', 'cancel', 'yes', 'no', 'command'] as const;

const phraseStatus = z.object({
  id: z.string(),
  label: localizedText,
  pinyin: z.string().optional(),
  role: z.enum(phraseRoles),
  intent: z.enum(voiceIntents).optional(),
  enrolled: z.boolean(),
});

export const voiceStatusSchema = z.object({
  /** The kiosk can be spoken to: an engine is ready, the microphone delivers, a phrase is enrolled and the engine keeps up with the audio. */
  available: z.boolean(),
  /** Why not, in words for staff. */
  reason: localizedText.optional(),
  engine: z.enum(['template', 'porcupine']),
  frontEnd: z.string().optional(),
  /** The 说话 button can open a window: some command can be understood. */
  commandsReady: z.boolean(),
  phrases: z.array(phraseStatus),
  /** getUserMedia constraints: off by default, as keyword spotting wants raw audio (facts/voice.md §2.2). */
  processing: z.object({ echoCancellation: z.boolean(), noiseSuppression: z.boolean(), autoGainControl: z.boolean() }),
  capture: z.enum(captureStates),
});
export type VoiceStatus = z.infer<typeof voiceStatusSchema>;

export const voiceStateSchema = z.object({
  state: z.enum(['idle', 'listening', 'confirming']),
  trigger: z.enum(['wake', 'button']).optional(),
  /** When the window closes unless something is heard; the screen counts down to it. */
  deadline: z.string().optional(),
  listenMs: z.number().int().positive(),
  intent: z.enum(voiceIntents).optional(),
  /** The last phrase understood, shown as "我听到了：…". */
  /** `role` lets the screen word what it says back: it never says a help phrase aloud, which the kiosk would hear. */
  heard: z.object({ phraseId: z.string(), label: localizedText, role: z.enum(phraseRoles) }).optional(),
  /** What just happened, so the screen plays the right cue and says the right line; `idle` when nothing did. */
  cue: z.enum(['listening', 'understood', 'asking', 'not-understood', 'closed', 'failed', 'idle']),
  /** With cue `failed`: what was understood but could not be done — the alarm, or a command. */
  failed: z.enum(['emergency', ...voiceIntents]).optional(),
  /** Commands to offer when the person was not understood. */
  examples: z.array(localizedText),
  seq: z.number().int(),
});
export type VoiceStateView = z.infer<typeof voiceStateSchema>;

const takeSchema = z.object({
  takeId: z.string(),
  durationMs: z.number(),
  /** Loudest 80 ms of the take, in dBFS. */
  peakDb: z.number(),
  /** Why the take cannot be used (silent, clipped, too short/long), in words; absent when usable. */
  problem: localizedText.optional(),
  /** The take as a 16 kHz WAV, so staff can hear it back. */
  wav: z.string(),
});
export type TakeView = z.infer<typeof takeSchema>;

export const voiceCommands = {
  'voice.status': { payload: noPayload, result: voiceStatusSchema },
  /** The conversation as it stands, for a screen that (re)connects in the middle of it. */
  'voice.view': { payload: noPayload, result: voiceStateSchema },
  /** The screen reports what became of its microphone. */
  'voice.capture': {
    payload: z.object({ state: z.enum(captureStates), detail: z.string().max(200).optional() }).strict(),
    result: z.object({}),
  },
  /** The 说话 button: opens the same listening window as the wake phrase. */
  'voice.talk': { payload: noPayload, result: z.object({ opened: z.boolean() }) },
  /** A touch answer to "您是要…吗？". */
  'voice.answer': { payload: z.object({ yes: z.boolean() }).strict(), result: z.object({}) },
  'voice.close': { payload: noPayload, result: z.object({}) },
  /**
   * The kiosk is speaking: its own voice must not wake it (facts/voice.md §2.2, porcupine#1265).
   * The end of its speech starts the time to answer a question it asked.
   */
  'voice.speaking': { payload: z.object({ on: z.boolean() }).strict(), result: z.object({}) },
  /** Staff: record one take of a phrase from the microphone; answers when the take ends. */
  'voice.enroll.record': {
    payload: z.object({ token: staffToken, phraseId }).strict(),
    result: takeSchema,
  },
  'voice.enroll.takes': {
    payload: z.object({ token: staffToken, phraseId }).strict(),
    result: z.object({ takes: z.array(takeSchema) }),
  },
  /**
   * Staff: a take is playing (`on`) through the kiosk's speaker, or has stopped. The kiosk hears
   * nothing meanwhile, so a 救命 take cannot raise an alarm; the screen plays only once this has
   * answered, and the core listens again by itself if `on: false` never comes.
   */
  'voice.enroll.playing': {
    payload: z.object({ token: staffToken, on: z.boolean() }).strict(),
    result: z.object({}),
  },
  'voice.enroll.discard': {
    payload: z.object({ token: staffToken, phraseId, takeId: z.string().max(64) }).strict(),
    result: z.object({ discarded: z.boolean() }),
  },
  /** Staff: listen for a few seconds with the takes so far, before saving. */
  'voice.enroll.test': {
    payload: z.object({ token: staffToken, phraseId, seconds: z.number().int().min(2).max(10).default(5) }).strict(),
    /** `problem`: the takes so far cannot be made into a phrase (too few, one unlike the others). */
    result: z.object({ heard: z.boolean(), problem: localizedText.optional() }),
  },
  'voice.enroll.save': {
    payload: z.object({ token: staffToken, phraseId }).strict(),
    result: z.object({ saved: z.boolean(), problem: localizedText.optional() }),
  },
  'voice.enroll.remove': {
    payload: z.object({ token: staffToken, phraseId }).strict(),
    result: z.object({ removed: z.boolean() }),
  },
  /** Staff: write the enrolled phrases to a file, to carry to another kiosk. */
  'voice.enrollments.export': {
    payload: z.object({ token: staffToken }).strict(),
    result: z.object({ path: z.string(), phrases: z.number().int() }),
  },
  'voice.enrollments.import': {
    payload: z.object({ token: staffToken, path: z.string().min(1).max(1024) }).strict(),
    result: z.object({ imported: z.number().int(), problem: localizedText.optional() }),
  },
} as const;

export const voiceEvents = {
  'voice.state': voiceStateSchema,
  'voice.status': voiceStatusSchema,
  /** The microphone level while staff record a take, about ten times a second. */
  'voice.level': z.object({ db: z.number() }),
  /** A command to carry out on the screen (navigation, saying the screen again). */
  'voice.intent': z.object({ intent: z.enum(voiceIntents), seq: z.number().int(), ticket: z.number().int().optional() }),
} as const;
