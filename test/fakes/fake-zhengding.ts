/**
 * A fake 浙政钉 gateway (zhengding.md), on 127.0.0.1 and port 0, independent of src/ (its signature check is
 * written here with node:crypto). Every request's signature is checked (§3): apiKey, X-Hmac-Auth-Version 1.0,
 * a `…T…\.mmm+08:00` timestamp within 15 minutes of the fake's clock, a nonce, and Base64(HMAC-SHA256(secret,
 * string-to-sign)) over the received form or query, keys in case-insensitive order and repeated values sorted.
 * A wrong one is refused with SignatureDoesNotMatch (OPF-B001-05-16-0009, §3.2); the gateway's exact envelope for
 * it is not documented, so the fake answers in the documented error shape (`content.success=false`).
 * Serves: gettoken.json, auth/scopesV2, the mozi org APIs of §6 over a fake tree (300037 for organisations outside
 * the scope), message/workNotification (§5: ≤ 1000 recipients, msg ≤ 2048 bytes, bizMsgId deduplicated with a
 * "重复" error, sends closer than 10 minutes recorded as violations) and rpc/oauth2/dingtalk_app_user.json (§4.2;
 * single-use codes), and the custom group robot's webhook `/robot/send?access_token=…` (§8: DingTalk-style, 加签 with
 * timestamp and sign, outside the API signature scheme).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZzdOrg {
  code: string;
  name: string;
  parent?: string;
  heads: string[];
  status: 'A' | 'F';
}
export interface ZzdEmployee {
  code: string;
  name: string;
  accountId: number;
  status: 'A' | 'F';
  positions: Array<{ org: string; job?: string; main: boolean }>;
}

export interface FakeZhengdingOptions {
  readonly now: () => Date;
  readonly appKey?: string;
  readonly appSecret?: string;
  readonly tenantId?: string;
  /** The group robot's access_token and 加签 secret. */
  readonly robot?: { readonly token: string; readonly secret: string };
}

const hex = (n: number) => randomBytes(n).toString('hex');
export const goCode = (i: number) => `GO_${String(i).padStart(32, '0')}`;
export const geCode = (i: number) => `GE_${String(i).padStart(32, '0')}`;

export async function startFakeZhengding(o: FakeZhengdingOptions) {
  const appKey = o.appKey ?? 'zzd-app-key';
  const appSecret = o.appSecret ?? 'zzd-app-secret';
  const tenantId = o.tenantId ?? '196729';
  const orgs = new Map<string, ZzdOrg>();
  const employees = new Map<string, ZzdEmployee>();
  const roots: string[] = [];
  const outOfScope = new Set<string>();
  const tokens = new Map<string, number>();
  const codes = new Map<string, { accountId: number; expires: number }>();
  const calls: Array<{ path: string; params: Array<[string, string]> }> = [];
  const refused: string[] = [];
  /** Each accepted 工作通知: when, to whom, with which bizMsgId and msg. */
  const notices: Array<{ at: number; receivers: string[]; bizMsgId: string; msg: Record<string, unknown> }> = [];
  const seenBizMsgIds = new Set<string>();
  const violations: string[] = [];
  /** Messages the group robot posted. */
  const robotPosts: Array<Record<string, unknown>> = [];
  /**
   * What the next work notices meet, one entry a call (then all is well): 'ok', 'accept-then-502' (the platform sends,
   * the answer is lost), '502' (the gateway fails before the platform sees it).
   */
  const faults: { script: Array<'ok' | 'accept-then-502' | '502'> } = { script: [] };

  const ok = (content: Record<string, unknown>) => ({
    success: true,
    content: { success: true, responseCode: '0', responseMessage: 'OK', requestId: hex(8), ...content },
    bizErrorCode: '0',
  });
  const bizError = (code: string, message: string, bizErrorCode = code) => ({
    success: true,
    content: { success: false, requestId: hex(8), responseMessage: message, responseCode: code, bizErrorCode },
    bizErrorCode,
  });

  function canonical(params: Array<[string, string]>): string {
    const groups = new Map<string, { key: string; values: string[] }>();
    for (const [k, v] of params) {
      if (!k || !v) continue;
      const g = groups.get(k.toLowerCase()) ?? { key: k, values: [] };
      g.values.push(v);
      groups.set(k.toLowerCase(), g);
    }
    return [...groups.keys()]
      .sort()
      .flatMap((lk) =>
        groups
          .get(lk)!
          .values.sort()
          .map((v) => `${groups.get(lk)!.key}=${v}`),
      )
      .join('&');
  }

  function signatureProblem(req: IncomingMessage, path: string, params: Array<[string, string]>): string | undefined {
    const h = (n: string) => req.headers[n.toLowerCase()] as string | undefined;
    if (h('apiKey') !== appKey) return 'apiKey';
    if (h('X-Hmac-Auth-Version') !== '1.0') return 'version';
    const ts = h('X-Hmac-Auth-Timestamp') ?? '';
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/.test(ts)) return 'timestamp format';
    if (Math.abs(Date.parse(ts) - o.now().getTime()) > 15 * 60_000) return 'timestamp skew';
    const nonce = h('X-Hmac-Auth-Nonce') ?? '';
    if (!nonce) return 'nonce';
    const line = canonical(params);
    const toSign = [req.method, ts, nonce, path].join('\n') + (line ? `\n${line}` : '');
    const expected = createHmac('sha256', appSecret).update(toSign, 'utf8').digest('base64');
    return h('X-Hmac-Auth-Signature') === expected ? undefined : 'signature';
  }

  const get = (params: Array<[string, string]>, k: string) => params.find(([x]) => x === k)?.[1];
  const all = (params: Array<[string, string]>, k: string) => params.filter(([x]) => x === k).map(([, v]) => v);
  const pageOf = <T>(items: T[], params: Array<[string, string]>) => {
    const pageNo = Math.max(1, Number(get(params, 'pageNo') ?? 1));
    const pageSize = Math.min(100, Number(get(params, 'pageSize') ?? 20));
    return { data: items.slice((pageNo - 1) * pageSize, pageNo * pageSize), totalSize: items.length, currentPage: pageNo, pageSize };
  };
  const orgJson = (g: ZzdOrg) => ({
    organizationCode: g.code,
    organizationName: g.name,
    parentCode: g.parent ?? '',
    responsibleEmployeeCodes: g.heads.join('|'),
    typeCode: g.parent ? 'GOV_INTERNAL_INSTITUTION' : 'GOV_UNIT',
    leaf: ![...orgs.values()].some((x) => x.parent === g.code),
    status: g.status,
  });
  const scoped = (code: string) => {
    if (outOfScope.has(code) || !orgs.has(code)) return false;
    let c: string | undefined = code;
    while (c) {
      if (outOfScope.has(c)) return false;
      if (roots.includes(c)) return true;
      c = orgs.get(c)?.parent;
    }
    return false;
  };
  const denied = (code: string) => bizError('300037', `${appKey}没有[${code}]组织的操作权限`, 'MFH-B003-02-16-0037');

  function handle(path: string, params: Array<[string, string]>): { status?: number; body: unknown } {
    if (path === '/gettoken.json') {
      if (get(params, 'appkey') !== appKey || get(params, 'appsecret') !== appSecret) return { body: bizError('9999', 'appkey or appsecret not correct') };
      const token = `app_${hex(8)}`;
      tokens.set(token, o.now().getTime() + 7200_000);
      return { body: ok({ data: { expiresIn: 7200, accessToken: token } }) };
    }
    if (get(params, 'tenantId') !== undefined && get(params, 'tenantId') !== tenantId) return { body: bizError('300001', 'tenantId not correct') };
    switch (path) {
      case '/auth/scopesV2':
        return { body: { success: true, content: { deptVisibleScopes: roots, employeeVisibleScopes: [] } } };
      case '/mozi/organization/pageSubOrganizationCodes': {
        const code = get(params, 'organizationCode') ?? '';
        if (!scoped(code)) return { body: denied(code) };
        const status = get(params, 'status') ?? 'A';
        const kids = [...orgs.values()].filter((g) => g.parent === code && (status === 'TOTAL' || g.status === status)).map((g) => g.code);
        return { body: ok(pageOf(kids, params)) };
      }
      case '/mozi/organization/listOrganizationsByCodes': {
        const list = all(params, 'organizationCodes');
        if (list.length > 100) return { body: bizError('400', 'organizationCodes over 100') };
        return { body: ok({ data: list.filter(scoped).map((c) => orgJson(orgs.get(c)!)) }) };
      }
      case '/mozi/organization/getOrganizationByCode': {
        const code = get(params, 'organizationCode') ?? '';
        return { body: scoped(code) ? ok({ data: orgJson(orgs.get(code)!) }) : denied(code) };
      }
      case '/mozi/organization/pageOrganizationEmployeePositions': {
        const code = get(params, 'organizationCode') ?? '';
        if (!scoped(code)) return { body: denied(code) };
        const status = get(params, 'employeeStatus');
        const people = [...employees.values()]
          .filter((e) => e.positions.some((p) => p.org === code) && (!status || e.status === status))
          .map((e) => ({
            employeeCode: e.code,
            employeeName: e.name,
            empGender: '1',
            status: e.status,
            empJobLevelCode: 'ZHI_JI_QI_TA',
            govEmployeePositions: e.positions.map((p) => ({
              organizationCode: p.org,
              mainJob: p.main,
              ...(p.job ? { govEmpPosJob: p.job } : {}),
              employeeCode: e.code,
              status: e.status,
            })),
          }));
        return { body: ok(pageOf(people, params)) };
      }
      case '/mozi/employee/listEmployeeAccountIds': {
        const list = all(params, 'employeeCodes');
        if (list.length > 100) return { body: bizError('400', 'employeeCodes over 100') };
        const data = list.flatMap((c) => {
          const e = employees.get(c);
          return e ? [{ accountId: e.accountId, accountCode: `acc${e.accountId}`, accountNamespace: 'local', employeeCode: c }] : [];
        });
        return { body: ok({ data }) };
      }
      case '/message/workNotification': {
        const receivers = (get(params, 'receiverIds') ?? '').split(',').filter(Boolean);
        const bizMsgId = get(params, 'bizMsgId') ?? '';
        const msgText = get(params, 'msg') ?? '';
        if (!bizMsgId || receivers.length === 0) return { body: bizError('400', 'bizMsgId and receiverIds are required') };
        if (receivers.length > 1000) return { body: bizError('400', 'receiverIds over 1000') };
        if (Buffer.byteLength(msgText, 'utf8') > 2048) return { body: bizError('400', 'msg over 2048 bytes') };
        const fault = faults.script.shift();
        if (fault === '502') return { status: 502, body: { message: 'Bad Gateway' } };
        // The platform's code for a repeated bizMsgId is not documented, only its "重复" message (§5).
        if (seenBizMsgIds.has(bizMsgId)) return { body: bizError('fake-duplicate', `业务消息ID重复：${bizMsgId}`) };
        let msg: Record<string, unknown>;
        try {
          msg = JSON.parse(msgText) as Record<string, unknown>;
        } catch {
          return { body: bizError('400', 'msg is not JSON') };
        }
        const at = o.now().getTime();
        const last = notices.at(-1);
        if (last && at - last.at < 10 * 60_000) violations.push(`work notices ${Math.round((at - last.at) / 1000)} s apart`);
        seenBizMsgIds.add(bizMsgId);
        notices.push({ at, receivers, bizMsgId, msg });
        if (fault === 'accept-then-502') return { status: 502, body: { message: 'Bad Gateway' } };
        return { body: { success: true, content: { msgId: hex(10) } } };
      }
      case '/rpc/oauth2/dingtalk_app_user.json': {
        const expires = tokens.get(get(params, 'access_token') ?? '');
        if (!expires || expires < o.now().getTime()) return { body: bizError('250027', 'accessToken not correct') };
        const code = codes.get(get(params, 'auth_code') ?? '');
        if (!code || code.expires < o.now().getTime()) return { body: bizError('fake-bad-code', 'auth_code 失效或不存在') };
        codes.delete(get(params, 'auth_code')!);
        const e = [...employees.values()].find((x) => x.accountId === code.accountId);
        return {
          body: ok({
            data: {
              accountId: code.accountId,
              employeeCode: e?.code,
              lastName: e?.name,
              nickNameCn: e?.name,
              realmId: Number(tenantId),
              tenantId: Number(tenantId),
              tenantUserId: `${tenantId}$${code.accountId}`,
              namespace: 'local',
            },
          }),
        };
      }
      default:
        return { status: 404, body: { success: false } };
    }
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const form = req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : url.search.slice(1);
      if (url.pathname === '/robot/send' && req.method === 'POST') {
        const q = url.searchParams;
        const ts = Number(q.get('timestamp'));
        const sign = o.robot ? createHmac('sha256', o.robot.secret).update(`${ts}\n${o.robot.secret}`).digest('base64') : '';
        const good = o.robot && q.get('access_token') === o.robot.token && q.get('sign') === sign && Math.abs(ts - o.now().getTime()) < 3600_000;
        if (good) robotPosts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(good ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }));
        return;
      }
      if (req.method === 'POST' && !/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      const params = [...new URLSearchParams(form)] as Array<[string, string]>;
      calls.push({ path: url.pathname, params });
      const problem = signatureProblem(req, url.pathname, params);
      let out: { status?: number; body: unknown };
      if (problem) {
        refused.push(`${url.pathname}: ${problem}`);
        out = {
          body: {
            success: false,
            content: { success: false, responseCode: 'OPF-B001-05-16-0009', responseMessage: 'SignatureDoesNotMatch' },
            bizErrorCode: 'OPF-B001-05-16-0009',
          },
        };
      } else out = handle(url.pathname, params);
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    appKey,
    appSecret,
    tenantId,
    orgs,
    employees,
    roots,
    outOfScope,
    calls,
    refused,
    notices,
    violations,
    faults,
    robotPosts,
    countCalls: (path: string) => calls.filter((c) => c.path === path).length,
    /** How many work notices each accountId received. */
    received(): Map<string, number> {
      const m = new Map<string, number>();
      for (const n of notices) for (const r of n.receivers) m.set(r, (m.get(r) ?? 0) + 1);
      return m;
    },
    /** A 免登 code for an account (as gdt-jsapi getAuthCode would give the page); 5 minutes, single use. */
    issueCode(accountId: number): string {
      const code = hex(16);
      codes.set(code, { accountId, expires: o.now().getTime() + 5 * 60_000 });
      return code;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type FakeZhengding = Awaited<ReturnType<typeof startFakeZhengding>>;

/**
 * A 3-level tree: a root unit, `units` 科室 under it, `teams` 股 under each, `perTeam` people in each team
 * (the first of each team its head by 职务 股长, each 科室's head by responsibleEmployeeCodes).
 */
export function buildZzdTree(f: FakeZhengding, s: { units: number; teams: number; perTeam: number }, rootName = '某乡镇人民政府') {
  let orgN = 1;
  let empN = 1;
  const root = goCode(orgN++);
  f.orgs.set(root, { code: root, name: rootName, heads: [], status: 'A' });
  f.roots.push(root);
  for (let u = 1; u <= s.units; u++) {
    const unit = goCode(orgN++);
    f.orgs.set(unit, { code: unit, name: `第${u}科室`, parent: root, heads: [], status: 'A' });
    for (let t = 1; t <= s.teams; t++) {
      const team = goCode(orgN++);
      f.orgs.set(team, { code: team, name: `第${u}科室第${t}股`, parent: unit, heads: [], status: 'A' });
      for (let p = 1; p <= s.perTeam; p++) {
        const n = empN++;
        const code = geCode(n);
        f.employees.set(code, {
          code,
          name: `干部${n}`,
          accountId: 100_000 + n,
          status: 'A',
          positions: [{ org: team, job: p === 1 ? '股长' : '科员', main: true }],
        });
        if (t === 1 && p === 2) f.orgs.get(unit)!.heads.push(code);
      }
    }
  }
  return { root, orgs: orgN - 1, people: empN - 1 };
}
