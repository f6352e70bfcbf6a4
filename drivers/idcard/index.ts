/** The ID-card reader: the pure codec first, then the device, its transports and the simulator. */
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
  UNDECODABLE_READ,
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

// The device and its transports, and the simulator that stands in for a reader.
export {
  describeTransportError,
  type ProtocolFault,
  type ReaderTransport,
  type TransportError,
  type TransportEvents,
} from './transport.ts';
export { DEFAULT_BAUD_RATE, createSerialTransport, type SerialTransportOptions } from './serial-transport.ts';
export {
  SAM_USB_PIPES,
  SAM_USB_PRODUCT_ID,
  SAM_USB_VENDOR_ID,
  createUsbTransport,
  openSamUsbDevice,
  type BulkPipes,
  type OpenPipes,
  type PipeFailure,
  type PipeResult,
  type SamUsb,
  type TimedUsbDevice,
  type UsbTransportOptions,
} from './usb-transport.ts';
export {
  DEFAULT_TIMEOUTS,
  type CardEvent,
  type CardProblemEvent,
  type CardReader,
  type CardReaderDeps,
  type CardReaderEvents,
  type CardReaderOptions,
  type CardRemovedEvent,
  type Clock,
  type CommandTimeouts,
  type ReaderLog,
} from './reader-types.ts';
export { createCardReader } from './reader.ts';
export { READER_MESSAGES, type ReaderHealth } from './reader-health.ts';
export { maskCardNumber } from './mask.ts';
export {
  DECK_CARD_IDS,
  startReaderSimulator,
  startSimulatedReaderLine,
  type ReaderSimulator,
  type ReaderSimulatorEvents,
  type ReaderSimulatorOptions,
  type ReceivedCommand,
  type ReplyCorruption,
  type SimulatedReaderLine,
} from './simulator.ts';
export { SIMULATOR_DECK, type DeckCardId, type SimulatedCard } from './simulator-deck.ts';
