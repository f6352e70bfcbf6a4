/**
 * What every driver reports about its device, in words staff can act on. Drivers know nothing of
 * the kiosk's services; the health service turns these into what the staff screen shows.
 */
export interface PlainText {
  zh: string;
  en: string;
}

export type DeviceState = 'ok' | 'degraded' | 'fault';

export interface DeviceHealth {
  state: DeviceState;
  /** Plain words for staff, never a stack trace. */
  message: PlainText;
  /** Protocol errors (garbage, over-long lines, bad frames) counted since start. */
  protocolErrors: number;
}
