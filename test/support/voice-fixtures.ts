/**
 * Voice test material: enrolments made from espeak-ng Mandarin (as staff would record them at
 * the kiosk, from three voices), and utterances strung together from phrases and pauses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { templateToolkit } from '../../main/services/voice/template.ts';
import { encodeWav } from '../../main/services/speech/wav.ts';
import { ENROLL_VOICES } from '../integration/wakeword/corpus.ts';
import { concat, silence } from '../integration/wakeword/scenes.ts';
import { SAMPLE_RATE, speak, type Voice } from '../integration/wakeword/speech.ts';

export interface FixturePhrase {
  id: string;
  pinyin: string;
}

/** Enrols each phrase from the enrolment voices and writes the kiosk's enrolment file into `dataDir`. */
export async function writeEnrollments(dataDir: string, phrases: readonly FixturePhrase[]): Promise<string> {
  const toolkit = await templateToolkit(undefined, pino({ level: 'silent' }));
  const enrolled = [];
  for (const p of phrases) {
    const r = await toolkit.enroll({ id: p.id, label: p.id, sensitivity: 0.5 }, ENROLL_VOICES.map((v) => speak(p.pinyin, v)));
    if (!r.ok) throw new Error(`could not enrol ${p.id}: ${r.problem.en}`);
    enrolled.push(r.value);
  }
  const file = join(dataDir, 'voice', 'enrollments.json');
  mkdirSync(join(dataDir, 'voice'), { recursive: true });
  writeFileSync(file, toolkit.exportFile(enrolled));
  return file;
}

/** Pinyin phrases said by `voice`, with numbers as seconds of silence between them. */
export function utterance(parts: readonly (string | number)[], voice: Voice = ENROLL_VOICES[0]!): Int16Array {
  return concat(parts.map((p) => (typeof p === 'number' ? silence(p) : speak(p, voice))));
}

export function writeWav(path: string, samples: Int16Array): void {
  writeFileSync(path, encodeWav({ samples, sampleRate: SAMPLE_RATE }));
}

export { SAMPLE_RATE };
