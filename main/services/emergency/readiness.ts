import type { ComponentHealth } from '../../api/contract.ts';
import type { LocalizedText } from '../../content/schema.ts';

export interface Readiness {
  ready: boolean;
  problems: LocalizedText[];
  askInstead: LocalizedText;
}

/**
 * Can an alarm get out? It needs the button (or the screen) to raise it and at least one route to
 * carry it: the modem with someone to call, or the fleet link to the duty centre. When not, the
 * resident screen says so plainly and who to ask instead.
 */
export function emergencyReadiness(input: {
  components: readonly ComponentHealth[];
  numbersToCall: number;
  fleetEnabled: boolean;
  location: string;
}): Readiness {
  const state = (id: string): ComponentHealth['state'] | undefined => input.components.find((c) => c.id === id)?.state;
  const problems: LocalizedText[] = [];
  const buttonFaulty = state('button') === 'fault';
  if (buttonFaulty) problems.push({ zh: '紧急按钮出了故障。', en: 'The emergency button has a fault.' });
  const modemUp = state('modem') !== 'fault';
  if (!modemUp) problems.push({ zh: '紧急电话暂时打不出去。', en: 'Emergency calls cannot be made right now.' });
  if (input.numbersToCall === 0) problems.push({ zh: '还没有设置紧急联系人。', en: 'No emergency contacts are set up.' });
  const phoneRoute = modemUp && input.numbersToCall > 0;
  // The fleet link counts only while it is actually up; until then alarms wait in the outbox.
  const fleetRoute = input.fleetEnabled && state('fleet') === 'ok';
  const where = input.location ? `（${input.location}）` : '';
  return {
    ready: !buttonFaulty && (phoneRoute || fleetRoute),
    problems,
    askInstead: {
      zh: `如需帮助，请找大厅工作人员${where}，或用手机拨打 120 急救、110 报警。`,
      en: 'If you need help, please ask the hall staff, or call 120 (ambulance) or 110 (police) from a phone.',
    },
  };
}
