import type { Foreigner2017Card, Foreigner2023Card, HkMacaoTaiwanCard, ResidentCard } from '../text.ts';

/**
 * Made-up cards, one of each type, for tests and the reader simulator. The numbers pass their
 * check character; the people and addresses do not exist.
 */

export const RESIDENT_CARD: ResidentCard = {
  cardType: 'resident',
  name: '张秀英',
  sex: '2',
  nation: { code: '01', name: '汉' },
  birthDate: '1949-12-31',
  address: '北京市朝阳区幸福里社区12号楼3单元101室',
  // facts/idcard.md §5: the standard worked example.
  idNumber: '11010519491231002X',
  issuingAuthority: '北京市公安局朝阳分局',
  validity: { start: '2010-05-01', end: 'long-term' },
};

export const RESIDENT_CARD_DATED: ResidentCard = {
  cardType: 'resident',
  name: '王建国',
  sex: '1',
  nation: { code: '03', name: '回' },
  birthDate: '1950-03-15',
  address: '北京市朝阳区和平街道安康里8号',
  idNumber: '110105195003150035',
  issuingAuthority: '北京市公安局朝阳分局',
  validity: { start: '2016-08-20', end: '2036-08-20' },
};

export const HK_MACAO_TAIWAN_CARD: HkMacaoTaiwanCard = {
  cardType: 'hk-macao-taiwan',
  name: '陈志明',
  sex: '1',
  birthDate: '1980-01-01',
  address: '广东省深圳市福田区福华路88号',
  idNumber: '810000198001010022',
  issuingAuthority: '深圳市公安局福田分局',
  validity: { start: '2022-03-01', end: '2027-03-01' },
  passNumber: 'H12345678',
  issueCount: '01',
};

export const FOREIGNER_2017_CARD: Foreigner2017Card = {
  cardType: 'foreigner-2017',
  englishName: 'SMITH, JOHN ROBERT',
  chineseName: '史约翰',
  sex: '1',
  idNumber: 'USA110079070104',
  nationality: 'USA',
  birthDate: '1979-07-01',
  validity: { start: '2017-06-01', end: '2027-06-01' },
  cardVersion: '01',
  issuingAuthorityCode: '1100',
};

export const FOREIGNER_2023_CARD: Foreigner2023Card = {
  cardType: 'foreigner-2023',
  chineseName: '李安娜',
  // Longer than 35 characters, so it spans both English-name fields.
  englishName: 'MARTINEZ-GARCIA, ANNA MARIA ELISABETH',
  sex: '2',
  renewalCount: '00',
  birthDate: '1985-07-07',
  idNumber: '911560198507070020',
  nationality: 'ESP',
  validity: { start: '2023-12-01', end: '2033-12-01' },
};

export const SAMPLE_CARDS = [RESIDENT_CARD, RESIDENT_CARD_DATED, HK_MACAO_TAIWAN_CARD, FOREIGNER_2017_CARD, FOREIGNER_2023_CARD] as const;

/** A stand-in for the 1024-byte WLT photo: deterministic, otherwise meaningless. */
export function samplePhoto(seed = 1): Uint8Array {
  const photo = new Uint8Array(1024);
  let x = seed;
  for (let i = 0; i < photo.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    photo[i] = x >>> 24;
  }
  return photo;
}
