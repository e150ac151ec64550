/**
 * DingTalk's contact API as a ContactSource (contacts.md §2), on oapi.dingtalk.com with the legacy token,
 * within the app's 通讯录权限范围 (qyapi_get_department_list, qyapi_get_department_member, qyapi_get_member).
 * - Full read (§2.4): `v2/department/get` for the root (1) and its name, a breadth-first walk with
 *   `v2/department/listsub` (the next level with names; one call a department), and per department
 *   `v2/user/list` in cursor pages of 100 (name, title, leader for that department, dept_id_list, job_number).
 *   A department's members are listed as soon as it is found, so the walk and the listings overlap.
 * - Pace (§2.7): at most 5 calls at once and 20 a second per API (the app limit is 40/s per API; the egress
 *   IP may make 10,000 calls in 20 s over all APIs). 90018/90006/90002/-1 are retried after 1 s, 2 s, 4 s;
 *   `{"status":1111}` (the IP is banned for 5 minutes) is not.
 * - A failed call never fails the read; it is recorded with its meaning and the sync keeps what it had.
 */
import type { Clock } from '../../core/clock.js';
import type { ContactFailure, ContactSource, OrgSnapshot, PlatformDepartment, PlatformMember } from '../../core/ports/platform-lookup.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type Sleep, createPacer, createPool } from '../../core/pace.js';
import { normaliseMobile } from '../../core/text.js';

const MEANINGS: Readonly<Record<number, string>> = {
  50004: '部门不在应用的通讯录权限范围内（开发者后台 → 权限管理 → 通讯录权限范围），其成员未读取，已同步的数据保持不变',
  43007: '需要授权：应用缺少通讯录读权限（qyapi_get_department_list / qyapi_get_department_member / qyapi_get_member）',
  60003: '部门不存在（可能已删除）',
  60011: '没有权限读取该部门或成员',
  33012: '成员不存在（可能已离职）',
  60121: '成员不存在（可能已离职）',
  40035: '参数不合法',
  90018: '接口调用超过每秒限额，稍后会再同步',
  90006: '接口调用超过每分钟限额，稍后会再同步',
  90002: '接口调用超过全局限流，稍后会再同步',
  1111: '服务器出口 IP 调用过于频繁，已被钉钉封禁 5 分钟，稍后会再同步',
  [-1]: '钉钉系统繁忙，稍后会再同步',
};
const RETRY = new Set([90018, 90006, 90002, -1]);
const NOT_FOUND = new Set([60003, 33012, 60121]);
const ROOT = '1';
const PAGE = 100;

/** The API call this source needs (DingtalkApi.topapi). */
export type TopapiCall = (path: string, body: unknown) => Promise<Record<string, unknown>>;

export interface DingtalkContactsOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: Sleep;
  /** Calls a second per API (default 20). */
  readonly perSecond?: number;
  readonly concurrency?: number;
  /** Waits before the retries of a throttled call (default 1 s, 2 s, 4 s). */
  readonly retryDelaysMs?: readonly number[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const idList = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(Number(x))).filter((x) => x !== 'NaN') : []);

function department(r: Record<string, unknown>): PlatformDepartment | undefined {
  const id = String(Number(r.dept_id));
  const name = str(r.name);
  if (id === 'NaN' || !name) return undefined;
  const parent = Number(r.parent_id);
  const leaders = Array.isArray(r.dept_manager_userid_list) ? r.dept_manager_userid_list.filter((x): x is string => typeof x === 'string') : undefined;
  return {
    id,
    name,
    parentId: id !== ROOT && Number.isInteger(parent) && parent > 0 ? String(parent) : undefined,
    ...(leaders ? { leaderUserIds: leaders } : {}),
  };
}

/** A member from v2/user/get (leader_in_dept for every department). */
function memberFromGet(r: Record<string, unknown>): PlatformMember | undefined {
  const userId = str(r.userid);
  if (!userId) return undefined;
  const leads = Array.isArray(r.leader_in_dept) ? (r.leader_in_dept as Array<{ dept_id?: unknown; leader?: unknown }>) : [];
  return {
    userId,
    name: str(r.name) ?? userId,
    departmentIds: idList(r.dept_id_list),
    title: str(r.title),
    leaderOf: leads.filter((l) => l.leader === true).map((l) => String(Number(l.dept_id))),
    active: true,
    mobile: normaliseMobile(str(r.mobile)),
    employeeNo: str(r.job_number),
  };
}

function failureOf(call: string, target: string | undefined, err: unknown): ContactFailure {
  const code = isAppError(err) ? Number(err.details.errcode) : Number.NaN;
  if (Number.isInteger(code)) return { call, target, code: String(code), meaning: MEANINGS[code] ?? `钉钉返回错误 ${code}` };
  return { call, target, code: 'network', meaning: `无法连接钉钉接口（${(err as Error).message}）` };
}

const errcodeOf = (err: unknown) => (isAppError(err) ? Number(err.details.errcode) : Number.NaN);

export function createDingtalkContacts(topapi: TopapiCall, o: DingtalkContactsOptions): ContactSource {
  const pacer = createPacer(o.perSecond ?? 20, o.clock, o.sleep);
  const delays = o.retryDelaysMs ?? [1000, 2000, 4000];
  const log = o.logger.child({ channel: 'dingtalk', part: 'contacts' });

  /** One paced call; throttling retried; the IP ban (`status: 1111`, not an errcode) surfaces as errcode 1111. */
  async function call(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      await pacer.wait(path);
      try {
        const json = await topapi(path, body);
        if (Number(json.status) === 1111) throw new AppError('platform.api_error', `${path}: egress IP banned for 5 minutes`, { what: path, errcode: 1111 });
        return json;
      } catch (err) {
        const code = errcodeOf(err);
        const retryable = RETRY.has(code) || (isAppError(err, 'platform.http_error') && err.details.auth !== true);
        if (!retryable || attempt >= delays.length) throw err;
        log.warn('DingTalk contact call throttled or failed; retrying', { path, errcode: code, delayMs: delays[attempt] });
        await o.sleep(delays[attempt]!);
      }
    }
  }

  async function readOrg(): Promise<OrgSnapshot> {
    const failures: ContactFailure[] = [];
    const departments = new Map<string, PlatformDepartment>();
    const members = new Map<string, { m: PlatformMember; leads: Set<string> }>();
    const unlisted: string[] = [];
    let treeComplete = true;
    let calls = 0;
    const counted = (path: string, body: unknown) => {
      calls++;
      return call(path, body);
    };
    const pool = createPool(o.concurrency ?? 5);

    const listMembers = (deptId: string) =>
      pool.add(async () => {
        let cursor = 0;
        try {
          for (;;) {
            const json = await counted('/topapi/v2/user/list', { dept_id: Number(deptId), cursor, size: PAGE, language: 'zh_CN', contain_access_limit: false });
            const result = (json.result ?? {}) as { list?: Array<Record<string, unknown>>; has_more?: unknown; next_cursor?: unknown };
            for (const r of result.list ?? []) {
              const userId = str(r.userid);
              if (!userId) continue;
              const entry = members.get(userId) ?? {
                m: {
                  userId,
                  name: str(r.name) ?? userId,
                  departmentIds: idList(r.dept_id_list),
                  title: str(r.title),
                  leaderOf: [],
                  active: true,
                  mobile: normaliseMobile(str(r.mobile)),
                  employeeNo: str(r.job_number),
                },
                leads: new Set<string>(),
              };
              if (r.leader === true) entry.leads.add(deptId);
              members.set(userId, entry);
            }
            if (result.has_more !== true) break;
            cursor = Number(result.next_cursor);
            if (!Number.isFinite(cursor)) break;
          }
        } catch (err) {
          unlisted.push(deptId);
          failures.push(failureOf('v2/user/list', deptId, err));
        }
      });

    const walk = (deptId: string) =>
      pool.add(async () => {
        try {
          const json = await counted('/topapi/v2/department/listsub', { dept_id: Number(deptId), language: 'zh_CN' });
          for (const r of (json.result ?? []) as Array<Record<string, unknown>>) {
            const d = department({ ...r, parent_id: r.parent_id ?? Number(deptId) });
            if (!d || departments.has(d.id)) continue;
            departments.set(d.id, d);
            walk(d.id);
            listMembers(d.id);
          }
        } catch (err) {
          treeComplete = false;
          failures.push(failureOf('v2/department/listsub', deptId, err));
        }
      });

    try {
      const root = department(((await counted('/topapi/v2/department/get', { dept_id: 1, language: 'zh_CN' })).result ?? {}) as Record<string, unknown>);
      if (root) departments.set(root.id, root);
    } catch (err) {
      treeComplete = false;
      failures.push(failureOf('v2/department/get', ROOT, err));
    }
    if (departments.has(ROOT)) listMembers(ROOT);
    walk(ROOT);
    await pool.idle();
    return {
      channel: 'dingtalk',
      departments: [...departments.values()],
      members: [...members.values()].map(({ m, leads }) => ({ ...m, leaderOf: [...leads] })),
      treeComplete,
      unlistedDepartments: unlisted,
      failures,
      calls,
    };
  }

  return {
    channel: 'dingtalk',
    readOrg,
    async getMember(userId) {
      try {
        return memberFromGet(((await call('/topapi/v2/user/get', { userid: userId, language: 'zh_CN' })).result ?? {}) as Record<string, unknown>) ?? null;
      } catch (err) {
        if (NOT_FOUND.has(errcodeOf(err))) return null;
        throw err;
      }
    },
    async getDepartment(id) {
      try {
        return (
          department(((await call('/topapi/v2/department/get', { dept_id: Number(id), language: 'zh_CN' })).result ?? {}) as Record<string, unknown>) ?? null
        );
      } catch (err) {
        if (NOT_FOUND.has(errcodeOf(err))) return null;
        throw err;
      }
    },
  };
}
