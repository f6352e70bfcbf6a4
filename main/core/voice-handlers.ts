import { join } from 'node:path';
import { CommandError, type Handlers } from '../api/dispatcher.ts';
import type { AssistService } from '../services/assist/service.ts';
import type { StaffAuth } from '../services/staff/auth.ts';
import { EnrollmentError, type EnrollmentManager } from '../services/voice/enrollments.ts';
import type { Voice } from '../services/voice/setup.ts';

type VoiceCommand = Extract<keyof Handlers, `voice.${string}` | 'assist.callStaff' | 'assist.waiting' | 'queue.take' | 'staff.helpRequests' | 'staff.helpHandled'>;

export interface VoiceHandlerDeps {
  voice: Voice;
  assist: AssistService;
  staff: StaffAuth;
  dataDir: string;
}

/** The voice, staff-call and ticket commands: thin calls into their services, staff ones behind a token. */
export function createVoiceHandlers({ voice, assist, staff, dataDir }: VoiceHandlerDeps): Pick<Handlers, VoiceCommand> {
  const { service } = voice;
  const enrolment = async <T>(token: string, body: (e: EnrollmentManager) => Promise<T> | T): Promise<T> => {
    staff.require(token);
    if (!voice.enrollments) throw new CommandError('unavailable', 'Phrases are not enrolled at the kiosk with this voice engine');
    try {
      return await body(voice.enrollments);
    } catch (err) {
      if (err instanceof EnrollmentError) throw new CommandError(err.code, err.message);
      throw err;
    }
  };
  return {
    'voice.status': () => service.status(),
    'voice.view': () => service.view(),
    'voice.capture': ({ state, detail }) => {
      service.setCapture(state, detail);
      return {};
    },
    'voice.talk': () => ({ opened: service.talk() }),
    'voice.answer': ({ yes }) => {
      service.answer(yes);
      return {};
    },
    'voice.close': () => {
      service.close();
      return {};
    },
    'voice.speaking': ({ on }) => {
      service.setSpeaking(on);
      return {};
    },
    'voice.enroll.record': ({ token, phraseId }) => enrolment(token, (e) => e.record(phraseId)),
    'voice.enroll.takes': ({ token, phraseId }) => enrolment(token, (e) => ({ takes: e.takes(phraseId) })),
    'voice.enroll.playing': ({ token, on }) =>
      enrolment(token, (e) => {
        e.playing(on);
        return {};
      }),
    'voice.enroll.discard': ({ token, phraseId, takeId }) => enrolment(token, (e) => ({ discarded: e.discard(phraseId, takeId) })),
    'voice.enroll.test': ({ token, phraseId, seconds }) => enrolment(token, (e) => e.test(phraseId, seconds)),
    'voice.enroll.save': ({ token, phraseId }) => enrolment(token, (e) => e.save(phraseId)),
    'voice.enroll.remove': ({ token, phraseId }) => enrolment(token, async (e) => ({ removed: await e.remove(phraseId) })),
    'voice.enrollments.export': ({ token }) => enrolment(token, (e) => e.exportTo(join(dataDir, 'exports'))),
    'voice.enrollments.import': ({ token, path }) => enrolment(token, (e) => e.importFrom(path)),
    'assist.callStaff': () => assist.callStaff('screen'),
    'queue.take': () => assist.takeTicket(),
    'assist.waiting': async () => ({ count: (await assist.openRequests()).length }),
    'staff.helpRequests': async ({ token }) => {
      staff.require(token);
      return { open: await assist.openRequests() };
    },
    'staff.helpHandled': async ({ token, id }) => {
      staff.require(token);
      return { done: await assist.handle(id, 'staff') };
    },
  };
}
