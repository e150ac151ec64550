/**
 * A fake DingTalk on 127.0.0.1 (one node:http server): the Stream gateway (connections/open + a WebSocket that
 * speaks the documented frames and checks our acks), the sessionWebhook, the v1.0 access token and robot send
 * APIs (injectable throttling, errcode ≠ 0, 5xx), the legacy gettoken, the custom robot, and the rate-limited
 * contact API over a FakeOrg (fake-dingtalk-contacts.ts). Stream delivery is at-least-once like the real
 * gateway: a CALLBACK or EVENT stays pending until acked and is redelivered on the next connection; events go
 * only to connections that subscribed to them. Signing and encryption use node:crypto, independent of src/.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { CONTACT_PATHS, createFakeDingtalkContacts, encryptEvent } from './fake-dingtalk-contacts.js';
import { callbackFrame, eventFrame, robotMessage, robotPayload, systemFrame, waitUntil, webhookMessage } from './fake-dingtalk-frames.js';
import { type FakeOrg, createFakeOrg } from './fake-org.js';
import { createFakeDingtalkAuth } from './fake-dingtalk-auth.js';

export { DINGTALK_PER_IP_20S, DINGTALK_PER_SECOND } from './fake-dingtalk-contacts.js';
export { tapTargets } from './fake-dingtalk-frames.js';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

/** One message that reached a person or group, by any route. */
export interface Sent {
  readonly via: 'session' | 'batchSend' | 'group' | 'robot';
  /** userId for 1:1, conversationId for groups, 'robot' for the custom robot. */
  readonly to: string;
  readonly msgtype: 'text' | 'markdown';
  readonly text: string;
  readonly title?: string;
  readonly atUserIds?: readonly string[];
  readonly query?: Readonly<Record<string, string>>;
}

export interface Failure {
  /** Answer as the egress-IP ban does: HTTP 200 with `{"status":1111,…}` and no errcode. */
  readonly ban?: boolean;
  readonly status?: number;
  readonly errcode?: number;
  readonly errmsg?: string;
  readonly code?: string;
}

export interface SayOptions {
  readonly userId: string;
  readonly text: string;
  readonly msgId?: string;
  readonly group?: boolean;
  readonly msgtype?: string;
  /** Session lifetime from now (default 90 min); negative = already expired. */
  readonly sessionTtlMs?: number;
}

interface Sock {
  readonly ws: WebSocket;
  draining: boolean;
  /** The connection subscribed to EVENT `*` (else the gateway sends it no events). */
  readonly events: boolean;
}

export interface FakeDingtalkOptions {
  readonly now: () => Date;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly webhookToken?: string;
  readonly webhookSecret?: string;
  /** How long after a SYSTEM disconnect the gateway closes the socket (real: ~10 s). */
  readonly disconnectCloseMs?: number;
  /** The organisation the contact API serves (default: the root department only). */
  readonly org?: FakeOrg;
}

const b64sign = (secret: string, ts: string) => createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');

export async function startFakeDingtalk(opts: FakeDingtalkOptions) {
  const clientId = opts.clientId ?? 'dingtestapp';
  const clientSecret = opts.clientSecret ?? 'test-app-secret';
  const events = new EventEmitter();
  const changed = () => events.emit('change');
  const sent: Sent[] = [];
  const calls: Array<{ path: string; body: unknown }> = [];
  const protocolErrors: string[] = [];
  const acks: Array<{ messageId: string; data: string }> = [];
  const sessions = new Map<string, { userId: string; conversationId: string; group: boolean; expiresAt: number }>();
  const appTokens = new Set<string>();
  const legacyTokens = new Set<string>();
  const tickets = new Map<string, boolean>();
  const pending = new Map<string, string>(); // frame messageId → frame JSON, until acked
  const sockets: Sock[] = [];
  const failures = new Map<string, Failure[]>();
  const outages = new Map<string, Failure>();
  const throttled = new Map<string, number>();
  const robotSends: number[] = [];
  /** batchSend's processQueryKeys → the users the message reached (for batchRecall), and what was recalled. */
  const oto = new Map<string, { users: string[]; recalled?: boolean }>();
  const recalled: Array<{ processQueryKey: string; users: readonly string[] }> = [];
  const state = {
    connectionAttempts: 0,
    upgrades: 0,
    tokenRequests: 0,
    legacyTokenRequests: 0,
    refuseOpen: 0,
    rejectUpgrade: 0,
    silent: false,
  };
  const invalidUsers = new Set<string>();
  const org = opts.org ?? createFakeOrg();
  const contacts = createFakeDingtalkContacts(org);
  const auth = createFakeDingtalkAuth(() => opts.now().getTime());
  let url = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    return raw ? JSON.parse(raw) : undefined;
  };
  const record = (s: Sent) => {
    sent.push(s);
    changed();
  };
  const authFail = (res: ServerResponse) => json(res, 400, { code: 'InvalidAuthentication', requestid: randomUUID(), message: '不合法的access_token' });

  function active(): Sock | undefined {
    return [...sockets].reverse().find((s) => !s.draining && s.ws.readyState === s.ws.OPEN);
  }
  function flush(): void {
    const s = active();
    if (s) for (const frame of pending.values()) if (s.events || JSON.parse(frame).type !== 'EVENT') s.ws.send(frame);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const path = u.pathname;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    calls.push({ path, body });
    const queued = failures.get(path)?.shift() ?? outages.get(path);
    if (queued) {
      if (queued.ban) return json(res, 200, { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: randomUUID() });
      if (queued.status && queued.status >= 500) return void res.writeHead(queued.status).end('Internal Server Error');
      if (queued.code) return json(res, queued.status ?? 400, { code: queued.code, message: queued.errmsg ?? 'error' });
      return json(res, 200, { errcode: queued.errcode, errmsg: queued.errmsg ?? 'error' });
    }
    const q = Object.fromEntries(u.searchParams);
    const token = req.headers['x-acs-dingtalk-access-token'] as string | undefined;
    if (CONTACT_PATHS.has(path)) {
      if (!legacyTokens.has(q.access_token ?? '')) return json(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
      return json(res, 200, contacts.handle(path, body ?? {}));
    }
    if (path === '/__fake/dd/authcode') return json(res, 200, { code: auth.mint(q.user ?? '') });
    if (path === '/topapi/v2/user/getuserinfo') {
      if (!legacyTokens.has(q.access_token ?? '')) return json(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
      return json(res, 200, auth.getUserInfo(body));
    }
    switch (path) {
      case '/v1.0/gateway/connections/open': {
        state.connectionAttempts++;
        changed();
        if (state.refuseOpen > 0) {
          state.refuseOpen--;
          return void res.writeHead(503).end('busy');
        }
        if (!String(req.headers.accept).includes('application/json')) protocolErrors.push('connections/open without Accept: application/json');
        if (body?.clientId !== clientId || body?.clientSecret !== clientSecret) return json(res, 401, { code: 'InvalidClient', message: 'bad client' });
        if (!body.subscriptions?.some((s: any) => s.type === 'CALLBACK' && s.topic === ROBOT_TOPIC)) protocolErrors.push('no robot CALLBACK subscription');
        const ticket = randomUUID();
        tickets.set(
          ticket,
          body.subscriptions.some((s: any) => s.type === 'EVENT' && s.topic === '*'),
        );
        return json(res, 200, { endpoint: `${url.replace('http', 'ws')}/connect`, ticket });
      }
      case '/v1.0/oauth2/accessToken': {
        state.tokenRequests++;
        if (body?.appKey !== clientId || body?.appSecret !== clientSecret)
          return json(res, 400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
        const t = `app-${randomUUID()}`;
        appTokens.add(t);
        return json(res, 200, { accessToken: t, expireIn: 7200 });
      }
      case '/gettoken': {
        state.legacyTokenRequests++;
        if (q.appkey !== clientId || q.appsecret !== clientSecret) return json(res, 200, { errcode: 40089, errmsg: '不合法的corpid或corpsecret' });
        const t = `legacy-${randomUUID()}`;
        legacyTokens.add(t);
        return json(res, 200, { errcode: 0, errmsg: 'ok', access_token: t, expires_in: 7200 });
      }
      case '/robot/sendBySession': {
        const s = sessions.get(q.session ?? '');
        if (!s || s.expiresAt < opts.now().getTime()) return json(res, 200, { errcode: 300001, errmsg: 'session 不存在' });
        record({ via: 'session', to: s.group ? s.conversationId : s.userId, ...webhookMessage(body) });
        return json(res, 200, { errcode: 0, errmsg: 'ok' });
      }
      case '/v1.0/robot/oToMessages/batchSend': {
        if (!token || !appTokens.has(token)) return authFail(res);
        if (body.robotCode !== clientId) return json(res, 400, { code: 'robot.notexist', message: '机器人不存在' });
        if (!Array.isArray(body.userIds) || body.userIds.length > 20) return json(res, 400, { code: 'param.error', message: 'userIds 最多 20 个' });
        const msg = robotMessage(body.msgKey, body.msgParam);
        const invalid: string[] = [];
        const flow: string[] = [];
        const reached: string[] = [];
        for (const id of body.userIds as string[]) {
          if (invalidUsers.has(id)) invalid.push(id);
          else if ((throttled.get(id) ?? 0) > 0) {
            throttled.set(id, throttled.get(id)! - 1);
            flow.push(id);
          } else {
            reached.push(id);
            record({ via: 'batchSend', to: id, ...msg });
          }
        }
        const processQueryKey = randomUUID();
        oto.set(processQueryKey, { users: reached });
        return json(res, 200, { processQueryKey, invalidStaffIdList: invalid, flowControlledStaffIdList: flow });
      }
      case '/v1.0/robot/otoMessages/batchRecall': {
        // 批量撤回人与机器人会话中机器人消息: robotCode + processQueryKeys → successResult / failedResult (key → reason).
        if (!token || !appTokens.has(token)) return authFail(res);
        if (body.robotCode !== clientId || !Array.isArray(body.processQueryKeys)) return json(res, 400, { code: 'param.error', message: 'bad request' });
        const successResult: string[] = [];
        const failedResult: Record<string, string> = {};
        for (const key of body.processQueryKeys as string[]) {
          const m = oto.get(key);
          if (!m || m.recalled) failedResult[key] = 'message not found';
          else {
            m.recalled = true;
            recalled.push({ processQueryKey: key, users: m.users });
            successResult.push(key);
          }
        }
        return json(res, 200, { successResult, failedResult });
      }
      case '/v1.0/robot/groupMessages/send': {
        if (!token || !appTokens.has(token)) return authFail(res);
        if (body.robotCode !== clientId || !body.openConversationId) return json(res, 400, { code: 'param.error', message: 'bad request' });
        record({ via: 'group', to: body.openConversationId, ...robotMessage(body.msgKey, body.msgParam) });
        return json(res, 200, { processQueryKey: randomUUID() });
      }
      case '/robot/send': {
        if (q.access_token !== opts.webhookToken) return json(res, 200, { errcode: 300001, errmsg: 'token is not exist' });
        const now = opts.now().getTime();
        if (opts.webhookSecret) {
          const ts = q.timestamp ?? '';
          if (Math.abs(now - Number(ts)) > 3_600_000) return json(res, 200, { errcode: 310000, errmsg: 'invalid timestamp' });
          if (q.sign !== b64sign(opts.webhookSecret, ts)) return json(res, 200, { errcode: 310000, errmsg: 'sign not match' });
        }
        while (robotSends.length && now - robotSends[0]! >= 60_000) robotSends.shift();
        if (robotSends.length >= 20) return json(res, 200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
        robotSends.push(now);
        record({ via: 'robot', to: 'robot', ...webhookMessage(body), query: q });
        return json(res, 200, { errcode: 0, errmsg: 'ok' });
      }
      default:
        return void res.writeHead(404).end();
    }
  }

  function onClientFrame(raw: string): void {
    let f: any;
    try {
      f = JSON.parse(raw);
    } catch {
      protocolErrors.push(`non-JSON frame: ${raw.slice(0, 80)}`);
      return;
    }
    const id = f?.headers?.messageId;
    if (f?.code !== 200 || typeof id !== 'string' || f.message !== 'OK' || typeof f.data !== 'string') {
      protocolErrors.push(`bad ack: ${raw.slice(0, 120)}`);
      return;
    }
    if (pending.has(id)) {
      const isEvent = JSON.parse(pending.get(id)!).type === 'EVENT';
      const data = JSON.parse(f.data);
      if (f.headers.contentType !== 'application/json' || (isEvent ? data.status !== 'SUCCESS' : !('response' in data))) protocolErrors.push(`bad ack: ${raw}`);
      pending.delete(id);
    }
    acks.push({ messageId: id, data: f.data });
    changed();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      protocolErrors.push(String(err));
      res.writeHead(500).end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, autoPong: false });
  server.on('upgrade', (req, socket, head) => {
    const ticket = new URL(req.url ?? '/', url).searchParams.get('ticket') ?? '';
    state.upgrades++;
    const events = tickets.get(ticket) === true;
    if (state.rejectUpgrade > 0 || !tickets.delete(ticket)) {
      if (state.rejectUpgrade > 0) state.rejectUpgrade--;
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      changed();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const s: Sock = { ws, draining: false, events };
      sockets.push(s);
      ws.on('message', (d) => onClientFrame(d.toString()));
      ws.on('ping', (d) => {
        if (!state.silent) ws.pong(d);
      });
      ws.on('close', changed);
      changed();
      flush();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The robot callback JSON DingTalk would send for a person's message (dingtalk.md §1.2). */
  function payload(o: SayOptions): Record<string, unknown> {
    const now = opts.now().getTime();
    const session = randomUUID();
    const expiresAt = now + (o.sessionTtlMs ?? 5_400_000);
    sessions.set(session, { userId: o.userId, conversationId: o.group ? 'cidGroupFaZhiKe==' : `cid${o.userId}==`, group: !!o.group, expiresAt });
    return robotPayload({
      userId: o.userId,
      text: o.text,
      msgId: o.msgId ?? `msg${randomUUID()}`,
      group: !!o.group,
      msgtype: o.msgtype ?? 'text',
      now,
      expiresAt,
      sessionWebhook: `${url}/robot/sendBySession?session=${session}`,
      robotCode: clientId,
    });
  }

  /** Resolves with `pick()` once it is truthy: woken by the fake's own changes, and polled for state on the bot's side. */
  const waitFor = <T>(pick: () => T | undefined | false, what = 'condition', timeoutMs = 8_000): Promise<T> => waitUntil(events, pick, what, timeoutMs);

  return {
    url,
    clientId,
    clientSecret,
    sent,
    calls,
    /** 1:1 robot messages taken back by batchRecall. */
    recalled,
    acks,
    protocolErrors,
    invalidUsers,
    org,
    state,
    /** 免登: `authCode(userid)` mints what the client's requestAuthCode would give that member. */
    authCode: (userid: string) => auth.mint(userid),
    /** Calls that broke a documented limit ('<path> app' or '<path> ip'); the benchmark expects none. */
    /** Contact calls that broke a documented limit; the benchmark expects none. */
    limitHits: contacts.limitHits,
    /** Most contact calls to one path within any second. */
    peakPerSecond: contacts.peakPerSecond,
    payload,
    waitFor,
    /** Stream: pushes a robot CALLBACK (pending until acked); returns the frame's messageId. */
    pushCallback(data: Record<string, unknown> | string, topic = ROBOT_TOPIC): string {
      const messageId = randomUUID();
      const frame = callbackFrame(data, topic, messageId, opts.now().getTime(), clientId);
      pending.set(messageId, frame);
      active()?.ws.send(frame);
      return messageId;
    },
    /** Stream: pushes a 通讯录事件 as an EVENT frame; pending until acked with SUCCESS. Returns the frame's messageId. */
    pushEvent(eventType: string, ids: { userId?: string[]; deptId?: number[] }, eventId: string = randomUUID()): string {
      const messageId = randomUUID();
      const frame = eventFrame(eventType, ids, eventId, messageId, opts.now().getTime(), clientId);
      pending.set(messageId, frame);
      const s = active();
      if (s?.events) s.ws.send(frame);
      return messageId;
    },
    /** HTTP event subscription: POSTs an encrypted, signed event (DingCallbackCrypto) to the bot's /dingtalk/events. */
    async postEvent(eventsUrl: string, event: Record<string, unknown>, keys: { token: string; aesKey: string; timestamp?: string }) {
      const e = encryptEvent(event, { ...keys, ownerKey: clientId, timestamp: keys.timestamp ?? String(opts.now().getTime()) });
      const res = await fetch(`${eventsUrl}?${e.query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: e.body });
      return { status: res.status, body: await res.text() };
    },
    /** HTTP mode: POSTs a callback to the bot, signed like DingTalk unless overridden. */
    async postCallback(botUrl: string, body: Record<string, unknown> | string, o: { timestamp?: string; sign?: string | null; secret?: string } = {}) {
      const ts = o.timestamp ?? String(opts.now().getTime());
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', timestamp: ts };
      if (o.sign !== null) headers.sign = o.sign ?? b64sign(o.secret ?? clientSecret, ts);
      const res = await fetch(botUrl, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: res.status, body: await res.text() };
    },
    /** Sends a SYSTEM ping and resolves with our echo. */
    async ping(opaque: string) {
      const id = randomUUID();
      active()?.ws.send(systemFrame('ping', { opaque }, id, opts.now().getTime()));
      return waitFor(() => acks.find((a) => a.messageId === id), 'ping ack');
    },
    /** SYSTEM disconnect: no more deliveries on this socket; it is closed `disconnectCloseMs` later. */
    sendDisconnect(): void {
      const s = active();
      if (!s) return;
      s.ws.send(systemFrame('disconnect', { reason: 'connection is expired' }, randomUUID(), opts.now().getTime()));
      s.draining = true;
      setTimeout(() => s.ws.close(1000), opts.disconnectCloseMs ?? 200).unref();
    },
    /** Kills the current socket without a word (network drop). */
    dropConnection(): void {
      active()?.ws.terminate();
    },
    openSockets: () => sockets.filter((s) => s.ws.readyState === s.ws.OPEN).length,
    pendingCallbacks: () => pending.size,
    failNext(path: string, ...f: Failure[]): void {
      failures.set(path, [...(failures.get(path) ?? []), ...f]);
    },
    /** Every call to `path` fails as given until restore(path) (an outage of unknown length). */
    outage(path: string, f: Failure): void {
      outages.set(path, f);
    },
    restore(path: string): void {
      outages.delete(path);
    },
    throttle(userId: string, times: number): void {
      throttled.set(userId, times);
    },
    revokeTokens(): void {
      appTokens.clear();
      legacyTokens.clear();
    },
    expireSessions(): void {
      for (const s of sessions.values()) s.expiresAt = 0;
    },
    countCalls: (path: string) => calls.filter((c) => c.path === path).length,
    close(): Promise<void> {
      for (const s of sockets) s.ws.terminate();
      return new Promise((r) => {
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      });
    },
  };
}

export type FakeDingtalk = Awaited<ReturnType<typeof startFakeDingtalk>>;
