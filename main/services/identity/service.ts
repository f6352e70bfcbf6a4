import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { CardEvent, CardReader } from '../../../drivers/idcard/index.ts';
import type { CardReminder, ResidentView } from '../../api/identity.ts';
import type { IdentityRules, LocalizedText } from '../../content/schema.ts';
import { setDeadlineTimer } from '../../core/deadline-timer.ts';
import type { EventBus } from '../../core/events.ts';
import type { Store } from '../../store/database.ts';
import { IDLE, nextDeadline, transition, type SessionEffect, type SessionInput, type SessionState, type SessionTiming } from './machine.ts';
import { residentKey } from './secret.ts';
import { cardView, localDate, type CardView } from './view.ts';

export interface IdentityOptions {
  reader: Pick<CardReader, 'on' | 'start'>;
  /** Undefined when the site secret could not be read: cards are then turned away with a word to ask staff. */
  secret: Buffer | undefined;
  rules: IdentityRules | undefined;
  guideTitle(id: string): LocalizedText | undefined;
  /** HMACs (hex) of staff members' ID cards, from the site file. */
  staffCardKeys: readonly string[];
  staff: { issueForCard(): { token: string; expiresAt: string } };
  events: Pick<EventBus, 'publish'>;
  store: Pick<Store, 'transaction'>;
  log: Logger;
  timing: SessionTiming;
  /** Where the reader is, for the reminder. */
  where: LocalizedText;
  now?: () => number;
}

/**
 * Visits are kept for a year and no longer: a year covers a hall's yearly count of residents
 * served, and even keyed by a hash, a person's history of visits is theirs.
 */
export const VISIT_RETENTION_MS = 365 * 24 * 60 * 60_000;

const UNAVAILABLE: LocalizedText = {
  zh: '现在不能用身份证办事，请找工作人员帮忙。',
  en: 'ID cards cannot be used here right now. Please ask a member of staff.',
};

/**
 * Runs the resident session: reader events and screen commands go through the pure machine,
 * and its effects become events for the screen, a visit row and staff mode. The card itself is
 * turned into a key and a view the moment it arrives, and goes no further.
 */
export class IdentityService {
  readonly #o: IdentityOptions;
  readonly #now: () => number;
  readonly #staffKeys: ReadonlySet<string>;
  readonly #unsubscribe: (() => void)[] = [];
  #state: SessionState<CardView> = IDLE;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: IdentityOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#staffKeys = new Set(options.staffCardKeys.map((k) => k.toLowerCase()));
  }

  /** Listens before the reader starts, so a card already lying there is not missed. */
  start(): void {
    const { reader } = this.#o;
    this.#unsubscribe.push(
      reader.on('card', (event) => this.#cardRead(event)),
      reader.on('card-removed', (event) => void this.#apply({ type: 'card-removed', reason: event.reason })),
      reader.on('card-problem', (event) => this.#cardProblem(undefined, plain(event.status.message))),
    );
    reader.start();
  }

  stop(): void {
    this.#stopped = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    clearTimeout(this.#timer);
  }

  status(): { session: ResidentView | null; reminder: CardReminder } {
    return { session: this.#view(), reminder: this.#reminder() };
  }

  /** "完成": true when a session was open. */
  done(): boolean {
    return this.#apply({ type: 'done' }).some((e) => e.type === 'ended');
  }

  activity(): void {
    this.#apply({ type: 'activity' });
  }

  /** Staff take the reminder down; true when one was up. */
  dismissReminder(): boolean {
    return this.#apply({ type: 'dismiss' }).length > 0;
  }

  #cardRead({ read }: CardEvent): void {
    const { secret, log } = this.#o;
    if (!secret) {
      this.#o.events.publish('identity.card-problem', { message: UNAVAILABLE });
      return;
    }
    const key = residentKey(secret, read.text.idNumber);
    if (this.#staffKeys.has(key)) {
      this.#apply({ type: 'staff-card' });
      return;
    }
    let view: CardView;
    try {
      view = cardView(read.text, { today: localDate(new Date(this.#now())), rules: this.#o.rules, guideTitle: this.#o.guideTitle });
    } catch (error) {
      // Only the name: a message could quote the card.
      log.error({ error: (error as Error)?.name }, 'could not build the greeting for a card');
      this.#cardProblem(key, UNAVAILABLE);
      return;
    }
    this.#apply({ type: 'card', key, sessionId: randomUUID(), view });
  }

  /** The session before is taken down first, so the words are never shown under someone else's name. */
  #cardProblem(key: string | undefined, message: LocalizedText): void {
    this.#apply({ type: 'card-problem', key });
    this.#o.events.publish('identity.card-problem', { message });
  }

  /** `due`: a tick's deadline (setDeadlineTimer); a wall clock stepped back must not keep one resident's details up for the next. */
  #apply(input: SessionInput<CardView>, due = -Infinity): SessionEffect[] {
    if (this.#stopped) return [];
    const before = this.#state;
    const step = transition(before, input, Math.max(this.#now(), due), this.#o.timing);
    this.#state = step.state;
    if (step.state.name === 'reminding' && before.name !== 'reminding') this.#o.log.info('ID card left on the reader; asking for it to be taken');
    for (const effect of step.effects) this.#do(effect);
    this.#schedule();
    return step.effects;
  }

  #do(effect: SessionEffect): void {
    const { events, log } = this.#o;
    switch (effect.type) {
      case 'show':
        events.publish('identity.session', { session: this.#view() });
        return;
      case 'ended':
        log.info({ session: effect.sessionId, reason: effect.reason }, 'resident session ended');
        return;
      case 'record-visit':
        if (this.#state.name === 'open') log.info({ session: this.#state.session.id, cardType: this.#state.session.view.cardType }, 'resident session opened');
        this.#recordVisit(effect.key);
        return;
      case 'reminder':
        events.publish('identity.card-reminder', this.#reminder());
        return;
      case 'staff-mode': {
        log.info('staff card read; opening staff mode');
        events.publish('identity.staff-card', this.#o.staff.issueForCard());
        return;
      }
    }
  }

  #view(): ResidentView | null {
    const state = this.#state;
    if (state.name !== 'open') return null;
    const { session, card, warnedAt } = state;
    return {
      ...session.view,
      sessionId: session.id,
      cardOnReader: card === 'on-reader',
      ...(warnedAt === undefined ? {} : { endsAt: new Date(warnedAt + this.#o.timing.warningMs).toISOString() }),
    };
  }

  /** A visit goes in, and visits older than VISIT_RETENTION_MS go out, together. */
  #recordVisit(key: string): void {
    const now = this.#now();
    this.#o.store
      .transaction(async (tx) => {
        await tx.run('INSERT INTO resident_visits (resident_key, at) VALUES (?, ?)', [key, new Date(now).toISOString()]);
        await tx.run('DELETE FROM resident_visits WHERE at < ?', [new Date(now - VISIT_RETENTION_MS).toISOString()]);
      })
      .catch((err: unknown) => this.#o.log.warn({ err }, 'could not record a resident visit'));
  }

  #reminder(): CardReminder {
    return { active: this.#state.name === 'reminding', where: this.#o.where };
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const due = nextDeadline(this.#state, this.#o.timing);
    if (due === undefined || this.#stopped) return;
    // No deadline is ever further off than the longest of the timings.
    const longest = Math.max(...Object.values(this.#o.timing));
    this.#timer = setDeadlineTimer(due, this.#now(), longest, (at) => this.#apply({ type: 'tick' }, at));
  }
}

/** The driver's words, without anything else it carries. */
function plain(text: { zh: string; en: string }): LocalizedText {
  return { zh: text.zh, en: text.en };
}
