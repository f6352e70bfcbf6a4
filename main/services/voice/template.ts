/**
 * The template engine as the voice service uses it: enrolment, engines and enrolment files for
 * one front end (speech embeddings by default, MFCC where the models cannot be loaded), and the
 * speech detector that ends a listening window.
 */
import type { Logger } from 'pino';
import { enrollPhrase, type EnrolledPhrase } from '../../../drivers/wakeword/enrollment.ts';
import { exportEnrollments, importEnrollments } from '../../../drivers/wakeword/enrollment-file.ts';
import { DEFAULT_FRONT_END, PROFILES, type FrontEndId } from '../../../drivers/wakeword/front-end.ts';
import { createVad } from '../../../drivers/wakeword/silero-vad.ts';
import { checkTake } from '../../../drivers/wakeword/takes.ts';
import { createTemplateEngine } from '../../../drivers/wakeword/template-engine.ts';
import type { SpeechDetector } from './activity.ts';
import type { ListeningEngine } from './engines.ts';
import type { TemplateToolkit } from './enrollments.ts';
import { enrollmentWords, importWords, takeWords } from './template-words.ts';

/** Silero where its model runs (facts/voice.md §3.2), the energy gate otherwise. */
export async function createSpeechDetector(log: Logger): Promise<SpeechDetector> {
  const { vad, fallbackReason } = await createVad('silero');
  if (fallbackReason) log.warn({ reason: fallbackReason }, 'speech detection falls back to the energy gate');
  return vad;
}

/**
 * The front end asked for, or the default; if its models cannot be opened the kiosk falls back
 * to MFCC, which needs none, so voice keeps working (staff are told: enrolments differ).
 */
async function chooseFrontEnd(wanted: FrontEndId | undefined, log: Logger): Promise<FrontEndId> {
  const id = wanted ?? DEFAULT_FRONT_END;
  if (id === 'mfcc') return id;
  const opened = await PROFILES[id].open();
  if (opened.ok) return id;
  log.error({ frontEnd: id, reason: opened.error }, 'wake-word front end unavailable; using MFCC');
  return 'mfcc';
}

export async function templateToolkit(wanted: FrontEndId | undefined, log: Logger): Promise<TemplateToolkit> {
  const frontEnd = await chooseFrontEnd(wanted, log);
  return {
    frontEnd,
    checkTake(samples) {
      const r = checkTake(samples);
      return r.ok ? null : takeWords(r.error);
    },
    async enroll(phrase, takes) {
      const r = await enrollPhrase({ ...phrase, examples: takes }, { frontEnd });
      return r.ok ? { ok: true, value: r.value } : { ok: false, problem: enrollmentWords(r.error) };
    },
    async createEngine(phrases: readonly EnrolledPhrase[]): Promise<ListeningEngine> {
      const engine = createTemplateEngine({ phrases, frontEnd });
      await engine.init();
      const status = engine.status();
      return {
        kind: 'template',
        frontEnd,
        engine,
        enrolled: new Set(status.state === 'ready' ? phrases.map((p) => p.id) : []),
        listenFor: (ids) => engine.listenFor(ids),
        lastSpeech: () => engine.lastSpeech,
      };
    },
    exportFile: (phrases) => exportEnrollments(phrases),
    importFile(text) {
      const r = importEnrollments(text, frontEnd);
      return r.ok ? { ok: true, value: r.value } : { ok: false, problem: importWords(r.error), error: r.error };
    },
  };
}
