import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { describeIssues, type LocalizedText } from '../../content/schema.ts';
import { speechLanguages, type SpeechLanguage } from '../../api/speech.ts';
import { decodeWav, resample, WavError } from './wav.ts';

/**
 * Recorded clips for fixed prompts (facts/voice.md §4.5: a human voice is best for older
 * listeners, and prompts are most of what a kiosk says). `content/audio/clips.yaml` maps a prompt
 * key (the UI string's key, e.g. `attract.spoken`) or its exact text to a WAV file beside it. A
 * clip always wins over synthesis. A file that is missing or unreadable is named to staff and
 * that prompt is synthesised instead; it never stops the kiosk.
 */

const clipEntry = z
  .object({
    key: z.string().min(1).max(64).optional(),
    text: z.string().trim().min(1).max(2000).optional(),
    lang: z.enum(speechLanguages),
    /** A file name in content/audio, not a path: a clip cannot point outside that folder. */
    file: z.string().regex(/^[\w.-]+\.wav$/i, 'a .wav file name in content/audio, with no folder'),
  })
  .strict()
  .refine((clip) => clip.key !== undefined || clip.text !== undefined, 'give the clip a key, a text, or both');

const clipsFile = z.object({ clips: z.array(clipEntry).max(2000).default([]) }).strict();

/** The longest clip accepted: a fixed prompt, not a programme. */
const MAX_CLIP_SECONDS = 120;

export interface Clip {
  samples: Int16Array;
}

export interface ClipProblem {
  /** The file (or clips.yaml itself) in question; never the clip's text. */
  file: string;
  problem: string;
}

export interface ClipLoad {
  library: ClipLibrary;
  problems: ClipProblem[];
}

const textKey = (lang: SpeechLanguage, text: string): string => `${lang}\u0000${text.trim()}`;

export class ClipLibrary {
  readonly #byKey = new Map<string, Clip>();
  readonly #byText = new Map<string, Clip>();

  get size(): number {
    return new Set([...this.#byKey.values(), ...this.#byText.values()]).size;
  }

  /** The clip for a prompt key, else for this exact text (surrounding spaces aside). */
  find(lang: SpeechLanguage, text: string, key?: string): Clip | undefined {
    return (key === undefined ? undefined : this.#byKey.get(`${lang}\u0000${key}`)) ?? this.#byText.get(textKey(lang, text));
  }

  add(entry: { key?: string; text?: string; lang: SpeechLanguage }, clip: Clip): void {
    if (entry.key !== undefined) this.#byKey.set(`${entry.lang}\u0000${entry.key}`, clip);
    if (entry.text !== undefined) this.#byText.set(textKey(entry.lang, entry.text), clip);
  }

  /** Reads `<dir>/clips.yaml` and its WAV files, resampled to `sampleRate`. No file at all is no clips, not a problem. */
  static async load(dir: string, sampleRate: number): Promise<ClipLoad> {
    const library = new ClipLibrary();
    const problems: ClipProblem[] = [];
    let raw: string;
    try {
      raw = await readFile(join(dir, 'clips.yaml'), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { library, problems };
      return { library, problems: [{ file: 'clips.yaml', problem: 'cannot be read' }] };
    }
    let parsed: z.infer<typeof clipsFile>;
    try {
      const result = clipsFile.safeParse(YAML.parse(raw) ?? {});
      if (!result.success) return { library, problems: [{ file: 'clips.yaml', problem: describeIssues(result.error).join('; ') }] };
      parsed = result.data;
    } catch {
      return { library, problems: [{ file: 'clips.yaml', problem: 'is not valid YAML' }] };
    }
    for (const entry of parsed.clips) {
      try {
        const pcm = decodeWav(await readFile(join(dir, basename(entry.file))));
        if (pcm.samples.length === 0) throw new WavError('no sound in it');
        if (pcm.samples.length / pcm.sampleRate > MAX_CLIP_SECONDS) throw new WavError(`longer than ${MAX_CLIP_SECONDS} s`);
        library.add(entry, { samples: resample(pcm, sampleRate) });
      } catch (err) {
        const problem =
          err instanceof WavError ? err.message : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : 'cannot be read';
        problems.push({ file: entry.file, problem });
      }
    }
    return { library, problems };
  }
}

/** What staff read about the clips: which files, in words. */
export function clipHealth(problems: readonly ClipProblem[]): LocalizedText {
  if (problems.length === 0) return { zh: '录音提示音正常。', en: 'Recorded prompts are fine.' };
  const files = problems.map((p) => p.file).join('、');
  const details = problems.map((p) => `${p.file}: ${p.problem}`).join('; ');
  return {
    zh: `有录音提示文件不能用（${files}），这些提示改用合成语音朗读。`,
    en: `Some recorded prompts cannot be used (${details}); those prompts are read by the speech synthesiser instead.`,
  };
}
