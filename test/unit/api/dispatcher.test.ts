import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../../main/api/contract.ts';
import { CommandError, createDispatcher, type Handlers } from '../../../main/api/dispatcher.ts';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

// Only the commands these tests call; the rest of the table is the kiosk's, not the dispatcher's concern.
const handlers = {
  'system.ping': ({ nonce }) => ({ nonce, at: 'now' }),
  'kiosk.info': () => {
    throw new Error('boom with a secret stack');
  },
  'health.get': () => ({ components: [] }),
  'guides.categories': () => ({ categories: [], version: 'v' }),
  'guides.list': () => {
    throw new CommandError('not-found', 'No guide category "x"');
  },
  'guides.get': ({ id }) => {
    throw new CommandError('not-found', `No guide "${id}"`);
  },
  'staff.signIn': () => {
    throw new CommandError('forbidden', 'Wrong PIN (2 tries left).', { signIn: { triesLeft: 2 } });
  },
} as Partial<Handlers> as Handlers;
const ctx = { transport: 'internal' as const, connectionId: 't' };

describe('dispatcher', () => {
  it('runs a valid command and treats a missing payload as empty', async () => {
    const { log } = capturingLogger();
    const d = createDispatcher(handlers, log);
    expect(await d.dispatch('system.ping', { nonce: 'n1' }, ctx)).toEqual({ ok: true, result: { nonce: 'n1', at: 'now' } });
    expect(await d.dispatch('health.get', undefined, ctx)).toEqual({ ok: true, result: { components: [] } });
  });

  it('answers an unknown command with a typed error and a log line', async () => {
    const { log, lines } = capturingLogger();
    const reply = await createDispatcher(handlers, log).dispatch('guides.delete', {}, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(lines.some((l) => l.msg === 'unknown command')).toBe(true);
  });

  it('lists every payload problem with its path', async () => {
    const { log } = capturingLogger();
    const reply = await createDispatcher(handlers, log).dispatch('guides.get', { id: 5, extra: true }, ctx);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid-payload');
    expect(reply.error.issues?.some((i) => i.startsWith('id:'))).toBe(true);
    expect(reply.error.issues?.some((i) => i.includes('extra'))).toBe(true);
  });

  it('keeps the list of payload problems short, however many keys a client made up', async () => {
    const { log, lines } = capturingLogger();
    const payload = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${'k'.repeat(1000)}${i}`, i]));
    const reply = await createDispatcher(handlers, log).dispatch('guides.get', payload, ctx);
    if (reply.ok) throw new Error('expected a refusal');
    expect(reply.error.issues!.length).toBeLessThanOrEqual(10);
    expect(reply.error.issues!.every((i) => i.length <= 200)).toBe(true);
    expect(JSON.stringify(lines.find((l) => l.msg === 'invalid payload')).length).toBeLessThan(4000);
  });

  it('passes a handler\'s typed error through', async () => {
    const { log } = capturingLogger();
    expect(await createDispatcher(handlers, log).dispatch('guides.get', { id: 'nope' }, ctx)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'No guide "nope"' },
    });
  });

  it('passes what a typed error tells beyond its message, and the reply still fits the contract', async () => {
    const { log } = capturingLogger();
    const reply = await createDispatcher(handlers, log).dispatch('staff.signIn', { pin: '0000' }, ctx);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'Wrong PIN (2 tries left).', signIn: { triesLeft: 2 } } });
    expect(reply.ok || apiError.strict().safeParse(reply.error).success).toBe(true);
  });

  it('turns a handler bug into an internal error in words, logging the stack only', async () => {
    const { log, lines } = capturingLogger();
    const reply = await createDispatcher(handlers, log).dispatch('kiosk.info', {}, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!reply.ok) expect(reply.error.message).not.toContain('secret stack');
    expect(lines.some((l) => l.msg === 'command handler failed')).toBe(true);
  });
});
