/**
 * SW3 status codes (facts/idcard.md §2.2) turned into what the kiosk does and says next.
 *
 * `message` is said to the person at the kiosk, so it names the action, not the fault.
 * `detail` is the source's meaning, for the staff health screen and logs.
 */

export type Text = { readonly zh: string; readonly en: string };

export type StatusKind =
  /** The command did what was asked. */
  | 'ok'
  /** Find or select failed: no card, or a card already read and not yet lifted (facts §7.2). */
  | 'no-card'
  /** The card holds nothing for this item (no appended address, no fingerprint). */
  | 'no-content'
  /** The card or how it lies on the reader: ask the person to place it again. */
  | 'card'
  /** The reader or its SAM module: ask staff. */
  | 'reader';

export type Sw3Status =
  | { readonly kind: StatusKind; readonly code: number; readonly hex: string; readonly message: Text; readonly detail: Text }
  | { readonly kind: 'unknown'; readonly code: number; readonly hex: string; readonly message: Text };

const DONE: Text = { zh: '好了。', en: 'Done.' };
const PLACE_CARD: Text = { zh: '请把身份证平放在读卡区上。', en: 'Please lay your ID card flat on the reader.' };
const REPLACE_CARD: Text = {
  zh: '没有读出来。请把身份证拿起来，再平放到读卡区上。',
  en: "The card wasn't read. Please lift it and lay it flat on the reader again.",
};
const ASK_STAFF: Text = {
  zh: '读卡器暂时不能用，请找工作人员帮忙。',
  en: 'The card reader is not working right now. Please ask a member of staff.',
};
const UNKNOWN: Text = {
  zh: '没有读出来。请再放一次身份证；还不行的话，请找工作人员帮忙。',
  en: "The card wasn't read. Please place it again, or ask a member of staff.",
};

const KNOWN: ReadonlyMap<number, { kind: StatusKind; message: Text; detail: Text }> = new Map([
  [0x90, { kind: 'ok', message: DONE, detail: { zh: '操作成功', en: 'success' } }],
  [0x9f, { kind: 'ok', message: { zh: '找到身份证了。', en: 'Found your card.' }, detail: { zh: '寻找证/卡成功', en: 'card found' } }],
  [
    0x91,
    {
      kind: 'no-content',
      message: { zh: '这张证件上没有这一项。', en: 'This card does not hold that information.' },
      detail: { zh: '证/卡中此项无内容', en: 'no content for this item' },
    },
  ],
  [0x80, { kind: 'no-card', message: PLACE_CARD, detail: { zh: '寻找证/卡失败', en: 'find card failed' } }],
  [0x81, { kind: 'no-card', message: REPLACE_CARD, detail: { zh: '选取证/卡失败', en: 'select card failed' } }],
  // facts §7.2: 31, 32, 33, 40, 41 after a good select are the card or its placement. 47 joins
  // them because S1 shows it carrying the card's own SW1/SW2, as 31 and 41 do (facts §2.2).
  [0x31, { kind: 'card', message: REPLACE_CARD, detail: { zh: '证/卡认证SAM_V失败', en: 'card failed to authenticate the SAM' } }],
  [0x32, { kind: 'card', message: REPLACE_CARD, detail: { zh: 'SAM_V认证证/卡失败', en: 'SAM failed to authenticate the card' } }],
  [0x33, { kind: 'card', message: REPLACE_CARD, detail: { zh: '信息验证错误', en: 'information verification error' } }],
  [
    0x40,
    {
      kind: 'card',
      message: { zh: '这张卡读不了。请放身份证或居住证。', en: "This card can't be read here. Please use your ID card or residence card." },
      detail: { zh: '无法识别的证/卡类型', en: 'unrecognised card type' },
    },
  ],
  [0x41, { kind: 'card', message: REPLACE_CARD, detail: { zh: '读证/卡操作失败', en: 'read failed' } }],
  [0x47, { kind: 'card', message: REPLACE_CARD, detail: { zh: '取随机数失败', en: 'get-random failed' } }],
  // facts §7.2: reader fault means 60/66, or 10/11/21 repeating; 23 and 24 are the reader
  // refusing or failing on its own side, which re-placing the card cannot fix either.
  [0x10, { kind: 'reader', message: ASK_STAFF, detail: { zh: '接收数据校验和错', en: 'reader saw a checksum error in the host frame' } }],
  [0x11, { kind: 'reader', message: ASK_STAFF, detail: { zh: '接收数据长度错', en: 'reader saw a length error in the host frame' } }],
  [0x21, { kind: 'reader', message: ASK_STAFF, detail: { zh: '接收命令错误', en: 'reader rejected the command' } }],
  [0x23, { kind: 'reader', message: ASK_STAFF, detail: { zh: '越权操作', en: 'operation not permitted' } }],
  [0x24, { kind: 'reader', message: ASK_STAFF, detail: { zh: '无法识别的错误', en: 'unrecognised error' } }],
  [0x60, { kind: 'reader', message: ASK_STAFF, detail: { zh: 'SAM_V自检失败', en: 'SAM self-test failed' } }],
  [0x66, { kind: 'reader', message: ASK_STAFF, detail: { zh: 'SAM_V没有经过授权', en: 'SAM not authorised' } }],
]);

/**
 * A read the reader answered with 90 whose data does not decode (response.ts), again and again.
 * Placing the card again may cure a bad read; if not, staff can look at it.
 */
export const UNDECODABLE_READ: Sw3Status = {
  kind: 'card',
  code: 0x90,
  hex: '90',
  message: UNKNOWN,
  detail: { zh: '读出的证/卡信息无法解析', en: 'card data read but did not decode' },
};

/**
 * FF is absent on purpose: facts §2.2 records it as a host library's own "communication
 * failure" value that never arrives on the wire, so a reader sending it is unknown.
 */
export function describeSw3(code: number): Sw3Status {
  const hex = (code & 0xff).toString(16).toUpperCase().padStart(2, '0');
  const known = KNOWN.get(code);
  if (known) return { kind: known.kind, code, hex, message: known.message, detail: known.detail };
  return { kind: 'unknown', code, hex, message: UNKNOWN };
}

export function isSuccess(code: number): boolean {
  return describeSw3(code).kind === 'ok';
}

/** The person should lift the card and place it again; the reader is fine. */
export function isCardLevelFailure(code: number): boolean {
  return describeSw3(code).kind === 'card';
}

/**
 * The reader or SAM is at fault. For 10/11/21 the device should wait for a repeat before
 * calling the reader faulty (facts §7.2), since one corrupted request can cause them.
 */
export function isReaderLevelFailure(code: number): boolean {
  return describeSw3(code).kind === 'reader';
}
