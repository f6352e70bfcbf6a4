import WebSocket from 'ws';

export interface Frame {
  type: string;
  id?: unknown;
  ok?: boolean;
  result?: unknown;
  error?: { code: string; message: string; issues?: string[] };
  name?: string;
  payload?: unknown;
}

/** A plain WebSocket client for the kiosk API that collects every frame it receives. */
export class ApiClient {
  readonly frames: Frame[] = [];
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.#waiters = this.#waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
  }

  static connect(url: string, headers?: Record<string, string>): Promise<ApiClient> {
    const ws = new WebSocket(new URL('/api', url).toString().replace(/^http/, 'ws'), { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ApiClient(ws)));
      ws.once('error', reject);
    });
  }

  next(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame in time')), timeoutMs);
      this.#waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Sends raw text and waits for the reply with this id (null for replies that could not be matched). */
  async sendRaw(text: string | Buffer, expectId: unknown = null): Promise<Frame> {
    const before = this.frames.length;
    this.ws.send(text);
    return this.next((f) => this.frames.indexOf(f) >= before && f.type === 'reply' && f.id === expectId);
  }

  command(id: string | number, name: string, payload?: unknown): Promise<Frame> {
    return this.sendRaw(JSON.stringify({ type: 'command', id, name, payload }), id);
  }

  close(): void {
    this.ws.close();
  }
}
