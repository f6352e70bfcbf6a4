import type { CommandResult } from '../../../main/api/contract.ts';
import { groupPhrases, splitPhrases } from '../../../main/api/speech-phrases.ts';
import type { KioskClient } from '../api/client.ts';
import { speechLanguage } from './languages.ts';
import type { SpeechJob, SpeechOutcome } from './voices.ts';

type SayReply = CommandResult<'speech.say'>;
type Spoken = Extract<SayReply, { available: true }>;

/**
 * The core's voice (`speech.say`: a recorded clip, or espeak-ng). A long text goes a few
 * sentences per request, and the next is fetched while one plays, so a guide starts at once and
 * no reply carries minutes of audio.
 */
const CHUNK_CHARS = 160;

/**
 * Says the job through the core. With `clipsOnly`, only a recorded clip may say it (the platform
 * voice will do the rest); then anything else is `unavailable`.
 */
export async function speakWithCore(client: KioskClient, job: SpeechJob, clipsOnly = false): Promise<SpeechOutcome> {
  const lang = speechLanguage(job.htmlLang);
  const groups = groupPhrases(splitPhrases(job.text), CHUNK_CHARS);
  const fetch = (i: number): Promise<SayReply | undefined> => {
    const { start, end } = groups[i]!;
    return client
      .command('speech.say', {
        text: job.text.slice(start, end),
        lang,
        rate: job.rate,
        ...(groups.length === 1 && job.key !== undefined ? { key: job.key } : {}),
        ...(clipsOnly ? { synthesize: false } : {}),
      })
      .catch(() => undefined);
  };
  let next = groups.length > 0 ? fetch(0) : undefined;
  for (let i = 0; i < groups.length; i++) {
    const reply = await next;
    if (job.signal.aborted) return 'stopped';
    if (!reply?.available) return 'unavailable';
    next = i + 1 < groups.length ? fetch(i + 1) : undefined;
    const outcome = await play(reply, groups[i]!.start, job);
    if (outcome !== 'done') return outcome;
  }
  return 'done';
}

function play(reply: Spoken, offset: number, job: SpeechJob): Promise<SpeechOutcome> {
  if (reply.durationMs === 0) return Promise.resolve('done');
  // A data: URL hands the base64 straight to the media stack: no decoding on the page's thread.
  const audio = new Audio(`data:audio/wav;base64,${reply.audio}`);
  audio.volume = job.volume();
  return new Promise((resolve) => {
    let frame = 0;
    let finished = false;
    const done = (outcome: SpeechOutcome): void => {
      if (finished) return;
      finished = true;
      cancelAnimationFrame(frame);
      audio.onended = null;
      audio.onerror = null;
      audio.pause();
      job.signal.removeEventListener('abort', onAbort);
      job.onSegment(null);
      resolve(outcome);
    };
    const onAbort = (): void => done('stopped');
    // Follows the audio's own clock, so the highlight stays with the voice even if playback stalls.
    const track = (): void => {
      audio.volume = job.volume();
      const ms = audio.currentTime * 1000;
      const segment = reply.segments.findLast((s) => s.startMs <= ms && s.endMs > s.startMs);
      job.onSegment(segment ? { start: offset + segment.start, end: offset + segment.end } : null);
      frame = requestAnimationFrame(track);
    };
    job.signal.addEventListener('abort', onAbort);
    audio.onended = () => done('done');
    audio.onerror = () => done('unavailable');
    audio.play().then(
      () => {
        if (!job.signal.aborted) frame = requestAnimationFrame(track);
      },
      () => done('unavailable'),
    );
  });
}
