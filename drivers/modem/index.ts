/**
 * The GSM/4G modem driver (SIM7600 / EC20 class): the pure AT layer, the AT channel, the device
 * that supervises the module and places calls, and the simulator that stands in for one.
 */

export { AtChannel, AtError, DEFAULT_TIMEOUTS, refusedForTheNumber, systemClock, timeoutFor } from './channel.ts';
export type { AtChannelEvents, AtChannelOptions, AtErrorKind, AtRequest, AtResponse, AtSend, AtTimeouts, Clock } from './channel.ts';
export { createModemDevice } from './device.ts';
export type { ModemDevice, ModemDeviceEvents, ModemDeviceOptions, ModemLog } from './device.ts';
export type { CallEndCause, CallPhase, ModemCallEvent } from './call-tracker.ts';
export type { ModemHealth, ModemModel, ModemSignal, RegistrationSummary, SimState, VolteState } from './readiness.ts';
export type { Call } from './parse.ts';
export type { Urc } from './results.ts';
export { startModemSimulator } from './simulator.ts';
export type {
  CallBehaviour,
  CallScript,
  ModemSimulator,
  ModemSimulatorEvents,
  ModemSimulatorOptions,
  SentSms,
  SimulatedModel,
  SimulatedRegistration,
  SimulatedSim,
} from './simulator.ts';
