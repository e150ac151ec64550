/**
 * A fake WeCom API server (node:http on 127.0.0.1:0): gettoken, message/send, message/update_template_card,
 * webhook/send, user/get and department/get. It records every call and can inject errcodes (42001, 45009,
 * 60020, …), HTTP errors (5xx) and slow answers (timeouts), for the next calls or as an outage until
 * restored. Tests wait on recorded calls, never on sleeps.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake received. */
export interface RecordedCall {
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: any;
  /** 'ok', or what was injected: 'errcode 42001', 'http 502', 'delay 300'. */
  readonly outcome: string;
}

/** An injected failure: an errcode answer, an HTTP status, or a slow answer. */
export type Failure = { readonly errcode: number; readonly errmsg?: string } | { readonly status: number } | { readonly delayMs: number };

/** The credentials the fake accepts. */
export interface FakeWecomApiOptions {
  readonly corpId: string;
  readonly secret: string;
  readonly webhookKey?: string;
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeWecomApi(o: FakeWecomApiOptions) {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, Failure[]>();
  const outages = new Map<string, Failure>();
  const valid = new Set<string>();
  const expired = new Set<string>();
  const listeners = new Set<() => void>();
  const invalidUsers = new Set<string>();
  const users = new Map<string, { name: string; department: number[]; main_department?: number }>();
  const departments = new Map<number, string>();
  let n = 0;

  function handle(path: string, q: Record<string, string>, body: any): Record<string, unknown> {
    if (path === 'gettoken') {
      if (q.corpid !== o.corpId) return { errcode: 40013, errmsg: 'invalid corpid' };
      if (q.corpsecret !== o.secret) return { errcode: 40001, errmsg: 'invalid credential' };
      const token = `tok-${++n}`;
      valid.add(token);
      return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 };
    }
    if (path === 'webhook/send') {
      return q.key === o.webhookKey ? { errcode: 0, errmsg: 'ok' } : { errcode: 93000, errmsg: 'invalid webhook url' };
    }
    if (!valid.has(q.access_token ?? ''))
      return expired.has(q.access_token ?? '') ? { errcode: 42001, errmsg: 'access_token expired' } : { errcode: 40014, errmsg: 'invalid access_token' };
    if (path === 'message/send') {
      const to: string[] = (body.touser ?? '').split('|').filter(Boolean);
      const bad = to.filter((u) => invalidUsers.has(u));
      if (to.length > 0 && bad.length === to.length && !body.toparty) return { errcode: 81013, errmsg: 'user & party & tag all invalid' };
      return {
        errcode: 0,
        errmsg: 'ok',
        invaliduser: bad.map((u) => u.toLowerCase()).join('|'),
        msgid: `msg-${++n}`,
        ...(body.msgtype === 'template_card' ? { response_code: `send-rc-${n}` } : {}),
      };
    }
    if (path === 'message/update_template_card') return { errcode: 0, errmsg: 'ok' };
    if (path === 'user/get') {
      const u = users.get(q.userid ?? '');
      return u ? { errcode: 0, errmsg: 'ok', userid: q.userid, ...u } : { errcode: 60111, errmsg: 'userid not found' };
    }
    if (path === 'department/get') {
      const name = departments.get(Number(q.id));
      return name ? { errcode: 0, errmsg: 'ok', department: { id: Number(q.id), name, parentid: 1 } } : { errcode: 60123, errmsg: 'invalid party id' };
    }
    return { errcode: 404, errmsg: `fake has no ${path}` };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/cgi-bin\//, '');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const failure = failures.get(path)?.shift() ?? outages.get(path);
    const record = (outcome: string) => {
      calls.push({ path, query, body, outcome });
      for (const l of listeners) l();
    };
    const json = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (failure && 'errcode' in failure) {
      record(`errcode ${failure.errcode}`);
      return json(200, { errcode: failure.errcode, errmsg: failure.errmsg ?? `injected ${failure.errcode}` });
    }
    if (failure && 'status' in failure) {
      record(`http ${failure.status}`);
      return json(failure.status, { error: 'injected' });
    }
    if (failure && 'delayMs' in failure) {
      record(`delay ${failure.delayMs}`);
      await new Promise((r) => setTimeout(r, failure.delayMs));
      if (!res.destroyed) json(200, handle(path, query, body));
      return;
    }
    const payload = handle(path, query, body);
    record(payload.errcode === 0 ? 'ok' : `errcode ${String(payload.errcode)}`);
    json(200, payload);
  }

  const server = createServer((req, res) => {
    void onRequest(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callsTo = (path: string) => calls.filter((c) => c.path === path);
  return {
    url,
    calls,
    callsTo,
    /** Successful calls to a path, in order. */
    okCalls: (path: string) => callsTo(path).filter((c) => c.outcome === 'ok'),
    invalidUsers,
    users,
    departments,
    /** The next `times` calls to `path` fail as given. */
    failNext(path: string, failure: Failure, times = 1): void {
      failures.set(path, [...(failures.get(path) ?? []), ...Array.from({ length: times }, () => failure)]);
    },
    /** Every call to `path` fails as given until restore(path) (an outage of unknown length). */
    outage(path: string, failure: Failure): void {
      outages.set(path, failure);
    },
    /** Ends an outage. */
    restore(path: string): void {
      outages.delete(path);
    },
    /** Every token handed out so far now answers 42001. */
    expireTokens(): void {
      for (const t of valid) expired.add(t);
      valid.clear();
    },
    /**
     * Resolves once `until()` holds: checked on every recorded call, and every 10 ms for conditions that
     * settle after the bot has read an answer (e.g. a log line). Rejects after timeoutMs.
     */
    waitUntil(until: () => boolean, timeoutMs = 5000): Promise<void> {
      if (until()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const stop = () => {
          clearTimeout(timer);
          clearInterval(poll);
          listeners.delete(check);
        };
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`fake WeCom API: condition not met; calls: ${calls.map((c) => `${c.path}(${c.outcome})`).join(', ')}`));
        }, timeoutMs);
        const check = () => {
          if (until()) {
            stop();
            resolve();
          }
        };
        const poll = setInterval(check, 10);
        listeners.add(check);
      });
    },
    /** Waits for `count` successful calls to `path` and returns them. */
    async waitFor(path: string, count: number, timeoutMs = 5000): Promise<RecordedCall[]> {
      await this.waitUntil(() => callsTo(path).filter((c) => c.outcome === 'ok').length >= count, timeoutMs);
      return callsTo(path).filter((c) => c.outcome === 'ok');
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A running fake WeCom API. */
export type FakeWecomApi = Awaited<ReturnType<typeof startFakeWecomApi>>;
