import type { EnrollmentProblem } from '../../../drivers/wakeword/enrollment.ts';
import type { ImportProblem } from '../../../drivers/wakeword/enrollment-file.ts';
import type { TakeProblem } from '../../../drivers/wakeword/takes.ts';
import type { LocalizedText } from '../../content/schema.ts';

/** Why a take cannot be used, said so staff know what to do differently on the next one. */
export function takeWords(problem: TakeProblem): LocalizedText {
  switch (problem.kind) {
    case 'not-audio':
      return { zh: '没有录到声音。', en: 'Nothing was recorded.' };
    case 'silent':
      return { zh: '声音太小，几乎听不到。请靠近麦克风，大声一点再录。', en: 'Too quiet to hear. Move closer to the microphone and speak up.' };
    case 'clipped':
      return { zh: '声音太大，录音破音了。请离麦克风远一点再录。', en: 'Too loud: the recording distorted. Stand a little further from the microphone.' };
    case 'too-short':
      return { zh: '录得太短。请把整句口令说完整。', en: 'Too short. Say the whole phrase.' };
    case 'too-long':
      return { zh: '录得太长。请只说口令本身，前后不要说别的。', en: 'Too long. Say only the phrase, nothing before or after it.' };
  }
}

export function enrollmentWords(problem: EnrollmentProblem): LocalizedText {
  switch (problem.kind) {
    case 'too-few-takes':
      return {
        zh: `至少需要 ${problem.minimum} 次可用的录音，现在有 ${problem.takes} 次。最好请不同的人各录一次。`,
        en: `At least ${problem.minimum} usable takes are needed; there are ${problem.takes}. Ideally have different people record one each.`,
      };
    case 'bad-take': {
      const words = takeWords(problem.problem);
      return { zh: `第 ${problem.take + 1} 次录音不能用：${words.zh}`, en: `Take ${problem.take + 1} cannot be used: ${words.en}` };
    }
    case 'take-disagrees':
      return {
        zh: `第 ${problem.take + 1} 次录音和其他几次听起来不一样，可能说成了别的话。请删掉它重录。`,
        en: `Take ${problem.take + 1} does not sound like the others; perhaps something else was said. Discard it and record again.`,
      };
    case 'front-end-unavailable':
      return { zh: `语音识别模型打不开，暂时不能录入（${problem.reason}）。`, en: `The voice model cannot be opened, so phrases cannot be enrolled now (${problem.reason}).` };
    case 'wrong-front-end':
      return { zh: '这个口令是用不同的声音设置录的，请重新录入。', en: 'This phrase was enrolled with different audio settings; enrol it again.' };
    case 'invalid-id':
    case 'invalid-label':
    case 'invalid-sensitivity':
      return { zh: '这个口令的设置有误，请检查 content/voice.yaml。', en: 'This phrase is set up wrongly; check content/voice.yaml.' };
  }
}

export function importWords(problem: ImportProblem): LocalizedText {
  switch (problem.kind) {
    case 'too-large':
    case 'not-json':
    case 'not-an-enrollment':
      return { zh: '这不是语音口令文件。', en: 'This is not a voice enrolment file.' };
    case 'unsupported-version':
      return { zh: '这个语音口令文件来自不同版本的软件，不能导入。', en: 'This enrolment file comes from a different software version and cannot be imported.' };
    case 'front-end-mismatch':
      return { zh: '这个文件是用不同的声音设置录的，不能导入；请在这台终端上重新录入。', en: 'The file was made with different audio settings; enrol the phrases again on this kiosk.' };
    case 'invalid':
      return { zh: `语音口令文件已损坏（${problem.at}）。`, en: `The enrolment file is damaged (at ${problem.at}).` };
  }
}
