/**
 * The roster import plan: parsed rows + the current directory + today → what to write. Pure.
 *
 * - Person id: 工号 if given, else the WeCom userid, else the DingTalk staffId. A row with both platform
 *   ids is one person (one record, studies once). Existing people are matched by id or by any identity
 *   and keep their id, so their history stays theirs.
 * - New people join today; existing people keep joinedOn. Leavers (状态 离职, or absent from the file with
 *   `deactivateMissing`) get active:false and leftOn today. A leaver listed again as 在职 rejoins today.
 * - Rows with errors contribute nothing; the caller decides whether the rest may be applied.
 * - Demo people and departments (the playground's) are never matched, moved or deactivated by a roster, and a
 *   new person never takes an id a demo person holds, or one with history (directory/demo-data.ts).
 */
import type { QuizDay } from '../../core/quiz-day.js';
import type { Department, Person } from '../../store/model.js';
import { isDemo, isReservedDemoId } from '../demo-data.js';
import { DepartmentResolver } from './departments.js';
import type { ParsedRoster, RosterEntry, RowError } from './parse-rows.js';

export interface RosterPlan {
  /** New departments to upsert. */
  readonly departments: readonly Department[];
  /** New or changed people (deactivations excluded). */
  readonly people: readonly Person[];
  /** How many of `people` are new. */
  readonly created: number;
  /** People made inactive, as they will be stored. */
  readonly deactivations: readonly Person[];
  /** Rows that change nothing (including leavers already inactive or never imported). */
  readonly unchanged: number;
  readonly errors: readonly RowError[];
}

export interface PlanOptions {
  readonly deactivateMissing?: boolean;
  /** Ids that have quiz history but no person (e.g. demo people removed by `demo clear`): never reused. */
  readonly idsWithHistory?: ReadonlySet<string>;
}

interface Current {
  readonly departments: readonly Department[];
  readonly people: readonly Person[];
}

/** Keys an entry may match an existing person by: strong ones first, then the weaker id/playground guesses. */
function matchKeys(e: RosterEntry): { strong: string[]; weak: string[] } {
  const strong = [e.employeeNo && `id:${e.employeeNo}`, e.wecom && `wecom:${e.wecom}`, e.dingtalk && `dingtalk:${e.dingtalk}`];
  const weak = [e.wecom, e.dingtalk].flatMap((u) => (u ? [`id:${u}`, `playground:${u}`] : []));
  return { strong: strong.filter((k): k is string => !!k), weak };
}

function personKeys(p: Person): string[] {
  return [
    `id:${p.id}`,
    ...Object.entries(p.identities)
      .filter(([, v]) => v)
      .map(([c, v]) => `${c}:${v}`),
  ];
}

/** Same record, ignoring key order and roles order. */
export function samePerson(a: Person, b: Person): boolean {
  const canon = (p: Person) =>
    JSON.stringify(
      {
        ...p,
        roles: [...p.roles].sort(),
        identities: Object.fromEntries(
          Object.entries(p.identities)
            .filter(([, v]) => v)
            .sort(),
        ),
      },
      (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v),
    );
  return canon(a) === canon(b);
}

export function planRoster(parsed: ParsedRoster, current: Current, today: QuizDay, opts: PlanOptions = {}): RosterPlan {
  const errors: RowError[] = [...parsed.errors];
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

  // The same account, or the same person, on two rows: every row involved is reported.
  const seen = new Map<string, number[]>();
  const note = (k: string, row: number) => seen.set(k, [...(seen.get(k) ?? []), row]);
  const matched = new Map<number, Person | undefined>();
  const listed = new Set<string>();
  for (const e of parsed.entries) {
    if (e.employeeNo) note(`工号“${e.employeeNo}”`, e.row);
    if (e.wecom) note(`企业微信账号“${e.wecom}”`, e.row);
    if (e.dingtalk) note(`钉钉账号“${e.dingtalk}”`, e.row);
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
    for (const p of hits) listed.add(p.id);
    if (hits.size > 1) {
      fail(e.row, `账号分属系统中不同的人员（${[...hits].map((p) => `${p.name}/${p.id}`).join('、')}），无法自动合并，请核对`);
      continue;
    }
    const [hit] = hits;
    matched.set(e.row, hit);
    note(hit ? `人员“${hit.name}”（${hit.id}）` : `人员编号“${e.employeeNo ?? e.wecom ?? e.dingtalk}”`, e.row);
  }
  const reported = new Set<string>();
  for (const [what, rows] of seen) {
    if (rows.length < 2 || reported.has(rows.join())) continue;
    reported.add(rows.join());
    for (const row of rows) fail(row, `${what}在第 ${rows.join('、')} 行重复出现`);
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
  for (const e of parsed.entries) {
    if (bad.has(e.row)) continue;
    const existing = matched.get(e.row);
    if (!e.active) {
      if (existing?.active) deactivations.push({ ...existing, active: false, leftOn: today });
      else unchanged++;
      continue;
    }
    const dept = resolver.resolve(e);
    if ('error' in dept) {
      fail(e.row, dept.error);
      continue;
    }
    const departmentId = resolver.ensure(dept.path);
    const accountId = e.wecom ?? e.dingtalk!;
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
    if (!existing) {
      created++;
      // An id someone else holds, or one with history (a cleared demo person's), would mix records: qualify it.
      const bare = e.employeeNo ?? accountId;
      const clash = takenIds.has(bare) || isReservedDemoId(bare) || opts.idsWithHistory?.has(bare);
      const id = clash ? `${e.wecom ? 'wecom' : 'dingtalk'}:${accountId}` : bare;
      takenIds.add(id);
      people.push({
        id,
        name: e.name,
        departmentId,
        roles: e.roles ?? ['member'],
        track: e.track ?? '全员',
        identities,
        active: true,
        joinedOn: today,
      });
      continue;
    }
    const { leftOn: _left, ...rest } = existing;
    const next: Person = {
      ...(existing.active ? existing : { ...rest, active: true, joinedOn: today }),
      name: e.name,
      departmentId,
      roles: e.roles ?? existing.roles,
      track: e.track ?? existing.track,
      identities,
    };
    if (samePerson(next, existing)) unchanged++;
    else people.push(next);
  }

  if (opts.deactivateMissing) {
    for (const p of realPeople) if (p.active && !listed.has(p.id)) deactivations.push({ ...p, active: false, leftOn: today });
  }
  errors.sort((a, b) => a.row - b.row);
  return { departments: resolver.created, people, created, deactivations, unchanged, errors };
}
