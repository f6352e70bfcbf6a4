import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { AtChannel, type AtChannelOptions } from './channel.ts';

/**
 * Opening the modem's serial port and putting an AT channel on it. The port's own events are
 * left to the caller, who decides what a close or an error means (facts/emergency.md §2.6: on a
 * USB module either is the module resetting).
 */

export class PortMissingError extends Error {
  override readonly name = 'PortMissingError';
}

export async function openPort(path: string, baudRate: number): Promise<SerialPort> {
  // Checked first so a module that is away costs a stat, not a failed open, every retry.
  if (!existsSync(path)) throw new PortMissingError(`${path} does not exist`);
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  // serialport throws an 'error' event nobody listens to; the caller adds its own as well.
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  return port;
}

export function channelOnPort(port: SerialPort, options: AtChannelOptions): AtChannel {
  const channel = new AtChannel(
    (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(data, 'latin1'), (error) => (error ? reject(error) : resolve()));
      }),
    options,
  );
  port.on('data', (chunk: Buffer) => channel.receive(chunk));
  return channel;
}

export function closePort(port: SerialPort): Promise<void> {
  if (!port.isOpen) return Promise.resolve();
  return new Promise<void>((resolve) => port.close(() => resolve()));
}
