export {
  createButtonDevice,
  type ButtonDevice,
  type ButtonDeviceDeps,
  type ButtonEvents,
  type ButtonHealth,
  type ButtonKind,
  type ButtonLogger,
  type ButtonOptions,
  type ContactInput,
  type ContactWiring,
  type HidOptions,
  type SerialContactOptions,
  type SerialLineOptions,
} from './device.ts';
export type { HidDeviceLike, HidTarget, OpenHid } from './hid.ts';
export type { ControlLines, SerialPortFactory, SerialPortLike } from './serial-port.ts';
export { ButtonSimulator, startButtonSimulator, type ButtonSimulatorEvents, type ButtonSimulatorOptions } from './simulator.ts';
export type { ButtonCommand, ButtonMessage, LedMode } from './codec.ts';
