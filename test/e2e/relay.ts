import type { Page, WebSocketRoute } from '@playwright/test';

type Reply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * The page's link to the core, passed through the test, which sees every command the page sends
 * and can play a slow link (hold commands back), a core that says no (answer one itself), or a
 * dropped link (the page reconnects on its own, as after a core restart). Install before goto.
 */
export class Relay {
  /** The name of every command the page has sent, in order. */
  readonly sent: string[] = [];
  #holding = new Set<string>();
  #held: (() => void)[] = [];
  #answers = new Map<string, Reply>();
  #page: WebSocketRoute | undefined;
  #down: Promise<void> | undefined;
  #restore: (() => void) | undefined;

  static async install(page: Page): Promise<Relay> {
    const relay = new Relay();
    await page.routeWebSocket(/\/api$/, async (ws) => {
      // While the link is cut the page's new socket stays connecting: it neither opens nor fails.
      await relay.#down;
      relay.#page = ws;
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type?: string; id?: number; name?: string };
        if (frame.type !== 'command' || !frame.name) return server.send(message);
        relay.sent.push(frame.name);
        const answer = relay.#answers.get(frame.name);
        if (answer) ws.send(JSON.stringify({ type: 'reply', id: frame.id, ...answer }));
        else if (relay.#holding.has(frame.name)) relay.#held.push(() => server.send(message));
        else server.send(message);
      });
    });
    return relay;
  }

  count(name: string): number {
    return this.sent.filter((n) => n === name).length;
  }

  /** Commands of this name wait (unseen by the core) until `release`. */
  hold(name: string): void {
    this.#holding.add(name);
  }

  release(): void {
    this.#holding.clear();
    for (const send of this.#held.splice(0)) send();
  }

  /** The relay answers commands of this name itself, the core never hearing of them; null: the core answers again. */
  answer(name: string, reply: Reply | null): void {
    if (reply) this.#answers.set(name, reply);
    else this.#answers.delete(name);
  }

  /** Drops the link; the page reconnects and gets through again. */
  async drop(): Promise<void> {
    await this.#page?.close();
  }

  /** Drops the link and keeps it down, whatever the page tries, until `restore`. */
  async cut(): Promise<void> {
    this.#down ??= new Promise((resolve) => (this.#restore = resolve));
    await this.#page?.close();
  }

  /** Lets the page's waiting reconnect through to the core. */
  restore(): void {
    this.#restore?.();
    this.#down = undefined;
    this.#restore = undefined;
  }
}
