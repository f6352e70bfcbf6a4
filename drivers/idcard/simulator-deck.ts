import type { CommandName } from './frame.ts';
import { checkCharacter } from './idnumber.ts';
import {
  FOREIGNER_2017_CARD,
  FOREIGNER_2023_CARD,
  HK_MACAO_TAIWAN_CARD,
  RESIDENT_CARD,
  RESIDENT_CARD_DATED,
  samplePhoto,
} from './testing/cards.ts';
import { encodeAppendedAddresses, encodeReadData, encodeTextBlock } from './testing/encode.ts';
import type { DecodedText, ResidentCard } from './text.ts';

/**
 * The simulated reader's cards, and what the SAM module and the card in its field answer to each
 * command. Pure: the simulator puts it on a serial line.
 */

export interface SimulatedCard {
  readonly text: DecodedText;
  readonly photo: Uint8Array;
  /** Addresses recorded after issue, answered to 30 03 (facts/idcard.md §3.1); none means 91. */
  readonly appendedAddresses: readonly string[];
  /** Every read is answered 31, "card failed to authenticate the SAM" (facts §2.2). */
  readonly failsAuthentication?: boolean;
}

const withCheck = (first17: string): string => first17 + checkCharacter(first17);

// Made up like testing/cards.ts: the numbers pass their check, the people and places do not exist.
const EXPIRED_CARD: ResidentCard = {
  cardType: 'resident',
  name: '赵丽华',
  sex: '2',
  nation: { code: '06', name: '苗' },
  birthDate: '1978-04-09',
  address: '上海市徐汇区康健街道桂林路100弄5号',
  idNumber: withCheck('31010419780409042'),
  issuingAuthority: '上海市公安局徐汇分局',
  validity: { start: '2004-05-10', end: '2024-05-10' },
};

const MOVED_CARD: ResidentCard = {
  cardType: 'resident',
  name: '孙卫东',
  sex: '1',
  nation: { code: '01', name: '汉' },
  birthDate: '1952-11-02',
  address: '天津市和平区南市街道荣业大街18号',
  idNumber: withCheck('12010119521102013'),
  issuingAuthority: '天津市公安局和平分局',
  validity: { start: '2012-01-15', end: 'long-term' },
};

const DAMAGED_CARD: ResidentCard = {
  cardType: 'resident',
  name: '钱淑芬',
  sex: '2',
  nation: { code: '01', name: '汉' },
  birthDate: '1947-08-21',
  address: '江苏省南京市鼓楼区宁海路街道汉口路22号',
  idNumber: withCheck('32010619470821024'),
  issuingAuthority: '南京市公安局鼓楼分局',
  validity: { start: '2008-09-01', end: 'long-term' },
};

export const SIMULATOR_DECK = {
  /** Valid for life (长期), as most cards of people over 46 are. */
  resident: { text: RESIDENT_CARD, photo: samplePhoto(1), appendedAddresses: [] },
  residentDated: { text: RESIDENT_CARD_DATED, photo: samplePhoto(2), appendedAddresses: [] },
  expired: { text: EXPIRED_CARD, photo: samplePhoto(3), appendedAddresses: [] },
  movedHouse: { text: MOVED_CARD, photo: samplePhoto(4), appendedAddresses: ['天津市河西区友谊路街道平江道66号2门301'] },
  hkMacaoTaiwan: { text: HK_MACAO_TAIWAN_CARD, photo: samplePhoto(5), appendedAddresses: [] },
  /** 'I': the 2017 card, with its 15-character number. */
  foreigner2017: { text: FOREIGNER_2017_CARD, photo: samplePhoto(6), appendedAddresses: [] },
  /** 'Y': the 2023 card. */
  foreigner2023: { text: FOREIGNER_2023_CARD, photo: samplePhoto(7), appendedAddresses: [] },
  failsAuthentication: { text: DAMAGED_CARD, photo: samplePhoto(8), appendedAddresses: [], failsAuthentication: true },
} as const satisfies Record<string, SimulatedCard>;

export type DeckCardId = keyof typeof SIMULATOR_DECK;

export interface SimulatedReply {
  readonly sw3: number;
  readonly data?: Uint8Array;
}

// facts §2.2
const OK = 0x90;
const FOUND = 0x9f;
const NO_CONTENT = 0x91;
const FIND_FAILED = 0x80;
const SELECT_FAILED = 0x81;
const READ_FAILED = 0x41;
const CARD_AUTH_FAILED = 0x31;
const BAD_COMMAND = 0x21;

// facts §2.3: prints as 05.01-20101129-0012345678-1234567890 under S8's rule.
const SAM_ID = (() => {
  const d = new Uint8Array(16);
  const view = new DataView(d.buffer);
  d[0] = 0x05;
  d[2] = 0x01;
  view.setUint32(4, 20101129, true);
  view.setUint32(8, 12345678, true);
  view.setUint32(12, 1234567890, true);
  return d;
})();

/**
 * - `in-field`: lying on the reader, not yet found (or re-powered);
 * - `found`, `selected`: after find (9F) and select (90);
 * - `read`: read once and halted, but still selected, so 30 01/30 03 keep answering;
 * - `halted`: a find ended that selection; nothing answers until the card is lifted.
 */
type SlotState = 'empty' | 'in-field' | 'found' | 'selected' | 'read' | 'halted';

/** The reader's RF field and the one card that may lie in it. */
export class CardSlot {
  #card: SimulatedCard | undefined;
  #state: SlotState = 'empty';

  place(card: SimulatedCard): void {
    this.#card = card;
    this.#state = 'in-field';
  }

  lift(): void {
    this.#card = undefined;
    this.#state = 'empty';
  }

  /** The field went off and on (reset, power cut): a card lying there starts afresh. */
  powerCycle(): void {
    if (this.#card) this.#state = 'in-field';
  }

  answer(command: CommandName | undefined): SimulatedReply {
    switch (command) {
      case 'reset':
        this.powerCycle();
        return { sw3: OK };
      case 'samStatus':
        return { sw3: OK };
      case 'samId':
        return { sw3: OK, data: SAM_ID };
      case 'findCard':
        return this.#find();
      case 'selectCard':
        if (this.#state !== 'found') return { sw3: SELECT_FAILED };
        this.#state = 'selected';
        return { sw3: OK, data: new Uint8Array(8) };
      case 'readText':
      case 'readWithFingerprint':
        return this.#read(command);
      case 'readAppendedAddress':
        return this.#appended();
      case undefined:
        // Includes the 60 xx rate commands: this simulator only ever runs at its one rate.
        return { sw3: BAD_COMMAND };
    }
  }

  #find(): SimulatedReply {
    switch (this.#state) {
      case 'empty':
        return { sw3: FIND_FAILED };
      case 'read':
      case 'halted':
        // facts §7.2: a read card stays halted, and a find ends its selection.
        this.#state = 'halted';
        return { sw3: FIND_FAILED };
      case 'in-field':
      case 'found':
      case 'selected':
        this.#state = 'found';
        return { sw3: FOUND, data: new Uint8Array(4) };
    }
  }

  #read(command: 'readText' | 'readWithFingerprint'): SimulatedReply {
    const card = this.#card;
    if (!card || (this.#state !== 'selected' && this.#state !== 'read')) return { sw3: READ_FAILED };
    if (card.failsAuthentication) {
      // facts §7.2: such a failure does not halt the card; it can be found again at once.
      this.#state = 'in-field';
      return { sw3: CARD_AUTH_FAILED };
    }
    this.#state = 'read';
    const text = encodeTextBlock(card.text);
    // facts §3.1: a card without fingerprints answers 30 10 with 90 and FL = 0.
    const data = command === 'readText' ? encodeReadData(text, card.photo) : encodeReadData(text, card.photo, new Uint8Array(0));
    return { sw3: OK, data };
  }

  #appended(): SimulatedReply {
    const card = this.#card;
    // facts §7.2 (S16): 90/91 while the card is selected, read or not; a read failure otherwise.
    if (!card || (this.#state !== 'selected' && this.#state !== 'read')) return { sw3: READ_FAILED };
    if (card.appendedAddresses.length === 0) return { sw3: NO_CONTENT };
    return { sw3: OK, data: encodeAppendedAddresses(card.appendedAddresses) };
  }
}
