/**
 * The roster import plan: parsed rows + the current directory + today → what to write. Pure.
 *
 * - Person id: 工号 if given, else the WeCom userid, else the DingTalk staffId. A row with both platform
 *   ids is one person (one record, studies once). Existing people are matched by id or by any identity
 *   (工号, accounts; then mobile for people not yet on a platform) and keep their id, so their history stays theirs.
 * - The same account (or person) on a later row: that row is skipped and reported, the first one is kept.
 * - New people join today; existing people keep joinedOn. Leavers (状态 离职, or absent from the file with
 *   `deactivateMissing`) get active:false and leftOn today. A leaver listed again as 在职 rejoins today; the
 *   term they left is kept (`earlierTerms`), so their study before leaving still counts.
 * - 职务 matching the leader-title pattern (LEADER_TITLE_PATTERN) makes the person a leader of their
 *   department (of the unit above when they sit in its 局领导 group).
 * - What the sheet says is pinned (name, department, and roles/title/状态 where given): a contact sync does
 *   not overwrite it (the roster wins where both speak). Departments the roster creates are pinned too.
 * - Rows with errors contribute nothing; the caller decides whether the rest may be applied.
 * - Demo people and departments (the playground's) are never matched, moved or deactivated by a roster, and a
 *   new person never takes an id a demo person holds, or one with history (directory/demo-data.ts).
 */
import { rejoined } from '../../core/membership.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { Department, PinnedField, Person, Role } from '../../store/model.js';
import { DEFAULT_LEADER_TITLES, ledDepartment, withLeaderRole } from '../sync/leaders.js';
import { clean, samePerson } from '../sync/links.js';
import { isDemo, isReservedDemoId } from '../demo-data.js';
import { DepartmentResolver } from './departments.js';
import type { ParsedRoster, RosterEntry, RowError } from './parse-rows.js';

export interface RosterPlan {
  /** New departments and departments moved into the sheet's tree, to upsert. */
  readonly departments: readonly Department[];
  /** How many of `departments` are new. */
  readonly departmentsCreated: number;
  /** New or changed people (deactivations excluded). */
  readonly people: readonly Person[];
  /** How many of `people` are new. */
  readonly created: number;
  /** People made inactive, as they will be stored. */
  readonly deactivations: readonly Person[];
  /** Rows that change nothing (including leavers already inactive or never imported). */
  readonly unchanged: number;
  readonly errors: readonly RowError[];
  /** Rows skipped without blocking the import (a repeated account: the first row is kept). */
  readonly warnings: readonly RowError[];
}

export interface PlanOptions {
  readonly deactivateMissing?: boolean;
  /** 职务 that make a leader (default DEFAULT_LEADER_TITLES). */
  readonly leaderTitles?: RegExp;
  /** Ids that have quiz history but no person (e.g. demo people removed by `demo clear`): never reused. */
  readonly idsWithHistory?: ReadonlySet<string>;
}

interface Current {
  readonly departments: readonly Department[];
  readonly people: readonly Person[];
}

/** Keys an entry may match an existing person by: strong ones first, then the weaker id/playground/mobile guesses. */
function matchKeys(e: RosterEntry): { strong: string[]; weak: string[] } {
  const strong = [
    e.employeeNo && `id:${e.employeeNo}`,
    e.employeeNo && `no:${e.employeeNo}`,
    e.wecom && `wecom:${e.wecom}`,
    e.dingtalk && `dingtalk:${e.dingtalk}`,
  ];
  const weak = [...[e.wecom, e.dingtalk].flatMap((u) => (u ? [`id:${u}`, `playground:${u}`] : [])), ...(e.mobile ? [`mobile:${e.mobile}`] : [])];
  return { strong: strong.filter((k): k is string => !!k), weak };
}

function personKeys(p: Person): string[] {
  return [
    `id:${p.id}`,
    ...(p.employeeNo ? [`no:${p.employeeNo}`] : []),
    ...(p.mobile ? [`mobile:${p.mobile}`] : []),
    ...Object.entries(p.identities)
      .filter(([, v]) => v)
      .map(([c, v]) => `${c}:${v}`),
  ];
}

export function planRoster(parsed: ParsedRoster, current: Current, today: QuizDay, opts: PlanOptions = {}): RosterPlan {
  const leaderTitles = opts.leaderTitles ?? new RegExp(DEFAULT_LEADER_TITLES);
  const errors: RowError[] = [...parsed.errors];
  const warnings: RowError[] = [];
  const bad = new Set<number>();
  const fail = (row: number, reason: string) => {
    errors.push({ row, reason });
    bad.add(row);
  };
  // Demo people and departments are never the bureau's: a roster row is not matched to them (demo-data.ts).
  const realPeople = current.people.filter((p) => !isDemo(p));
  const takenIds = new Set(current.people.map((p) => p.id));
  const index = new Map<string, Person>();
  for (const p of realPeople) for (const k of personKeys(p)) if (!index.has(k)) index.set(k, p);

  // The same account, or the same person, on a later row: that row is skipped, the first one kept.
  const firstRow = new Map<string, number>();
  const matched = new Map<number, Person | undefined>();
  const listed = new Set<string>();
  for (const e of parsed.entries) {
    const { strong, weak } = matchKeys(e);
    const hits = new Set(strong.map((k) => index.get(k)).filter((p): p is Person => !!p));
    if (hits.size === 0)
      for (const k of weak) {
        const p = index.get(k);
        if (p) {
          hits.add(p);
          break;
        }
      }
    if (hits.size > 1) {
      for (const p of hits) listed.add(p.id);
      fail(e.row, `账号分属系统中不同的人员（${[...hits].map((p) => `${p.name}/${p.id}`).join('、')}），无法自动合并，请核对`);
      continue;
    }
    const [hit] = hits;
    const keys = [
      ...(e.employeeNo ? [`工号“${e.employeeNo}”`] : []),
      ...(e.wecom ? [`企业微信账号“${e.wecom}”`] : []),
      ...(e.dingtalk ? [`钉钉账号“${e.dingtalk}”`] : []),
      hit ? `人员“${hit.name}”（${hit.id}）` : `人员编号“${e.employeeNo ?? e.wecom ?? e.dingtalk}”`,
    ];
    const repeated = keys.find((k) => firstRow.has(k));
    if (repeated) {
      const first = firstRow.get(repeated)!;
      warnings.push({ row: e.row, reason: `${repeated}与第 ${first} 行重复，已跳过此行（保留第 ${first} 行）` });
      bad.add(e.row);
      continue;
    }
    for (const k of keys) firstRow.set(k, e.row);
    if (hit) listed.add(hit.id);
    matched.set(e.row, hit);
  }

  const resolver = new DepartmentResolver(
    current.departments.filter((d) => !isDemo(d)),
    parsed.entries,
  );
  const people: Person[] = [];
  const deactivations: Person[] = [];
  let created = 0,
    unchanged = 0;
  const playgroundIds = new Set(current.people.map((p) => p.identities.playground).filter(Boolean));
  const pending: Array<{ e: RosterEntry; existing?: Person; departmentId: string }> = [];
  for (const e of parsed.entries) {
    if (bad.has(e.row)) continue;
    const existing = matched.get(e.row);
    if (!e.active) {
      if (existing?.active) deactivations.push(clean({ ...existing, active: false, leftOn: today, pinned: pins(existing, ['active']) }));
      else unchanged++;
      continue;
    }
    const dept = resolver.resolve(e);
    if ('error' in dept) {
      fail(e.row, dept.error);
      continue;
    }
    pending.push({ e, existing, departmentId: resolver.ensure(dept.path) });
  }
  const tree = new Map([...current.departments, ...resolver.created, ...resolver.moved].map((d) => [d.id, d]));

  for (const { e, existing, departmentId } of pending) {
    const accountId = e.wecom ?? e.dingtalk ?? e.employeeNo!;
    let playground = existing?.identities.playground;
    if (!playground && !playgroundIds.has(accountId)) {
      playground = accountId;
      playgroundIds.add(accountId);
    }
    const identities = {
      ...existing?.identities,
      ...(e.wecom ? { wecom: e.wecom } : {}),
      ...(e.dingtalk ? { dingtalk: e.dingtalk } : {}),
      ...(playground ? { playground } : {}),
    };
    const lead = leadership(e, existing, departmentId, tree, leaderTitles);
    const spoke: PinnedField[] = ['name', 'department', ...(lead.pinned ? (['roles'] as const) : []), ...(e.title ? (['title'] as const) : [])];
    if (!existing) {
      created++;
      // An id someone else holds, or one with history (a cleared demo person's), would mix records: qualify it.
      const bare = e.employeeNo ?? accountId;
      const clash = takenIds.has(bare) || isReservedDemoId(bare) || opts.idsWithHistory?.has(bare);
      const id = !clash ? bare : e.wecom ? `wecom:${e.wecom}` : e.dingtalk ? `dingtalk:${e.dingtalk}` : `roster:${bare}`;
      takenIds.add(id);
      people.push(
        clean({
          id,
          name: e.name,
          departmentId,
          roles: lead.roles,
          track: e.track ?? '全员',
          identities,
          active: true,
          joinedOn: today,
          title: e.title,
          leaderOf: lead.leaderOf,
          employeeNo: e.employeeNo,
          mobile: e.mobile,
          pinned: spoke,
        }),
      );
      continue;
    }
    const next: Person = clean({
      ...rejoined(existing, today),
      name: e.name,
      departmentId,
      roles: lead.roles,
      leaderOf: lead.leaderOf,
      track: e.track ?? existing.track,
      identities,
      title: e.title ?? existing.title,
      employeeNo: e.employeeNo ?? existing.employeeNo,
      mobile: e.mobile ?? existing.mobile,
      pinned: pins(existing, spoke, ['active']),
    });
    if (samePerson(next, existing)) unchanged++;
    else people.push(next);
  }

  if (opts.deactivateMissing) {
    for (const p of realPeople) if (p.active && !listed.has(p.id)) deactivations.push({ ...p, active: false, leftOn: today });
  }
  errors.sort((a, b) => a.row - b.row);
  warnings.sort((a, b) => a.row - b.row);
  return {
    departments: [...resolver.created, ...resolver.moved],
    departmentsCreated: resolver.created.length,
    people,
    created,
    deactivations,
    unchanged,
    errors,
    warnings,
  };
}

/** The person's pins plus `add`, minus `drop`; undefined when none. */
function pins(p: Person | undefined, add: readonly PinnedField[], drop: readonly PinnedField[] = []): PinnedField[] | undefined {
  const set = new Set([...(p?.pinned ?? []), ...add]);
  for (const f of drop) set.delete(f);
  return set.size > 0 ? [...set].sort() : undefined;
}

/**
 * Roles and led departments from the 角色 and 职务 columns; `pinned` when either spoke (the sheet decides).
 * Neither column given: the person keeps what they had.
 */
function leadership(
  e: RosterEntry,
  existing: Person | undefined,
  departmentId: string,
  tree: ReadonlyMap<string, Department>,
  leaderTitles: RegExp,
): { roles: Role[]; leaderOf?: string[]; pinned: boolean } {
  if (e.roles === undefined && e.title === undefined) {
    return { roles: [...(existing?.roles ?? ['member'])], leaderOf: existing?.leaderOf ? [...existing.leaderOf] : undefined, pinned: false };
  }
  const byTitle = e.title !== undefined && leaderTitles.test(e.title);
  const base: readonly Role[] = e.roles ?? existing?.roles ?? ['member'];
  const roles = e.roles !== undefined ? (byTitle ? withLeaderRole(base, true) : [...base]) : withLeaderRole(base, byTitle);
  const leader = roles.includes('leader');
  return { roles, leaderOf: leader ? [ledDepartment(departmentId, tree)] : undefined, pinned: true };
}
