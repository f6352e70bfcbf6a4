import { describe, expect, it } from 'vitest';
import { Mutex } from '../../drivers/mutex.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Mutex', () => {
  it('runs work one piece at a time in the order asked', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const gate = deferred();
    const first = mutex.runExclusive(async () => {
      events.push('first start');
      await gate.promise;
      events.push('first end');
      return 1;
    });
    const second = mutex.runExclusive(async () => {
      events.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(events).toEqual(['first start']);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(['first start', 'first end', 'second']);
  });

  it('goes on after a piece of work fails, and reports the failure to its caller only', async () => {
    const mutex = new Mutex();
    const failing = mutex.runExclusive(() => Promise.reject(new Error('boom')));
    const next = mutex.runExclusive(() => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('treats a synchronous throw like a rejection', async () => {
    const mutex = new Mutex();
    const failing = mutex.runExclusive(() => {
      throw new Error('sync');
    });
    await expect(failing).rejects.toThrow('sync');
    await expect(mutex.runExclusive(async () => 'after')).resolves.toBe('after');
  });
});
