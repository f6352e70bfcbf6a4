import type { ButtonDevice, ButtonHealth, ButtonLogger } from '../../../drivers/button/index.ts';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** A logger that keeps what it is told, so tests can wait for and assert on log lines. */
export function recordingLogger(): ButtonLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (obj, msg) => void entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void entries.push({ level: 'error', obj, msg }),
  };
}

/**
 * Resolves with the device's health once `matches` holds — now, or at a later `health` event —
 * and rejects after `timeoutMs`, naming what was awaited and the last health seen.
 */
export function waitForHealth(
  device: ButtonDevice,
  matches: (health: ButtonHealth) => boolean,
  what: string,
  timeoutMs = 3_000,
): Promise<ButtonHealth> {
  const current = device.health();
  if (matches(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    let last = current;
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last health: ${JSON.stringify(last)}`));
    }, timeoutMs);
    const off = device.on('health', (health) => {
      last = health;
      if (!matches(health)) return;
      clearTimeout(timer);
      off();
      resolve(health);
    });
  });
}

/**
 * Resolves when `subscribe`'s listener has been called `count` times in total, rejecting after
 * `timeoutMs`. `subscribe` returns its unsubscribe function, as TypedEmitter.on does.
 */
export function waitForCalls<A extends unknown[]>(
  subscribe: (listener: (...args: A) => void) => () => void,
  count: number,
  what: string,
  timeoutMs = 3_000,
): Promise<A[]> {
  return new Promise((resolve, reject) => {
    const calls: A[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${count} × ${what}; saw ${calls.length}`));
    }, timeoutMs);
    const off = subscribe((...args) => {
      calls.push(args);
      if (calls.length < count) return;
      clearTimeout(timer);
      off();
      resolve(calls);
    });
  });
}

export const isOk = (h: ButtonHealth): boolean => h.state === 'ok';
