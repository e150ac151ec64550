/**
 * WeCom's contact API as a ContactSource (contacts.md §1), with the self-built app's own token: it sees the
 * departments and members inside the app's 可见范围.
 * - Full read (§1.4): `department/simplelist` (one call, the whole visible tree: ids and parents), then
 *   `department/get` per department (name, department_leader) and `user/list` per department (name,
 *   position, is_leader_in_dept, status). Where user/list is refused, `user/simplelist` (names and
 *   departments only) stands in. `department/list` and `user/list_id` are not used: the first is the slow
 *   legacy call, and since 2022-08-15 new IPs of the 通讯录同步 secret may not call it; the second takes only
 *   the 通讯录同步 secret and returns ids without names (§1.1, §1.3).
 * - Pace: at most 5 calls at once and 50 a second per API, far inside 10,000 a minute per API and corp (§1.7).
 * - One failed call never fails the read: it is recorded with what it means, and the sync keeps what it had.
 * Since 2022-06-20 new apps get no mobile or email, so members are matched by userid (mobile when present).
 */
import type { Clock } from '../../core/clock.js';
import type { ContactFailure, ContactSource, OrgSnapshot, PlatformDepartment, PlatformMember } from '../../core/ports/platform-lookup.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type Sleep, createPacer, createPool } from '../../core/pace.js';
import { normaliseMobile } from '../../core/text.js';
import type { WecomApi } from './api.js';

/** What each errcode means for a sync, for the operator (Chinese, shown by sync-contacts). */
const MEANINGS: Readonly<Record<number, string>> = {
  60011: '不在应用可见范围内（应用管理 → 应用 → 可见范围），该部门或成员未读取，已同步的数据保持不变',
  60020: '服务器出口 IP 不在应用的企业可信IP中（应用管理 → 应用 → 企业可信IP），无法读取通讯录',
  45009: '接口调用频率超限，稍后会再同步',
  45033: '接口并发调用超限，稍后会再同步',
  48002: '应用没有调用该接口的权限',
  60111: '成员不存在（可能已离职）',
  60123: '部门不存在（可能已删除）',
  81013: '成员不在应用可见范围内',
  40014: 'access_token 无效',
  40001: 'Secret 错误：请检查 WECOM_SECRET',
};
/** errcodes meaning "this id does not exist". */
const NOT_FOUND = new Set([60111, 60123, 46004]);

export interface WecomContactsOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: Sleep;
  /** Calls a second per API (default 50). */
  readonly perSecond?: number;
  /** Calls at once (default 5). */
  readonly concurrency?: number;
}

interface WireUser {
  userid?: unknown;
  name?: unknown;
  department?: unknown;
  main_department?: unknown;
  is_leader_in_dept?: unknown;
  position?: unknown;
  status?: unknown;
  mobile?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number).filter(Number.isInteger) : []);

/** A member from user/list, user/simplelist or user/get. status 1 已激活 and 4 未激活 are members; 2 已禁用, 5 退出企业 are not. */
export function memberFromWire(u: WireUser): PlatformMember | undefined {
  const userId = str(u.userid);
  if (!userId) return undefined;
  const departments = ids(u.department);
  const flags = ids(u.is_leader_in_dept);
  const main = Number(u.main_department);
  const status = u.status === undefined ? 1 : Number(u.status);
  return {
    userId,
    name: str(u.name) ?? userId,
    departmentIds: departments.map(String),
    mainDepartmentId: Number.isInteger(main) && main > 0 ? String(main) : undefined,
    title: str(u.position),
    leaderOf: departments.filter((_, i) => flags[i] === 1).map(String),
    active: status === 1 || status === 4,
    mobile: normaliseMobile(str(u.mobile)),
  };
}

function departmentFromWire(d: { id?: unknown; name?: unknown; parentid?: unknown; department_leader?: unknown }): PlatformDepartment | undefined {
  const id = Number(d.id);
  const name = str(d.name);
  if (!Number.isInteger(id) || !name) return undefined;
  const parent = Number(d.parentid);
  const leaders = Array.isArray(d.department_leader) ? d.department_leader.filter((x): x is string => typeof x === 'string') : [];
  return { id: String(id), name, parentId: Number.isInteger(parent) && parent > 0 ? String(parent) : undefined, leaderUserIds: leaders };
}

function failureOf(call: string, target: string | undefined, err: unknown): ContactFailure {
  const errcode = isAppError(err) ? Number(err.details.errcode) : Number.NaN;
  if (Number.isInteger(errcode)) return { call, target, code: String(errcode), meaning: MEANINGS[errcode] ?? `企业微信返回错误 ${errcode}` };
  const status = isAppError(err) ? err.details.status : undefined;
  return { call, target, code: status ? `http ${String(status)}` : 'network', meaning: `无法连接企业微信接口（${(err as Error).message}）` };
}

const errcodeOf = (err: unknown) => (isAppError(err) ? Number(err.details.errcode) : Number.NaN);

/** Creates the WeCom ContactSource over the app's API client (sharing its token cache). */
export function createWecomContacts(api: WecomApi, o: WecomContactsOptions): ContactSource {
  const pacer = createPacer(o.perSecond ?? 50, o.clock, o.sleep);
  const concurrency = o.concurrency ?? 5;
  const log = o.logger.child({ channel: 'wecom', part: 'contacts' });

  async function call(path: string, query: Record<string, string> = {}) {
    await pacer.wait(path);
    return api.call('GET', path, { query });
  }

  async function readOrg(): Promise<OrgSnapshot> {
    const failures: ContactFailure[] = [];
    let calls = 0;
    const counted = async (path: string, query?: Record<string, string>) => {
      calls++;
      return call(path, query);
    };
    let list: Array<{ id?: unknown; parentid?: unknown }>;
    try {
      const json = await counted('department/simplelist');
      list = Array.isArray(json.department_id) ? (json.department_id as Array<{ id?: unknown }>) : [];
    } catch (err) {
      failures.push(failureOf('department/simplelist', undefined, err));
      return { channel: 'wecom', departments: [], members: [], treeComplete: false, unlistedDepartments: [], failures, calls };
    }
    const departments: PlatformDepartment[] = [];
    const members = new Map<string, PlatformMember>();
    const unlisted: string[] = [];
    let treeComplete = true;
    const pool = createPool(concurrency);
    for (const entry of list) {
      const id = String(Number(entry.id));
      pool.add(async () => {
        try {
          const d = departmentFromWire(((await counted('department/get', { id })).department ?? {}) as Record<string, unknown>);
          if (d) departments.push(d);
          else treeComplete = false;
        } catch (err) {
          treeComplete = false;
          failures.push(failureOf('department/get', id, err));
        }
      });
      pool.add(async () => {
        let users: WireUser[];
        try {
          users = ((await counted('user/list', { department_id: id })).userlist ?? []) as WireUser[];
        } catch (err) {
          const code = errcodeOf(err);
          if (code === 60020 || code === 60011 || code === 45009 || code === 45033 || !Number.isInteger(code)) {
            unlisted.push(id);
            failures.push(failureOf('user/list', id, err));
            return;
          }
          try {
            users = ((await counted('user/simplelist', { department_id: id })).userlist ?? []) as WireUser[];
            log.info('user/list refused; used user/simplelist (names and departments only)', { department: id, errcode: code });
          } catch (err2) {
            unlisted.push(id);
            failures.push(failureOf('user/simplelist', id, err2));
            return;
          }
        }
        for (const u of users) {
          const m = memberFromWire(u);
          if (m && !members.has(m.userId)) members.set(m.userId, m);
        }
      });
    }
    await pool.idle();
    return { channel: 'wecom', departments, members: [...members.values()], treeComplete, unlistedDepartments: unlisted, failures, calls };
  }

  return {
    channel: 'wecom',
    readOrg,
    async getMember(userId) {
      try {
        const json = await call('user/get', { userid: userId });
        return memberFromWire({ ...json, userid: json.userid ?? userId }) ?? null;
      } catch (err) {
        if (NOT_FOUND.has(errcodeOf(err))) return null;
        throw err;
      }
    },
    async getDepartment(id) {
      try {
        const json = await call('department/get', { id });
        return departmentFromWire((json.department ?? {}) as Record<string, unknown>) ?? null;
      } catch (err) {
        if (NOT_FOUND.has(errcodeOf(err))) return null;
        throw err;
      }
    },
  };
}
