/**
 * The contact half of the fake DingTalk (fake-dingtalk.ts mounts it): topapi v2/department/get, listsub,
 * listsubid, v2/user/list with cursor pages and v2/user/get over a FakeOrg, in the shapes of contacts.md
 * §2.2–2.3, with DingTalk's documented limits enforced (40 calls a second per API → errcode 90018; 10,000
 * calls in 20 s from one IP → the `{"status":1111}` ban), and the HTTP event subscription's encryption
 * (DingCallbackCrypto, written here with node:crypto, independent of src/).
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FakeOrg, OrgMember } from './fake-org.js';

/** DingTalk's documented limits: per app and API a second, and per egress IP over 20 s (contacts.md §2.7). */
export const DINGTALK_PER_SECOND = 40;
export const DINGTALK_PER_IP_20S = 10_000;

/** The paths served here. */
export const CONTACT_PATHS: ReadonlySet<string> = new Set([
  '/topapi/v2/user/get',
  '/topapi/v2/user/list',
  '/topapi/v2/department/get',
  '/topapi/v2/department/listsub',
  '/topapi/v2/department/listsubid',
]);

export function createFakeDingtalkContacts(org: FakeOrg) {
  const times = new Map<string, number[]>();
  const allTimes: number[] = [];
  /** Calls that broke a documented limit ('<path> app' or '<path> ip'); the benchmark expects none. */
  const limitHits: string[] = [];

  const deptJson = (id: number) => {
    const d = org.departments.get(id)!;
    return { dept_id: d.id, name: d.name, ...(d.parentId !== undefined ? { parent_id: d.parentId } : {}), order: d.order, dept_manager_userid_list: d.leaders };
  };
  const userListJson = (u: OrgMember, deptId: number) => ({
    userid: u.userid,
    unionid: `union${u.userid}`,
    name: u.name,
    title: u.position ?? '',
    leader: u.leaderIn.includes(deptId),
    dept_id_list: u.departments,
    dept_order: 0,
    job_number: u.jobNumber ?? '',
    active: u.status !== 4,
    admin: false,
    boss: false,
    hide_mobile: false,
  });

  /** Counts a call (real time: the limits are real-time limits); the limit it breaks, if any. */
  function overLimit(path: string): 'app' | 'ip' | undefined {
    const now = Date.now();
    const t = times.get(path) ?? [];
    t.push(now);
    times.set(path, t);
    allTimes.push(now);
    while (allTimes.length > 0 && allTimes[0]! <= now - 20_000) allTimes.shift();
    if (allTimes.length > DINGTALK_PER_IP_20S) return 'ip';
    let k = t.length - 1;
    while (k > 0 && t[k - 1]! > now - 1000) k--;
    return t.length - k > DINGTALK_PER_SECOND ? 'app' : undefined;
  }

  function answer(path: string, b: Record<string, any>): Record<string, unknown> {
    const ok = (result: unknown) => ({ errcode: 0, errmsg: 'ok', result, request_id: randomUUID() });
    const deptId = Number(b.dept_id);
    switch (path) {
      case '/topapi/v2/user/get': {
        const u = org.members.get(String(b.userid));
        if (!u || u.status === 5) return { errcode: 33012, errmsg: '无效的userId' };
        return ok({
          userid: u.userid,
          name: u.name,
          title: u.position ?? '',
          dept_id_list: u.departments,
          leader_in_dept: u.departments.map((d) => ({ dept_id: d, leader: u.leaderIn.includes(d) })),
          job_number: u.jobNumber ?? '',
          active: u.status !== 4,
        });
      }
      case '/topapi/v2/department/get':
        return org.departments.has(deptId) ? ok(deptJson(deptId)) : { errcode: 60003, errmsg: '部门不存在' };
      case '/topapi/v2/department/listsub':
        if (!org.departments.has(deptId)) return { errcode: 60003, errmsg: '部门不存在' };
        return ok(org.children(deptId).map((d) => ({ dept_id: d.id, name: d.name, parent_id: deptId, auto_add_user: false, create_dept_group: false })));
      case '/topapi/v2/department/listsubid':
        if (!org.departments.has(deptId)) return { errcode: 60003, errmsg: '部门不存在' };
        return ok({ dept_id_list: org.children(deptId).map((d) => d.id) });
      default: {
        if (!org.departments.has(deptId)) return { errcode: 60003, errmsg: '部门不存在' };
        const size = Number(b.size);
        const cursor = Number(b.cursor ?? 0);
        if (!Number.isInteger(size) || size < 1 || size > 100 || !Number.isInteger(cursor) || cursor < 0) return { errcode: 40035, errmsg: '不合法的参数' };
        const all = org.membersOf(deptId);
        const page = all.slice(cursor, cursor + size);
        const more = cursor + size < all.length;
        return ok({ has_more: more, ...(more ? { next_cursor: cursor + size } : {}), list: page.map((u) => userListJson(u, deptId)) });
      }
    }
  }

  return {
    limitHits,
    /** The answer to one authenticated contact call, limits first. */
    handle(path: string, body: Record<string, any>): Record<string, unknown> {
      const limit = overLimit(path);
      if (limit) limitHits.push(`${path} ${limit}`);
      if (limit === 'ip') return { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: randomUUID() };
      if (limit === 'app') return { errcode: 90018, errmsg: '当前企业调用该接口的每秒调用次数超过限制' };
      return answer(path, body);
    },
    /** Most calls to one path within any second. */
    peakPerSecond(path: string): number {
      const t = times.get(path) ?? [];
      let peak = 0;
      for (let i = 0, j = 0; i < t.length; i++) {
        while (t[i]! - t[j]! >= 1000) j++;
        peak = Math.max(peak, i - j + 1);
      }
      return peak;
    },
  };
}

/** An HTTP event subscription post as DingTalk makes it: `{"encrypt"}` with msg_signature/timestamp/nonce in the query. */
export function encryptEvent(event: Record<string, unknown>, keys: { token: string; aesKey: string; ownerKey: string; timestamp: string }) {
  const key = Buffer.from(`${keys.aesKey}=`, 'base64');
  const msg = Buffer.from(JSON.stringify(event));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const raw = Buffer.concat([randomBytes(16), len, msg, Buffer.from(keys.ownerKey)]);
  const pad = 32 - (raw.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const encrypt = Buffer.concat([cipher.update(Buffer.concat([raw, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  const nonce = randomBytes(4).toString('hex');
  const signature = createHash('sha1').update([keys.token, keys.timestamp, nonce, encrypt].sort().join('')).digest('hex');
  return { query: new URLSearchParams({ msg_signature: signature, timestamp: keys.timestamp, nonce }), body: JSON.stringify({ encrypt }) };
}
