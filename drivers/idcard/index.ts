/** The ID-card reader codec: pure, no I/O. The device and simulator build on these. */
export type { Result } from './result.ts';
export {
  COMMANDS,
  MAX_LEN,
  PREAMBLE,
  REQUEST_FRAMES,
  RESPONSE_FRAMES,
  buildRequest,
  buildResponse,
  encodeFrame,
  parseRequestFrame,
  parseResponseFrame,
  xorChecksum,
  type CommandName,
  type FrameCodec,
  type FrameError,
  type RequestFrame,
  type ResponseFrame,
} from './frame.ts';
export { FrameSplitter, type SplitResult } from './stream.ts';
export {
  describeSw3,
  isCardLevelFailure,
  isReaderLevelFailure,
  isSuccess,
  type StatusKind,
  type Sw3Status,
  type Text,
} from './status.ts';
export { NATIONS, SEX_CODES, type SexCode } from './codes.ts';
export { checkCharacter, checkIdNumber, type IdNumberCheck, type IdNumberFormat } from './idnumber.ts';
export {
  LONG_TERM,
  decodeAppendedAddresses,
  decodeTextBlock,
  type CardType,
  type DecodedText,
  type FieldProblem,
  type Foreigner2017Card,
  type Foreigner2023Card,
  type HkMacaoTaiwanCard,
  type IsoDate,
  type ResidentCard,
  type TextError,
  type TextField,
  type Validity,
} from './text.ts';
export {
  parseAppendedAddressResponse,
  parseReadResponse,
  parseSamId,
  type AppendedAddress,
  type CardRead,
  type LengthProblem,
  type ReadCommand,
  type ReplyError,
} from './response.ts';
