/**
 * Byte positions in the 256-byte text block, shared by the decoder and the test encoder so the
 * two cannot drift apart. Every field is UCS-2 little-endian, padded with U+0020.
 * Each entry is [offset, length in bytes].
 */

export type Span = readonly [offset: number, length: number];

// facts/idcard.md §3.1: TL is 256 in every source.
export const TEXT_BLOCK_LENGTH = 256;
// facts §3.3: the card-type character sits at bytes 248–249 of every layout.
export const CARD_TYPE_SPAN: Span = [248, 2];
// facts §3.1: the 30 03 reply is n × 70-byte entries, n = 1–4.
export const APPENDED_ADDRESS_LENGTH = 70;
export const MAX_APPENDED_ADDRESSES = 4;

// facts §3.3: the marker characters; a space or U+0000 there means a resident card.
export const MARKERS = { foreigner2017: 'I', foreigner2023: 'Y', hkMacaoTaiwan: 'J' } as const;

// facts §3.2
export const RESIDENT = {
  name: [0, 30],
  sex: [30, 2],
  nation: [32, 4],
  birthDate: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuingAuthority: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
} as const satisfies Record<string, Span>;

// facts §3.3, 'J' (港澳台居民居住证): the resident layout without nation, plus the pass fields.
export const HK_MACAO_TAIWAN = {
  name: [0, 30],
  sex: [30, 2],
  birthDate: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuingAuthority: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
  passNumber: [220, 18],
  issueCount: [238, 4],
} as const satisfies Record<string, Span>;

// facts §3.3, 'I' (外国人永久居留身份证, 2017).
export const FOREIGNER_2017 = {
  englishName: [0, 120],
  sex: [120, 2],
  idNumber: [122, 30],
  nationality: [152, 6],
  chineseName: [158, 30],
  validFrom: [188, 16],
  validTo: [204, 16],
  birthDate: [220, 16],
  cardVersion: [236, 4],
  issuingAuthorityCode: [240, 8],
} as const satisfies Record<string, Span>;

// facts §3.3, 'Y' (外国人永久居留身份证, 2023; single source). The English name is split: its
// first 35 characters at 52, characters 36–46 at 220. Bytes 250–255 are left unread: the facts
// call them a link to the holder's earlier 15-character number, which 3 characters cannot hold,
// and a field whose content is unknown cannot be checked.
export const FOREIGNER_2023 = {
  chineseName: [0, 30],
  sex: [30, 2],
  renewalCount: [32, 4],
  birthDate: [36, 16],
  englishName: [52, 70],
  idNumber: [122, 36],
  validFrom: [188, 16],
  validTo: [204, 16],
  englishNameRest: [220, 22],
  nationality: [242, 6],
} as const satisfies Record<string, Span>;
