/** What the kiosk says to the people it calls: who needs help, and where. */
export interface Place {
  kioskId: string;
  siteName: string;
  address: string;
  /** Where in the hall the kiosk stands. */
  location: string;
}

const where = (p: Place): string => `${p.siteName}${p.location ? `（${p.location}）` : ''}`;

/** Spoken into an answered call by the modem; the contact accepts by pressing a key. */
export function callPrompt(p: Place): string {
  return `这里是${where(p)}的紧急求助终端。有人按了紧急按钮，需要帮助。您如果能来，请按1确认。`;
}

/** Sent to every contact once the first call rings. Split into numbered parts by the driver if long. */
export function smsText(p: Place, raisedAt: number): string {
  const time = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' }).format(raisedAt);
  return `【紧急求助】${time} ${where(p)}有人按了紧急按钮。${p.address ? `地址：${p.address}。` : ''}请尽快前往或联系社区工作人员。`;
}
