import { describe, expect, it } from 'vitest';
import {
  DECK_CARD_IDS,
  SIMULATOR_DECK,
  checkIdNumber,
  maskCardNumber,
  parseAppendedAddressResponse,
  parseReadResponse,
  parseSamId,
  type CommandName,
} from '../../../drivers/idcard/index.ts';
import { CardSlot } from '../../../drivers/idcard/simulator-deck.ts';

/** The simulated reader's card behaviour, facts/idcard.md §7.2, without a serial line. */

const frame = (reply: { sw3: number; data?: Uint8Array }) => ({ sw1: 0, sw2: 0, sw3: reply.sw3, data: reply.data ?? new Uint8Array(0) });
const codes = (slot: CardSlot, commands: (CommandName | undefined)[]): string[] =>
  commands.map((c) => slot.answer(c).sw3.toString(16).toUpperCase());

function slotWith(id: keyof typeof SIMULATOR_DECK): CardSlot {
  const slot = new CardSlot();
  slot.place(SIMULATOR_DECK[id]);
  return slot;
}

describe('simulated card slot', () => {
  it('answers "no card" to everything card-related when empty, and OK to the SAM', () => {
    expect(codes(new CardSlot(), ['findCard', 'selectCard', 'readText', 'readAppendedAddress', 'samStatus', 'reset'])).toEqual([
      '80', '81', '41', '41', '90', '90',
    ]);
  });

  it('finds, selects and reads a card, which then decodes to the deck entry', () => {
    const slot = slotWith('resident');
    expect(codes(slot, ['findCard', 'selectCard'])).toEqual(['9F', '90']);
    const read = parseReadResponse(frame(slot.answer('readText')), 'readText');
    expect(read).toEqual({ ok: true, value: { text: SIMULATOR_DECK.resident.text, photo: SIMULATOR_DECK.resident.photo } });
  });

  it('will not select or read a card that has not been found', () => {
    expect(codes(slotWith('resident'), ['selectCard', 'readText', 'readAppendedAddress'])).toEqual(['81', '41', '41']);
  });

  it('halts a read card: find fails while 30 03 keeps answering, until a find ends the selection', () => {
    const slot = slotWith('resident');
    codes(slot, ['findCard', 'selectCard', 'readText']);
    expect(codes(slot, ['readAppendedAddress', 'readAppendedAddress', 'readText'])).toEqual(['91', '91', '90']);
    expect(codes(slot, ['findCard', 'readAppendedAddress', 'selectCard', 'findCard'])).toEqual(['80', '41', '81', '80']);
  });

  it('finds the card again once it is lifted and placed, or the field is reset', () => {
    const slot = slotWith('resident');
    codes(slot, ['findCard', 'selectCard', 'readText', 'findCard']);
    slot.lift();
    slot.place(SIMULATOR_DECK.resident);
    expect(codes(slot, ['findCard'])).toEqual(['9F']);
    codes(slot, ['selectCard', 'readText']);
    expect(codes(slot, ['reset', 'findCard'])).toEqual(['90', '9F']);
  });

  it('fails authentication on every read without halting the card', () => {
    const slot = slotWith('failsAuthentication');
    expect(codes(slot, ['findCard', 'selectCard', 'readText', 'findCard', 'selectCard', 'readText'])).toEqual(['9F', '90', '31', '9F', '90', '31']);
  });

  it('answers 30 10 for a card without fingerprints with 90 and no templates', () => {
    const slot = slotWith('foreigner2023');
    codes(slot, ['findCard', 'selectCard']);
    const read = parseReadResponse(frame(slot.answer('readWithFingerprint')), 'readWithFingerprint');
    expect(read.ok && read.value.fingerprint).toBe(undefined);
    expect(read.ok && read.value.text).toEqual(SIMULATOR_DECK.foreigner2023.text);
  });

  it('returns the appended address of a card that has one', () => {
    const slot = slotWith('movedHouse');
    codes(slot, ['findCard', 'selectCard']);
    expect(parseAppendedAddressResponse(frame(slot.answer('readAppendedAddress')))).toEqual({
      ok: true,
      value: { kind: 'addresses', entries: SIMULATOR_DECK.movedHouse.appendedAddresses },
    });
  });

  it('rejects commands it does not know, rate changes included, with 21', () => {
    expect(codes(new CardSlot(), [undefined])).toEqual(['21']);
  });

  it('gives a SAM ID in the printed form', () => {
    expect(parseSamId(frame(new CardSlot().answer('samId')))).toEqual({ ok: true, value: '05.01-20101129-0012345678-1234567890' });
  });
});

describe('simulator deck', () => {
  it('holds every card type, an expired card, a long-term card and a failing card', () => {
    const texts = DECK_CARD_IDS.map((id) => SIMULATOR_DECK[id].text);
    expect(new Set(texts.map((t) => t.cardType))).toEqual(new Set(['resident', 'hk-macao-taiwan', 'foreigner-2017', 'foreigner-2023']));
    expect(texts.some((t) => t.validity.end === 'long-term')).toBe(true);
    expect(texts.some((t) => t.validity.end !== 'long-term' && t.validity.end < '2025-01-01')).toBe(true);
    expect(DECK_CARD_IDS.filter((id) => 'failsAuthentication' in SIMULATOR_DECK[id])).toEqual(['failsAuthentication']);
  });

  it.each(DECK_CARD_IDS)('card %s carries a number that passes its check', (id) => {
    const { text } = SIMULATOR_DECK[id];
    expect(checkIdNumber(text.idNumber, text.cardType === 'foreigner-2017' ? 'foreigner-2017' : 'check-digit-18')).toEqual({ kind: 'valid' });
  });
});

describe('masked card numbers', () => {
  it.each([
    ['11010519491231002X', '1101**********002X'],
    ['usa110079070104', 'USA1*******0104'],
    [' 12345678 ', '********'],
    ['', ''],
  ])('masks %j as %j', (number, masked) => {
    expect(maskCardNumber(number)).toBe(masked);
  });
});
