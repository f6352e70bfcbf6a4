import { spawn } from 'node:child_process';
import { EngineError, type EngineState, type SpeechEngine } from './engine.ts';
import type { SpeechLanguage } from '../../api/speech.ts';
import { espeakPace } from './pace.ts';
import { toNumberedPinyin } from './pinyin.ts';
import { readNumbers } from './numbers.ts';
import { decodeWav, WavError } from './wav.ts';

/**
 * espeak-ng in the core: robotic, but offline, small and on every Linux terminal (facts/voice.md
 * §4.2, §4.5: the last-resort voice). Mandarin goes in as numbered pinyin to `cmn-latn-pinyin`;
 * Traditional Chinese is read by `yue`, Cantonese, since the kiosk's Traditional is the Hong Kong
 * variant (main/content/hant.ts), and `yue` reads characters itself; English by `en`.
 */

const VOICES: Record<SpeechLanguage, string> = { zh: 'cmn-latn-pinyin', 'zh-Hant': 'yue', en: 'en' };

/** espeak-ng writes 22 050 Hz mono 16-bit (facts/voice.md §4.2). */
export const ESPEAK_SAMPLE_RATE = 22_050;

/** A phrase is at most a line of text; espeak takes well under a second for one. */
const PHRASE_TIMEOUT_MS = 10_000;

/** A runaway process cannot fill memory: no phrase needs more than this (over 10 minutes of audio). */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export interface EspeakOptions {
  /** The binary: a name on PATH or a full path. */
  command: string;
  timeoutMs?: number;
}

/**
 * What espeak-ng is given for a phrase: numbers written out, Mandarin in pinyin, control
 * characters gone, and no square brackets — espeak reads `[[…]]` as phoneme codes, not words.
 */
export function espeakInput(phrase: string, lang: SpeechLanguage): string {
  if (lang === 'zh') return toNumberedPinyin(phrase);
  const cleaned = phrase.normalize('NFKC').replace(/[\p{C}\p{So}\p{Sk}[\]]+/gu, ' ');
  return (lang === 'zh-Hant' ? readNumbers(cleaned, 'yue') : cleaned).replace(/\s+/g, ' ').trim();
}

export class EspeakEngine implements SpeechEngine {
  readonly name = 'espeak-ng';
  readonly sampleRate = ESPEAK_SAMPLE_RATE;
  readonly #command: string;
  readonly #timeoutMs: number;

  constructor({ command, timeoutMs = PHRASE_TIMEOUT_MS }: EspeakOptions) {
    this.#command = command;
    this.#timeoutMs = timeoutMs;
  }

  async probe(): Promise<EngineState> {
    try {
      const samples = await this.#run(['-v', VOICES.zh, '--stdout', '--stdin'], 'ni3 hao3');
      if (samples.length > 0) return { ok: true };
      return { ok: false, reason: { zh: '语音合成程序 espeak-ng 没有发出声音。', en: 'The espeak-ng speech program produced no sound.' } };
    } catch (err) {
      const missing = err instanceof EngineError && err.message.includes('ENOENT');
      return {
        ok: false,
        reason: missing
          ? { zh: '没有找到语音合成程序 espeak-ng，屏幕上的文字照常显示，但不能朗读。', en: 'The espeak-ng speech program is not installed; text is shown but cannot be read aloud.' }
          : { zh: '语音合成程序 espeak-ng 不能正常工作，暂时不能朗读。', en: 'The espeak-ng speech program is not working; reading aloud is off for now.' },
      };
    }
  }

  async synthesize(phrase: string, lang: SpeechLanguage, perMinute: number): Promise<Int16Array> {
    const input = espeakInput(phrase, lang);
    if (input === '') return new Int16Array(0);
    const { speed, gap } = espeakPace(lang, perMinute);
    const args = ['-v', VOICES[lang], '-s', String(speed), ...(gap > 0 ? ['-g', String(gap)] : []), '--stdout', '--stdin'];
    return this.#run(args, input);
  }

  /** Text goes in on stdin, never as an argument, so nothing in it can be read as an option. */
  #run(args: string[], input: string): Promise<Int16Array> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#command, args, { stdio: ['pipe', 'pipe', 'ignore'], shell: false });
      const chunks: Buffer[] = [];
      let bytes = 0;
      let failed = false;
      const fail = (message: string): void => {
        if (failed) return;
        failed = true;
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new EngineError(message));
      };
      const timer = setTimeout(() => fail(`espeak-ng took longer than ${this.#timeoutMs} ms`), this.#timeoutMs);
      child.on('error', (err: NodeJS.ErrnoException) => fail(`espeak-ng could not start (${err.code ?? err.name})`));
      child.stdout.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > MAX_OUTPUT_BYTES) fail('espeak-ng wrote more audio than any phrase needs');
        else chunks.push(chunk);
      });
      // A process that dies before reading its input closes the pipe; the exit code says what happened.
      child.stdin.on('error', () => undefined);
      child.on('close', (code, signal) => {
        if (failed) return;
        clearTimeout(timer);
        if (code !== 0) return fail(`espeak-ng stopped with ${signal ?? `exit code ${code}`}`);
        try {
          resolve(decodeWav(Buffer.concat(chunks)).samples);
        } catch (err) {
          fail(err instanceof WavError ? `espeak-ng wrote no usable audio: ${err.message}` : 'espeak-ng output could not be read');
        }
      });
      child.stdin.end(input, 'utf8');
    });
  }
}
