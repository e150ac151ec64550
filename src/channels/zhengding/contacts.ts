/**
 * The 浙政钉 通讯录 (zhengding.md §6) as a ContactSource. A full read: the app's visible roots from
 * `GET /auth/scopesV2` (content.deptVisibleScopes), then breadth first `pageSubOrganizationCodes` (status A,
 * pages of 100), names and heads by `listOrganizationsByCodes` (batches of 100), each organisation's people by
 * `pageOrganizationEmployeePositions` (employeeStatus A, pages of 100), and their accountIds (the messaging and
 * sign-in id) by `listEmployeeAccountIds` (batches of 100). A member's id on this platform is the accountId.
 * Heads: an organisation's `responsibleEmployeeCodes` ("GE_a|GE_b"), and a position whose 职务 (govEmpPosJob)
 * matches the leader titles. An organisation outside the app's scope (300037) is skipped and reported.
 * Rate limits are not documented: at most 5 calls at once, 10 a second, gateway errors retried after 1, 2, 4 s.
 */
import type { Clock } from '../../core/clock.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type Sleep, createPacer, createPool } from '../../core/pace.js';
import type { ContactFailure, ContactSource, OrgSnapshot, PlatformDepartment, PlatformMember } from '../../core/ports/platform-lookup.js';
import { ZZD_OUT_OF_SCOPE, type ZzdCall } from './client.js';
import type { ZzdParam } from './sign.js';

const PAGE = 100;
const BATCH = 100;

export interface ZzdContactsOptions {
  readonly call: ZzdCall;
  readonly tenantId: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: Sleep;
  /** 职务 that make a position's holder a head of its organisation (LEADER_TITLE_PATTERN). */
  readonly leaderTitles?: RegExp;
  readonly perSecond?: number;
  readonly concurrency?: number;
  readonly retryDelaysMs?: readonly number[];
}

interface Position {
  readonly organizationCode?: string;
  readonly mainJob?: boolean;
  readonly govEmpPosJob?: string;
  readonly status?: string;
}
interface EmployeeRow {
  readonly employeeCode?: string;
  readonly employeeName?: string;
  readonly status?: string;
  readonly govEmployeePositions?: readonly Position[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const chunks = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

function failureOf(call: string, target: string | undefined, err: unknown): ContactFailure {
  if (isAppError(err, 'platform.api_error')) {
    const code = String(err.details.responseCode ?? 'unknown');
    const meaning =
      code === ZZD_OUT_OF_SCOPE
        ? '组织不在应用的可见范围内（没有该组织的操作权限），已跳过；如需同步请管理员调整应用可见范围'
        : err.details.signature === true
          ? '签名不匹配：请核对 ZZD_APP_KEY / ZZD_APP_SECRET 和服务器时间'
          : `浙政钉返回错误 ${code} ${String(err.details.responseMessage ?? '')}`.trim();
    return { call, target, code, meaning };
  }
  const status = isAppError(err) ? err.details.status : undefined;
  return {
    call,
    target,
    code: status === undefined ? 'network' : String(status),
    meaning: `无法连接浙政钉接口（${(err as Error).message}）：请确认服务器能访问 ZZD_API_BASE（政务外网）`,
  };
}

export function createZzdContacts(o: ZzdContactsOptions): ContactSource {
  const pacer = createPacer(o.perSecond ?? 10, o.clock, o.sleep);
  const delays = o.retryDelaysMs ?? [1000, 2000, 4000];
  const log = o.logger.child({ channel: 'zhengding', part: 'contacts' });
  const tenant: ZzdParam = ['tenantId', o.tenantId];

  /** One paced call; gateway and network failures retried (API answers are not). */
  async function call(method: 'GET' | 'POST', path: string, params: readonly ZzdParam[]): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      await pacer.wait(path);
      try {
        return await o.call(method, path, params);
      } catch (err) {
        if (isAppError(err, 'platform.api_error') || attempt >= delays.length) throw err;
        log.warn('浙政钉 contact call failed; retrying', { path, delayMs: delays[attempt] });
        await o.sleep(delays[attempt]!);
      }
    }
  }

  /** Every page of a paged API (`data` of each page, until a short page or totalSize). */
  async function pages<T>(path: string, params: readonly ZzdParam[], count: () => void): Promise<T[]> {
    const out: T[] = [];
    for (let pageNo = 1; ; pageNo++) {
      count();
      const content = await call('POST', path, [...params, ['pageNo', String(pageNo)], ['pageSize', String(PAGE)], ['returnTotalSize', 'true']]);
      const data = list<T>(content.data);
      out.push(...data);
      const total = Number(content.totalSize);
      if (data.length < PAGE || (Number.isFinite(total) && out.length >= total)) return out;
    }
  }

  async function accountIds(codes: readonly string[], count: () => void): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const batch of chunks(codes, BATCH)) {
      count();
      const content = await call('POST', '/mozi/employee/listEmployeeAccountIds', [tenant, ...batch.map((c): ZzdParam => ['employeeCodes', c])]);
      for (const r of list<{ accountId?: unknown; employeeCode?: unknown }>(content.data)) {
        const code = str(r.employeeCode);
        if (code && (typeof r.accountId === 'number' || typeof r.accountId === 'string') && /^\d+$/.test(String(r.accountId)))
          out.set(code, String(r.accountId));
      }
    }
    return out;
  }

  async function readOrg(): Promise<OrgSnapshot> {
    const failures: ContactFailure[] = [];
    const unlisted: string[] = [];
    let treeComplete = true;
    let calls = 0;
    const count = () => {
      calls++;
    };
    const pool = createPool(o.concurrency ?? 5);
    const parents = new Map<string, string | undefined>();
    const rows = new Map<string, { row: EmployeeRow; orgs: Set<string> }>();

    const listPeople = (org: string) =>
      pool.add(async () => {
        try {
          const found = await pages<EmployeeRow>(
            '/mozi/organization/pageOrganizationEmployeePositions',
            [tenant, ['organizationCode', org], ['employeeStatus', 'A']],
            count,
          );
          for (const row of found) {
            const code = str(row.employeeCode);
            if (!code || (row.status && row.status !== 'A')) continue;
            const entry = rows.get(code) ?? { row, orgs: new Set<string>() };
            entry.orgs.add(org);
            rows.set(code, entry);
          }
        } catch (err) {
          unlisted.push(org);
          failures.push(failureOf('pageOrganizationEmployeePositions', org, err));
        }
      });

    const walk = (org: string) =>
      pool.add(async () => {
        try {
          const children = await pages<unknown>('/mozi/organization/pageSubOrganizationCodes', [tenant, ['organizationCode', org], ['status', 'A']], count);
          for (const child of children) {
            const code = str(child);
            if (!code || parents.has(code)) continue;
            parents.set(code, org);
            walk(code);
          }
        } catch (err) {
          const failure = failureOf('pageSubOrganizationCodes', org, err);
          failures.push(failure);
          if (failure.code === ZZD_OUT_OF_SCOPE) {
            parents.delete(org);
            return;
          }
          treeComplete = false;
        }
      });

    let roots: string[] = [];
    try {
      count();
      const content = await call('GET', '/auth/scopesV2', [tenant]);
      roots = list<unknown>(content.deptVisibleScopes).flatMap((x) => str(x) ?? []);
    } catch (err) {
      treeComplete = false;
      failures.push(failureOf('auth/scopesV2', undefined, err));
    }
    for (const root of roots) {
      if (parents.has(root)) continue;
      parents.set(root, undefined);
      walk(root);
    }
    await pool.idle();

    // Names, parents and heads, in batches of 100 (an organisation missing from the answers is left out).
    const departments = new Map<string, PlatformDepartment & { heads: string[] }>();
    for (const batch of chunks([...parents.keys()], BATCH)) {
      try {
        count();
        const content = await call('POST', '/mozi/organization/listOrganizationsByCodes', [tenant, ...batch.map((c): ZzdParam => ['organizationCodes', c])]);
        for (const r of list<Record<string, unknown>>(content.data)) {
          const id = str(r.organizationCode);
          const name = str(r.organizationName);
          if (!id || !name || !parents.has(id) || (r.status !== undefined && r.status !== 'A')) continue;
          const parent = parents.get(id) ?? str(r.parentCode);
          departments.set(id, {
            id,
            name,
            parentId: parent && parents.has(parent) ? parent : undefined,
            heads: (str(r.responsibleEmployeeCodes) ?? '').split('|').flatMap((x) => str(x) ?? []),
          });
        }
      } catch (err) {
        treeComplete = false;
        failures.push(failureOf('listOrganizationsByCodes', batch[0], err));
      }
    }
    for (const id of departments.keys()) listPeople(id);
    await pool.idle();

    let accounts = new Map<string, string>();
    const codes = [...new Set([...rows.keys(), ...[...departments.values()].flatMap((d) => d.heads)])];
    try {
      accounts = await accountIds(codes, count);
    } catch (err) {
      failures.push(failureOf('listEmployeeAccountIds', undefined, err));
      unlisted.push(...departments.keys());
    }

    const members: PlatformMember[] = [];
    let noAccount = 0;
    for (const [code, { row, orgs }] of rows) {
      const userId = accounts.get(code);
      if (!userId) {
        noAccount++;
        continue;
      }
      const positions = (row.govEmployeePositions ?? []).filter(
        (p) => (!p.status || p.status === 'A') && p.organizationCode && departments.has(p.organizationCode),
      );
      const departmentIds = [...new Set([...positions.map((p) => p.organizationCode!), ...orgs].filter((d) => departments.has(d)))];
      const main = positions.find((p) => p.mainJob === true) ?? positions[0];
      const leaderOf = new Set<string>();
      for (const d of departmentIds) if (departments.get(d)!.heads.includes(code)) leaderOf.add(d);
      for (const p of positions) if (o.leaderTitles && p.govEmpPosJob && o.leaderTitles.test(p.govEmpPosJob.trim())) leaderOf.add(p.organizationCode!);
      members.push({
        userId,
        name: str(row.employeeName) ?? userId,
        departmentIds,
        mainDepartmentId: main?.organizationCode,
        title: str(main?.govEmpPosJob),
        leaderOf: [...leaderOf],
        active: true,
      });
    }
    if (noAccount > 0 && accounts.size > 0) {
      failures.push({ call: 'listEmployeeAccountIds', code: 'no-account', meaning: `${noAccount} 人没有浙政钉账号（accountId），无法推送和登录，未同步` });
    }
    log.info('浙政钉 通讯录 read', { departments: departments.size, members: members.length, calls, failures: failures.length });
    return {
      channel: 'zhengding',
      departments: [...departments.values()].map(({ heads, ...d }) => ({ ...d, leaderUserIds: heads.flatMap((h) => accounts.get(h) ?? []) })),
      members,
      treeComplete,
      unlistedDepartments: [...new Set(unlisted)],
      failures,
      calls,
    };
  }

  /** One organisation's record, or null when the platform says it is gone or out of scope. */
  async function getDepartment(id: string): Promise<PlatformDepartment | null> {
    try {
      const content = await call('POST', '/mozi/organization/getOrganizationByCode', [tenant, ['organizationCode', id]]);
      const d = (content.data ?? {}) as Record<string, unknown>;
      const name = str(d.organizationName);
      if (!name || (d.status !== undefined && d.status !== 'A')) return null;
      return { id, name, parentId: str(d.parentCode) };
    } catch (err) {
      if (isAppError(err, 'platform.api_error') && err.details.responseCode === ZZD_OUT_OF_SCOPE) return null;
      throw err;
    }
  }

  // A full read for lookups, shared by concurrent callers and reused for 10 minutes.
  let recent: { at: number; read: Promise<OrgSnapshot> } | undefined;
  function recentRead(): Promise<OrgSnapshot> {
    const now = o.clock.now().getTime();
    if (!recent || now - recent.at > 10 * 60_000) {
      const read = readOrg();
      recent = { at: now, read };
      read.catch(() => {
        if (recent?.read === read) recent = undefined;
      });
    }
    return recent.read;
  }

  /**
   * One member by accountId. The per-person APIs' answers are not documented (zhengding.md §6 gives their
   * paths only), so a member is found in a full read (shared and reused for 10 minutes: a morning of first
   * sign-ins costs one read); the nightly sync and `sync-contacts` keep everyone current.
   */
  async function getMember(userId: string): Promise<PlatformMember | null> {
    const snapshot = await recentRead();
    const found = snapshot.members.find((m) => m.userId === userId);
    if (found) return found;
    if (!snapshot.treeComplete || snapshot.unlistedDepartments.length > 0) {
      throw new Error(`浙政钉 member ${userId}: the 通讯录 could not be read in full`);
    }
    return null;
  }

  return { channel: 'zhengding', readOrg, getMember, getDepartment };
}
