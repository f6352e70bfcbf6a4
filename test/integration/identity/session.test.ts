import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_DECK } from '../../../drivers/idcard/index.ts';
import type { ResidentView } from '../../../main/api/identity.ts';
import { residentKey } from '../../../main/services/identity/secret.ts';
import { VISIT_RETENTION_MS } from '../../../main/services/identity/service.ts';
import { FAST, WHERE, createIdentityRig, type IdentityRig } from './support.ts';

/**
 * The resident session on the real reader driver, over a real pty, with the simulator on the far
 * end: cards are laid down and lifted as a person would, and the screen's events are checked.
 */

let rig: IdentityRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const SECRET = Buffer.alloc(32, 1);
const opened = (view: ResidentView | null): view is ResidentView => view !== null;

async function greet(r: IdentityRig, card: keyof typeof SIMULATOR_DECK): Promise<ResidentView> {
  const session = r.next('identity.session', (p) => opened(p.session) && p.session.cardOnReader);
  r.reader.place(card);
  return (await session).session!;
}

async function lift(r: IdentityRig): Promise<ResidentView | null> {
  const session = r.next('identity.session', (p) => p.session?.cardOnReader !== true);
  r.reader.lift();
  return (await session).session;
}

describe('a resident session', () => {
  it('opens on a card with a greeting, and records a visit under the HMAC key only', async () => {
    const r = (rig = await createIdentityRig({ secret: SECRET }));
    const view = await greet(r, 'resident');
    expect(view).toMatchObject({
      greeting: { zh: '张阿姨，您好', en: 'Hello, Ms Zhang' },
      surname: '张',
      maskedNumber: '1101**********002X',
      cardType: 'resident',
      expiry: 'long-term',
      ageBand: { id: 'senior' },
      eligible: expect.arrayContaining([expect.objectContaining({ guideId: 'laonian-youdaizheng' })]),
    });
    expect(r.service.status().session?.sessionId).toBe(view.sessionId);
    const visits = await r.store.all<{ resident_key: string; at: string }>('SELECT resident_key, at FROM resident_visits');
    expect(visits.map((v) => v.resident_key)).toEqual([residentKey(SECRET, SIMULATOR_DECK.resident.text.idNumber)]);
  });

  it('keeps visits for a year: recording one clears those older than that', async () => {
    const r = (rig = await createIdentityRig({ secret: SECRET }));
    const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
    await r.store.run('INSERT INTO resident_visits (resident_key, at) VALUES (?, ?), (?, ?)', [
      'old-key', ago(VISIT_RETENTION_MS + 86_400_000),
      'recent-key', ago(86_400_000),
    ]);
    await greet(r, 'resident');
    await expect
      .poll(async () => (await r.store.all<{ resident_key: string }>('SELECT resident_key FROM resident_visits ORDER BY at')).map((v) => v.resident_key))
      .toEqual(['recent-key', residentKey(SECRET, SIMULATOR_DECK.resident.text.idNumber)]);
  });

  it('stays open when the card is lifted, and carries on when the same card comes back', async () => {
    const r = (rig = await createIdentityRig({ timing: { liftedIdleMs: 10_000 } }));
    const first = await greet(r, 'resident');
    const afterLift = await lift(r);
    expect(afterLift).toMatchObject({ sessionId: first.sessionId, cardOnReader: false });
    const again = await greet(r, 'resident');
    expect(again.sessionId).toBe(first.sessionId);
    expect(await r.store.all('SELECT * FROM resident_visits')).toHaveLength(1);
  });

  it('after a lift, asks whether the person is still there, then ends — with no reminder', async () => {
    const r = (rig = await createIdentityRig());
    await greet(r, 'resident');
    const liftedAt = Date.now();
    const warned = r.next('identity.session', (p) => p.session?.endsAt !== undefined, 6_000);
    const ended = r.next('identity.session', (p) => p.session === null, 6_000);
    r.reader.lift();
    const view = (await warned).session!;
    expect(Date.now() - liftedAt).toBeGreaterThanOrEqual(FAST.liftedIdleMs);
    expect(Date.parse(view.endsAt!) - Date.now()).toBeLessThanOrEqual(FAST.warningMs);
    await ended;
    expect(r.events.some((e) => e.name === 'identity.card-reminder')).toBe(false);
  });

  it('ends a lifted session on time even when the wall clock is stepped back an hour', async () => {
    let behind = 0;
    const r = (rig = await createIdentityRig({ now: () => Date.now() - behind }));
    await greet(r, 'resident');
    const ended = r.next('identity.session', (p) => p.session === null, 8_000);
    await lift(r);
    behind = 3_600_000;
    await ended;
  });

  it('a touch keeps a lifted session open past its idle time', async () => {
    const r = (rig = await createIdentityRig({ timing: { liftedIdleMs: 1_000 } }));
    await greet(r, 'resident');
    await lift(r);
    const touching = setInterval(() => r.service.activity(), 300);
    try {
      // Well past the 1 s idle time and the 0.8 s question after it: no question comes.
      await expect(r.next('identity.session', (p) => p.session?.endsAt !== undefined, 2_500)).rejects.toThrow(/timed out/);
    } finally {
      clearInterval(touching);
    }
    expect(r.service.status().session).not.toBeNull();
  });

  it('a different card ends the first session and opens its own', async () => {
    const r = (rig = await createIdentityRig({ timing: { liftedIdleMs: 10_000 } }));
    const first = await greet(r, 'resident');
    await lift(r);
    const second = await greet(r, 'residentDated');
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.greeting.zh).toBe('王叔叔，您好');
    expect(r.logLines.some((l) => l.msg === 'resident session ended' && l.reason === 'other-card')).toBe(true);
  });
});

describe('a card left on the reader', () => {
  it('"done" with the card still there calls it back, again and again, until it is lifted', async () => {
    const r = (rig = await createIdentityRig());
    await greet(r, 'resident');
    const reminded = r.next('identity.card-reminder', (p) => p.active);
    expect(r.service.done()).toBe(true);
    expect(await reminded).toEqual({ active: true, where: WHERE });
    expect(r.service.status()).toEqual({ session: null, reminder: { active: true, where: WHERE } });
    const since = r.events.length;
    await r.next('identity.card-reminder', (p) => p.active);
    await r.next('identity.card-reminder', (p) => p.active);
    const repeats = r.events.slice(since).filter((e) => e.name === 'identity.card-reminder');
    expect(repeats.length).toBeGreaterThanOrEqual(2);
    const off = r.next('identity.card-reminder', (p) => !p.active);
    r.reader.lift();
    await off;
    expect(r.service.status().reminder.active).toBe(false);
  });

  it('an idle session with the card on the reader ends into the reminder; staff can dismiss it', async () => {
    const r = (rig = await createIdentityRig());
    await greet(r, 'expired');
    const ended = r.next('identity.session', (p) => p.session === null, 6_000);
    const reminded = r.next('identity.card-reminder', (p) => p.active, 6_000);
    await ended;
    await reminded;
    const off = r.next('identity.card-reminder', (p) => !p.active);
    expect(r.service.dismissReminder()).toBe(true);
    await off;
    expect(r.service.dismissReminder()).toBe(false);
  });

  it('read again by a reader unplugged and plugged back in, it is still called back: nobody is greeted, no visit', async () => {
    const r = (rig = await createIdentityRig({ timing: { presentIdleMs: 60_000 } }));
    await greet(r, 'resident');
    const reminded = r.next('identity.card-reminder', (p) => p.active);
    r.service.done();
    await reminded;
    const lost = new Promise((resolve) => r.devices.idcard.once('card-removed', resolve));
    await r.reader.unplug();
    await lost;
    const reread = new Promise((resolve) => r.devices.idcard.once('card', resolve));
    const since = r.events.length;
    await r.reader.replug();
    await reread;
    await r.next('identity.card-reminder', (p) => p.active);
    expect(r.events.slice(since).filter((e) => e.name === 'identity.session')).toEqual([]);
    expect(r.service.status()).toEqual({ session: null, reminder: { active: true, where: WHERE } });
    expect(await r.store.all('SELECT * FROM resident_visits')).toHaveLength(1);
  });

  it('a session that ends after the card was lifted says nothing about a card', async () => {
    const r = (rig = await createIdentityRig({ timing: { liftedIdleMs: 10_000 } }));
    await greet(r, 'resident');
    await lift(r);
    expect(r.service.done()).toBe(true);
    expect(r.service.status().reminder.active).toBe(false);
    expect(r.service.done()).toBe(false);
  });
});

describe('other cards', () => {
  it('a staff card opens staff mode with a working token, and greets nobody', async () => {
    const staffNumber = SIMULATOR_DECK.residentDated.text.idNumber;
    const r = (rig = await createIdentityRig({ secret: SECRET, staffCardKeys: [residentKey(SECRET, staffNumber).toUpperCase()] }));
    const staffMode = r.next('identity.staff-card');
    r.reader.place('residentDated');
    const { token } = await staffMode;
    expect(() => r.staff.require(token)).not.toThrow();
    expect(r.events.filter((e) => e.name === 'identity.session')).toEqual([]);
    expect(await r.store.all('SELECT * FROM resident_visits')).toEqual([]);
  });

  it("passes on the reader's words for a card it cannot read", async () => {
    const r = (rig = await createIdentityRig());
    const problem = r.next('identity.card-problem');
    r.reader.place('failsAuthentication');
    expect((await problem).message.zh).toContain('再平放到读卡区上');
    expect(r.service.status().session).toBeNull();
  });

  it('a card that cannot be read, laid down after the last one was lifted, takes that session off the screen first', async () => {
    const r = (rig = await createIdentityRig({ timing: { liftedIdleMs: 10_000 } }));
    const first = await greet(r, 'resident');
    await lift(r);
    const problem = r.next('identity.card-problem');
    r.reader.place('failsAuthentication');
    await problem;
    const names = r.events.map((e) => e.name);
    const cleared = r.events.findIndex((e) => e.name === 'identity.session' && e.payload.session === null);
    expect(cleared).toBeGreaterThan(-1);
    expect(cleared).toBeLessThan(names.lastIndexOf('identity.card-problem'));
    expect(r.service.status().session).toBeNull();
    expect(r.logLines.some((l) => l.msg === 'resident session ended' && l.session === first.sessionId && l.reason === 'other-card')).toBe(true);
  });

  it('a different card whose greeting cannot be made ends the session before, and opens none', async () => {
    let titlesWork = true;
    const r = (rig = await createIdentityRig({
      timing: { liftedIdleMs: 10_000 },
      guideTitle: (id) => {
        if (!titlesWork) throw new Error('guide index gone');
        return { zh: id, en: id };
      },
    }));
    await greet(r, 'residentDated');
    await lift(r);
    titlesWork = false;
    const cleared = r.next('identity.session', (p) => p.session === null);
    const problem = r.next('identity.card-problem');
    r.reader.place('resident');
    await cleared;
    expect((await problem).message.zh).toBe('现在不能用身份证办事，请找工作人员帮忙。');
    expect(r.service.status().session).toBeNull();
    expect(await r.store.all('SELECT * FROM resident_visits')).toHaveLength(1);
  });

  it('without a site secret, turns cards away with a word to ask staff, and stores nothing', async () => {
    const r = (rig = await createIdentityRig({ secret: null }));
    const problem = r.next('identity.card-problem');
    r.reader.place('resident');
    expect((await problem).message.zh).toBe('现在不能用身份证办事，请找工作人员帮忙。');
    expect(r.service.status().session).toBeNull();
    expect(await r.store.all('SELECT * FROM resident_visits')).toEqual([]);
  });
});
