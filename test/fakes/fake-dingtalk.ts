/**
 * A fake DingTalk on 127.0.0.1 (one node:http server): the Stream gateway (connections/open + a WebSocket that
 * speaks the documented frames and checks our acks), the sessionWebhook, the v1.0 access token and robot send
 * APIs (with injectable throttling, errcode ≠ 0 and 5xx), the legacy gettoken + contact APIs, and the custom robot.
 * Stream delivery is at-least-once like the real gateway: a CALLBACK stays pending until acked and is
 * redelivered on the next connection. Signing here uses node:crypto directly, independent of src/.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

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
}

export interface FakeDingtalkOptions {
  readonly now: () => Date;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly webhookToken?: string;
  readonly webhookSecret?: string;
  /** How long after a SYSTEM disconnect the gateway closes the socket (real: ~10 s). */
  readonly disconnectCloseMs?: number;
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
  const tickets = new Set<string>();
  const pending = new Map<string, string>(); // frame messageId → frame JSON, until acked
  const sockets: Sock[] = [];
  const failures = new Map<string, Failure[]>();
  const outages = new Map<string, Failure>();
  const throttled = new Map<string, number>();
  const robotSends: number[] = [];
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
  const users = new Map<string, { name: string; deptIds: number[] }>();
  const departments = new Map<number, string>();
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
  const msgOf = (msgKey: string, msgParam: string) => {
    const p = JSON.parse(msgParam) as Record<string, string>;
    if (msgKey === 'sampleText') return { msgtype: 'text' as const, text: p.content ?? '' };
    if (msgKey === 'sampleMarkdown') return { msgtype: 'markdown' as const, text: p.text ?? '', title: p.title };
    throw new Error(`unsupported msgKey ${msgKey}`);
  };
  const webhookMsg = (b: Record<string, any>) =>
    b.msgtype === 'markdown'
      ? { msgtype: 'markdown' as const, text: String(b.markdown?.text), title: String(b.markdown?.title), atUserIds: b.at?.atUserIds }
      : { msgtype: 'text' as const, text: String(b.text?.content), atUserIds: b.at?.atUserIds };
  const authFail = (res: ServerResponse) => json(res, 400, { code: 'InvalidAuthentication', requestid: randomUUID(), message: '不合法的access_token' });

  function active(): Sock | undefined {
    return [...sockets].reverse().find((s) => !s.draining && s.ws.readyState === s.ws.OPEN);
  }
  function flush(): void {
    const s = active();
    if (s) for (const frame of pending.values()) s.ws.send(frame);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const path = u.pathname;
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    calls.push({ path, body });
    const queued = failures.get(path)?.shift() ?? outages.get(path);
    if (queued) {
      if (queued.status && queued.status >= 500) return void res.writeHead(queued.status).end('Internal Server Error');
      if (queued.code) return json(res, queued.status ?? 400, { code: queued.code, message: queued.errmsg ?? 'error' });
      return json(res, 200, { errcode: queued.errcode, errmsg: queued.errmsg ?? 'error' });
    }
    const q = Object.fromEntries(u.searchParams);
    const token = req.headers['x-acs-dingtalk-access-token'] as string | undefined;
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
        tickets.add(ticket);
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
        record({ via: 'session', to: s.group ? s.conversationId : s.userId, ...webhookMsg(body) });
        return json(res, 200, { errcode: 0, errmsg: 'ok' });
      }
      case '/v1.0/robot/oToMessages/batchSend': {
        if (!token || !appTokens.has(token)) return authFail(res);
        if (body.robotCode !== clientId) return json(res, 400, { code: 'robot.notexist', message: '机器人不存在' });
        if (!Array.isArray(body.userIds) || body.userIds.length > 20) return json(res, 400, { code: 'param.error', message: 'userIds 最多 20 个' });
        const msg = msgOf(body.msgKey, body.msgParam);
        const invalid: string[] = [];
        const flow: string[] = [];
        for (const id of body.userIds as string[]) {
          if (invalidUsers.has(id)) invalid.push(id);
          else if ((throttled.get(id) ?? 0) > 0) {
            throttled.set(id, throttled.get(id)! - 1);
            flow.push(id);
          } else record({ via: 'batchSend', to: id, ...msg });
        }
        return json(res, 200, { processQueryKey: randomUUID(), invalidStaffIdList: invalid, flowControlledStaffIdList: flow });
      }
      case '/v1.0/robot/groupMessages/send': {
        if (!token || !appTokens.has(token)) return authFail(res);
        if (body.robotCode !== clientId || !body.openConversationId) return json(res, 400, { code: 'param.error', message: 'bad request' });
        record({ via: 'group', to: body.openConversationId, ...msgOf(body.msgKey, body.msgParam) });
        return json(res, 200, { processQueryKey: randomUUID() });
      }
      case '/topapi/v2/user/get': {
        if (!legacyTokens.has(q.access_token ?? '')) return json(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
        const user = users.get(body?.userid);
        if (!user) return json(res, 200, { errcode: 60121, errmsg: '找不到该用户' });
        return json(res, 200, { errcode: 0, errmsg: 'ok', result: { userid: body.userid, name: user.name, dept_id_list: user.deptIds } });
      }
      case '/topapi/v2/department/get': {
        if (!legacyTokens.has(q.access_token ?? '')) return json(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
        const name = departments.get(body?.dept_id);
        if (!name) return json(res, 200, { errcode: 60003, errmsg: '部门不存在' });
        return json(res, 200, { errcode: 0, errmsg: 'ok', result: { dept_id: body.dept_id, name, parent_id: 1 } });
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
        record({ via: 'robot', to: 'robot', ...webhookMsg(body), query: q });
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
      if (f.headers.contentType !== 'application/json' || !('response' in JSON.parse(f.data))) protocolErrors.push(`bad callback ack: ${raw}`);
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
    if (state.rejectUpgrade > 0 || !tickets.delete(ticket)) {
      if (state.rejectUpgrade > 0) state.rejectUpgrade--;
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      changed();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const s: Sock = { ws, draining: false };
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
    const conversationId = o.group ? 'cidGroupFaZhiKe==' : `cid${o.userId}==`;
    const expiresAt = now + (o.sessionTtlMs ?? 5_400_000);
    sessions.set(session, { userId: o.userId, conversationId, group: !!o.group, expiresAt });
    return {
      conversationId,
      atUsers: [],
      chatbotCorpId: 'dingcorp',
      chatbotUserId: '$:LWCP_v1:$bot',
      msgId: o.msgId ?? `msg${randomUUID()}`,
      senderNick: o.userId,
      isAdmin: false,
      senderStaffId: o.userId,
      sessionWebhookExpiredTime: expiresAt,
      createAt: now,
      senderCorpId: 'dingcorp',
      conversationType: o.group ? '2' : '1',
      senderId: `$:LWCP_v1:$${o.userId}`,
      ...(o.group ? { conversationTitle: '法制科学习群', isInAtList: true } : {}),
      sessionWebhook: `${url}/robot/sendBySession?session=${session}`,
      robotCode: clientId,
      // DingTalk strips the @mention and leaves a leading space.
      text: { content: ` ${o.text}` },
      msgtype: o.msgtype ?? 'text',
    };
  }

  function systemFrame(topic: string, data: unknown, messageId = randomUUID()): string {
    return JSON.stringify({
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: { topic, messageId, contentType: 'application/json', time: String(opts.now().getTime()) },
      data: JSON.stringify(data),
    });
  }

  function waitFor<T>(pick: () => T | undefined | false, what = 'condition', timeoutMs = 8_000): Promise<T> {
    return new Promise((resolve, reject) => {
      // Events wake us for the fake's own changes; the poll covers state on the bot's side.
      const done = () => {
        events.off('change', check);
        clearTimeout(timer);
        clearInterval(poll);
      };
      const check = () => {
        const v = pick();
        if (v) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`fake dingtalk: timed out waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(check, 10);
      events.on('change', check);
      check();
    });
  }

  return {
    url,
    clientId,
    clientSecret,
    sent,
    calls,
    acks,
    protocolErrors,
    invalidUsers,
    users,
    departments,
    state,
    payload,
    waitFor,
    /** Stream: pushes a robot CALLBACK (pending until acked); returns the frame's messageId. */
    pushCallback(data: Record<string, unknown> | string, topic = ROBOT_TOPIC): string {
      const messageId = randomUUID();
      const frame = JSON.stringify({
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: { topic, messageId, contentType: 'application/json', time: String(opts.now().getTime()), appId: clientId },
        data: typeof data === 'string' ? data : JSON.stringify(data),
      });
      pending.set(messageId, frame);
      active()?.ws.send(frame);
      return messageId;
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
      active()?.ws.send(systemFrame('ping', { opaque }, id));
      return waitFor(() => acks.find((a) => a.messageId === id), 'ping ack');
    },
    /** SYSTEM disconnect: no more deliveries on this socket; it is closed `disconnectCloseMs` later. */
    sendDisconnect(): void {
      const s = active();
      if (!s) return;
      s.ws.send(systemFrame('disconnect', { reason: 'connection is expired' }));
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

/** The dtmd tap targets of a markdown message, decoded (what a tap would send). */
export function tapTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(dtmd:\/\/dingtalkclient\/sendMessage\?content=([^)]+)\)/g)].map((m) => decodeURIComponent(m[1]!));
}
