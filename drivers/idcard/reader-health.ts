import type { DeviceHealth, DeviceState, PlainText } from '../health.ts';

/** What the card reader tells staff: the common device health plus the link and SAM module. */
export interface ReaderHealth extends DeviceHealth {
  connected: boolean;
  /** The SAM module's printed number (facts/idcard.md §2.3), once read. Not personal data. */
  samId?: string;
}

export const READER_MESSAGES = {
  connecting: { zh: '正在连接身份证阅读器。', en: 'Connecting to the ID-card reader.' },
  ok: { zh: '身份证阅读器正常。', en: 'The ID-card reader is working.' },
  unstable: { zh: '身份证阅读器通信不稳定，正在重试。', en: 'The ID-card reader is not answering reliably; retrying.' },
  notConnected: { zh: '身份证阅读器没有连接', en: 'The ID-card reader is not connected' },
  notAnswering: {
    zh: '身份证阅读器连接着，但读卡时一直没有正确回应，请联系维修。',
    en: 'The ID-card reader is connected but keeps failing to answer when reading cards; please call for service.',
  },
} as const satisfies Record<string, PlainText>;

/**
 * For a reader that answers but refuses to work: its SAM module failed its self-test or is not
 * authorised (60/66), or it keeps rejecting well-formed commands. Re-plugging will not fix
 * these, so the status code goes in the message for whoever services it.
 */
export function readerFaultMessage(sw3Hex: string): PlainText {
  return {
    zh: `身份证阅读器出了故障（状态码 ${sw3Hex}），请联系维修。`,
    en: `The ID-card reader has a fault (status ${sw3Hex}); please call for service.`,
  };
}

/** Holds the current health and reports each change once. */
export class HealthTracker {
  #current: ReaderHealth = { state: 'degraded', message: READER_MESSAGES.connecting, protocolErrors: 0, connected: false };

  constructor(private readonly onChange: (health: ReaderHealth) => void) {}

  get current(): ReaderHealth {
    return { ...this.#current };
  }

  set(state: DeviceState, message: PlainText, link?: { connected: boolean; samId?: string }): void {
    const next: ReaderHealth = { ...this.#current, state, message };
    if (link) {
      next.connected = link.connected;
      if (link.samId === undefined) delete next.samId;
      else next.samId = link.samId;
    }
    this.#apply(next);
  }

  countProtocolError(): void {
    this.#apply({ ...this.#current, protocolErrors: this.#current.protocolErrors + 1 });
  }

  #apply(next: ReaderHealth): void {
    const now = this.#current;
    const same =
      now.state === next.state &&
      now.message.zh === next.message.zh &&
      now.message.en === next.message.en &&
      now.protocolErrors === next.protocolErrors &&
      now.connected === next.connected &&
      now.samId === next.samId;
    this.#current = next;
    if (!same) this.onChange({ ...next });
  }
}
