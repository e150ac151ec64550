/**
 * A lean fake WeCom API for the callback benchmark (127.0.0.1, port 0): gettoken, message/send and
 * update_template_card, answering at once and without limits, remembering each member's latest question card
 * (its day.index ref and whether it is a 判断 card) so the simulated members can answer what they were shown.
 * The full fake with errors, limits and the contact API is test/fakes/fake-wecom-api.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ShownCard {
  /** The question's index in the day's quiz. */
  readonly index: number;
  readonly judge: boolean;
}

export async function startBenchWecomApi() {
  const calls = new Map<string, number>();
  const cards = new Map<string, ShownCard>();
  const waiters = new Map<string, Array<() => void>>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = url.pathname.replace(/^\/cgi-bin\//, '');
      calls.set(path, (calls.get(path) ?? 0) + 1);
      let answer: Record<string, unknown> = { errcode: 0, errmsg: 'ok' };
      if (path === 'gettoken') answer = { errcode: 0, errmsg: 'ok', access_token: 'bench-token', expires_in: 7200 };
      else if (path === 'message/send') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { touser?: string; template_card?: { task_id: string; card_type: string } };
        const card = body.template_card;
        const m = card && /^pq_((?:[0-9a-f]{2})+)_/.exec(card.task_id);
        if (m && body.touser) {
          const ref = Buffer.from(m[1]!, 'hex').toString('utf8');
          const index = Number(ref.split('.').at(-1));
          cards.set(body.touser, { index, judge: card.card_type === 'button_interaction' });
          for (const w of waiters.get(body.touser) ?? []) w();
          waiters.delete(body.touser);
        }
        answer = { errcode: 0, errmsg: 'ok', invaliduser: '', msgid: 'm' };
      }
      const text = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The member's card for question `index`, waiting up to `timeoutMs` for it to arrive. */
  async function cardFor(userId: string, index: number, timeoutMs: number): Promise<ShownCard | undefined> {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const c = cards.get(userId);
      if (c && c.index >= index) return c;
      const left = until - performance.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const list = waiters.get(userId) ?? [];
        list.push(resolve);
        waiters.set(userId, list);
        setTimeout(resolve, left);
      });
    }
  }

  return {
    url,
    cardFor,
    calls: (path: string) => calls.get(path) ?? 0,
    totalCalls: () => [...calls.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type BenchWecomApi = Awaited<ReturnType<typeof startBenchWecomApi>>;
