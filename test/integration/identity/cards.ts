import { checkCharacter, type ResidentCard, type SimulatedCard } from '../../../drivers/idcard/index.ts';

/** A made-up resident whose number passes its check, for decks of the simulator. */
export function madeUpCard({ district = '110105', ...over }: Partial<ResidentCard> & { birthDate: string; district?: string }): SimulatedCard {
  const first17 = `${district}${over.birthDate.replaceAll('-', '')}${over.sex === '1' ? '011' : '022'}`;
  const text: ResidentCard = {
    cardType: 'resident',
    name: '周桂兰',
    sex: '2',
    nation: { code: '01', name: '汉' },
    address: '北京市朝阳区向阳街道和睦里7号楼2单元402室',
    issuingAuthority: '北京市公安局朝阳分局',
    validity: { start: '2009-03-01', end: 'long-term' },
    ...over,
    idNumber: first17 + checkCharacter(first17),
  };
  const photo = new Uint8Array(1024).map((_, i) => (i * 37 + 11) & 0xff);
  return { text, photo, appendedAddresses: [] };
}
