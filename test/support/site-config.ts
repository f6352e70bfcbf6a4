import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes a site file (`kiosk.config.yaml`) into `dir` from YAML lines; returns its path. */
export function writeSiteConfig(dir: string, lines: string[]): string {
  const file = join(dir, 'kiosk.config.yaml');
  writeFileSync(file, [...lines, ''].join('\n'));
  return file;
}

/** The `devices:` section for a button box and a modem on the kiosk ends of pty pairs. */
export function serialDeviceLines(d: { buttonPath: string; modemPath: string; model: 'sim7600' | 'ec20' }): string[] {
  return [
    'devices:',
    `  button: { kind: serial-line, path: "${d.buttonPath}", heartbeatSeconds: 1 }`,
    `  modem: { kind: serial, path: "${d.modemPath}", model: ${d.model} }`,
  ];
}
