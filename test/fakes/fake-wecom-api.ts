/**
 * A fake WeCom API server (node:http on 127.0.0.1:0): gettoken, message/send, message/update_template_card,
 * message/recall (msgid within 24 h), webhook/send, and the contact API of a self-built app over a FakeOrg (department/simplelist,
 * department/get, user/list, user/simplelist, user/get, in the shapes of path/95406, 95407, 96260, 96259,
 * 90196; only the app's 可见范围 is served, 60011 outside it; no mobile, as for apps made after 2022-06-20).
 * It records every call, enforces WeCom's limit of 10,000 calls a minute per API (45009, contacts.md §1.7),
 * and can inject errcodes (42001, 45009, 60020, …), HTTP errors (5xx) and slow answers (timeouts), for the
 * next calls or as an outage until restored.
 * Tests wait on recorded calls, never on sleeps.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeOrg, type OrgMember, createFakeOrg } from './fake-org.js';
import { createFakeWecomOauth } from './fake-wecom-oauth.js';

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
  /** The organisation the contact API serves (default: a root department only). */
  readonly org?: FakeOrg;
  /** OAuth2 网页授权: the app's 可信域名 (host[:port]) the redirect_uri must match; unset = any. */
  readonly trustedDomain?: string;
  /** The fake's clock for OAuth codes (default: real time). */
  readonly now?: () => number;
}

/** WeCom's per-API, per-corp limit (path/90454). */
export const WECOM_PER_MINUTE = 10_000;

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeWecomApi(o: FakeWecomApiOptions) {
  const calls: RecordedCall[] = [];
  const failures = new Map<string, Array<{ failure: Failure; match?: Readonly<Record<string, string>> }>>();
  const outages = new Map<string, Failure>();
  const valid = new Set<string>();
  const expired = new Set<string>();
  const listeners = new Set<() => void>();
  const invalidUsers = new Set<string>();
  const org = o.org ?? createFakeOrg();
  /** Call times per path (real time: the limits are real-time limits). */
  const times = new Map<string, number[]>();
  let n = 0;
  const now = o.now ?? (() => Date.now());
  /** message/send's messages by msgid (for message/recall) and what was recalled. */
  const messages = new Map<string, { at: number; users: readonly string[]; recalled?: boolean }>();
  const recalled: Array<{ msgid: string; users: readonly string[] }> = [];
  const remember = (msgid: string, users: readonly string[]) => {
    messages.set(msgid, { at: now(), users });
    return msgid;
  };
  const oauth = createFakeWecomOauth({ corpId: o.corpId, trustedDomain: o.trustedDomain, now: o.now ?? (() => Date.now()) });

  const userJson = (u: OrgMember, full: boolean) => {
    const depts = u.departments.filter((d) => org.isVisible(d));
    if (!full) return { userid: u.userid, name: u.name, department: depts, open_userid: `wo${u.userid}` };
    return {
      userid: u.userid,
      name: u.name,
      department: depts,
      order: depts.map(() => 0),
      position: u.position ?? '',
      is_leader_in_dept: depts.map((d) => (u.leaderIn.includes(d) ? 1 : 0)),
      direct_leader: [],
      main_department: u.main ?? depts[0],
      status: u.status,
    };
  };
  const deptParam = (q: Record<string, string>, name: string) => Number(q[name]);

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
        msgid: remember(`msg-${++n}`, to),
        ...(body.msgtype === 'template_card' ? { response_code: `send-rc-${n}` } : {}),
      };
    }
    if (path === 'message/update_template_card') return { errcode: 0, errmsg: 'ok' };
    if (path === 'message/recall') {
      // wecom.md §3: the msgid of message/send recalls the message, within 24 hours. The errcode for an unknown
      // or too old msgid is not in our notes; the fake answers a nonzero one (the client treats any as refused).
      const m = messages.get(String(body.msgid ?? ''));
      if (!m || m.recalled || now() - m.at > 24 * 3600_000) return { errcode: 40008, errmsg: 'invalid msgid or message can not be recalled' };
      m.recalled = true;
      recalled.push({ msgid: String(body.msgid), users: m.users });
      return { errcode: 0, errmsg: 'ok' };
    }
    if (path === 'auth/getuserinfo') return oauth.getUserInfo(q);
    if (path === 'department/simplelist') {
      const from = q.id ? Number(q.id) : undefined;
      if (from !== undefined && !org.departments.has(from)) return { errcode: 60123, errmsg: 'invalid party id' };
      const inside = (id: number) => from === undefined || id === from || [...ancestors(id)].includes(from);
      const list = [...org.departments.values()].filter((d) => org.isVisible(d.id) && inside(d.id));
      return { errcode: 0, errmsg: 'ok', department_id: list.map((d) => ({ id: d.id, parentid: d.parentId ?? 0, order: d.order })) };
    }
    if (path === 'department/get') {
      const d = org.departments.get(deptParam(q, 'id'));
      if (!d) return { errcode: 60123, errmsg: 'invalid party id' };
      if (!org.isVisible(d.id)) return { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' };
      return {
        errcode: 0,
        errmsg: 'ok',
        department: { id: d.id, name: d.name, name_en: '', department_leader: d.leaders, parentid: d.parentId ?? 0, order: d.order },
      };
    }
    if (path === 'user/list' || path === 'user/simplelist') {
      const id = deptParam(q, 'department_id');
      if (!org.departments.has(id)) return { errcode: 60123, errmsg: 'invalid party id' };
      if (!org.isVisible(id)) return { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' };
      return { errcode: 0, errmsg: 'ok', userlist: org.membersOf(id).map((u) => userJson(u, path === 'user/list')) };
    }
    if (path === 'user/get') {
      const u = org.members.get(q.userid ?? '');
      if (!u || u.status === 5) return { errcode: 60111, errmsg: 'userid not found' };
      if (!org.memberVisible(u)) return { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' };
      return { errcode: 0, errmsg: 'ok', ...userJson(u, true) };
    }
    return { errcode: 404, errmsg: `fake has no ${path}` };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (oauth.authorize(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/cgi-bin\//, '');
    const query = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const now = Date.now();
    const seen = times.get(path) ?? [];
    seen.push(now);
    times.set(path, seen);
    const lastMinute = seen.length - seen.findIndex((t) => t > now - 60_000);
    const queued = failures.get(path) ?? [];
    const at = queued.findIndex((f) => !f.match || Object.entries(f.match).every(([k, v]) => query[k] === v));
    const injected = (at >= 0 ? queued.splice(at, 1)[0]!.failure : undefined) ?? outages.get(path);
    const failure: Failure | undefined =
      injected ?? (path !== 'gettoken' && lastMinute > WECOM_PER_MINUTE ? { errcode: 45009, errmsg: 'api freq out of limit' } : undefined);
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

  function* ancestors(id: number) {
    for (let at = org.departments.get(id)?.parentId, k = 0; at !== undefined && k < 50; at = org.departments.get(at)?.parentId, k++) yield at;
  }

  const callsTo = (path: string) => calls.filter((c) => c.path === path);
  return {
    url,
    calls,
    callsTo,
    /** Messages taken back by message/recall. */
    recalled,
    /** Successful calls to a path, in order. */
    okCalls: (path: string) => callsTo(path).filter((c) => c.outcome === 'ok'),
    invalidUsers,
    org,
    /** OAuth2 网页授权: `oauth.client.user` is who is signed in to the WeCom client; the authorize URL is `${url}/connect/oauth2/authorize`. */
    oauth,
    /** Most calls to one path within any second, and within any minute (the benchmark shows them beside the limit). */
    peakRate(path: string): { perSecond: number; perMinute: number } {
      const t = times.get(path) ?? [];
      let perSecond = 0;
      let perMinute = 0;
      for (let i = 0, j = 0, k = 0; i < t.length; i++) {
        while (t[i]! - t[j]! >= 1000) j++;
        while (t[i]! - t[k]! >= 60_000) k++;
        perSecond = Math.max(perSecond, i - j + 1);
        perMinute = Math.max(perMinute, i - k + 1);
      }
      return { perSecond, perMinute };
    },
    /** The next `times` calls to `path` fail as given. */
    failNext(path: string, failure: Failure, times = 1): void {
      failures.set(path, [...(failures.get(path) ?? []), ...Array.from({ length: times }, () => ({ failure }))]);
    },
    /** The next call to `path` whose query has these values fails as given. */
    failWhen(path: string, match: Readonly<Record<string, string>>, failure: Failure): void {
      failures.set(path, [...(failures.get(path) ?? []), { failure, match }]);
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
