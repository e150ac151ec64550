/**
 * Platform members → people. Pure.
 *
 * A member is the person with their platform userid; else the person (without an account on that platform
 * yet) with the same 工号 or mobile; else a new person `<channel>:<userid>`. The platform sets name,
 * department (its main one), 职务 and leadership, except fields the roster or an admin pinned (the roster
 * wins). Leadership from one platform replaces only what that platform said before, so a person on both
 * platforms keeps what the other one says. A disabled or departed member is deactivated (history kept)
 * unless they still have an account on the other platform; one who comes back rejoins today.
 */
import type { ContactChannel, PlatformDepartment, PlatformMember } from '../../core/ports/platform-lookup.js';
import { rejoined } from '../../core/membership.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { Department, PinnedField, Person } from '../../core/model.js';
import { withLeaderRole } from './leaders.js';
import { clean, isLinked, samePerson } from './links.js';

export interface MemberPlanInput {
  readonly people: readonly Person[];
  readonly members: readonly PlatformMember[];
  readonly departments: readonly PlatformDepartment[];
  /** Department id by platform department id. */
  readonly localOf: ReadonlyMap<string, string>;
  /** The tree after the department plan. */
  readonly tree: ReadonlyMap<string, Department>;
  readonly channel: ContactChannel;
  readonly today: QuizDay;
}

export interface MemberPlan {
  /** Every person after the plan, by id. */
  readonly people: Map<string, Person>;
  readonly changed: Set<string>;
  readonly created: number;
  readonly moved: number;
  readonly deactivated: number;
  readonly reactivated: number;
  /** Members seen in the read, by userid → person id. */
  readonly seen: ReadonlyMap<string, string>;
  readonly notes: string[];
}

const CONTACT_CHANNELS: readonly ContactChannel[] = ['wecom', 'dingtalk', 'zhengding'];

/** Whether the person still has an account on another platform (then leaving one is not leaving). */
export function onOtherPlatform(p: Person, channel: ContactChannel): boolean {
  return CONTACT_CHANNELS.some((c) => c !== channel && p.identities[c] !== undefined);
}

/** The person deactivated from `today` (history kept). */
export function deactivated(p: Person, today: QuizDay): Person {
  return { ...p, active: false, leftOn: today };
}

export function planMembers(input: MemberPlanInput): MemberPlan {
  const { channel, today, localOf, tree } = input;
  const people = new Map(input.people.map((p) => [p.id, p]));
  const byAccount = new Map<string, string>();
  const byEmployeeNo = new Map<string, string[]>();
  const byMobile = new Map<string, string[]>();
  for (const p of input.people) {
    const account = p.identities[channel];
    if (account) byAccount.set(account, p.id);
    else {
      if (p.employeeNo) byEmployeeNo.set(p.employeeNo, [...(byEmployeeNo.get(p.employeeNo) ?? []), p.id]);
      if (p.mobile) byMobile.set(p.mobile, [...(byMobile.get(p.mobile) ?? []), p.id]);
    }
  }
  const headsOf = new Map<string, string[]>();
  for (const d of input.departments) for (const u of d.leaderUserIds ?? []) headsOf.set(u, [...(headsOf.get(u) ?? []), d.id]);
  const rootIds = new Set(input.departments.filter((d) => d.parentId === undefined).map((d) => d.id));
  const changed = new Set<string>();
  const seen = new Map<string, string>();
  const notes: string[] = [];
  let created = 0;
  let moved = 0;
  let deactivatedCount = 0;
  let reactivated = 0;

  const claimed = new Set<string>();
  const unique = (ids: string[] | undefined) => (ids && ids.length === 1 && !claimed.has(ids[0]!) ? ids[0] : undefined);
  for (const m of input.members) {
    const matchId =
      byAccount.get(m.userId) ?? (m.employeeNo ? unique(byEmployeeNo.get(m.employeeNo)) : undefined) ?? (m.mobile ? unique(byMobile.get(m.mobile)) : undefined);
    const mapped = m.departmentIds.filter((d) => localOf.has(d));
    const mainPlatform = m.mainDepartmentId && mapped.includes(m.mainDepartmentId) ? m.mainDepartmentId : (mapped.find((d) => !rootIds.has(d)) ?? mapped[0]);
    const departmentId = mainPlatform !== undefined ? localOf.get(mainPlatform) : undefined;
    const platformLeads = [...new Set([...m.leaderOf, ...(headsOf.get(m.userId) ?? [])])].flatMap((d) => (localOf.has(d) ? [localOf.get(d)!] : []));
    const existing = matchId !== undefined ? people.get(matchId) : undefined;

    if (!existing) {
      if (!m.active) continue; // never known here, and not a member now: nothing to keep
      let id = `${channel}:${m.userId}`;
      for (let n = 2; people.has(id); n++) id = `${channel}:${m.userId}#${n}`;
      const person: Person = clean({
        id,
        name: m.name,
        departmentId,
        roles: withLeaderRole([], platformLeads.length > 0),
        track: '全员',
        identities: { [channel]: m.userId },
        active: true,
        joinedOn: today,
        title: m.title || undefined,
        leaderOf: platformLeads.length > 0 ? platformLeads : undefined,
        employeeNo: m.employeeNo,
        mobile: m.mobile,
      });
      people.set(id, person);
      changed.add(id);
      seen.set(m.userId, id);
      claimed.add(id);
      created++;
      continue;
    }

    seen.set(m.userId, existing.id);
    claimed.add(existing.id);
    const pinned = new Set<PinnedField>(existing.pinned ?? []);
    let next: Person = { ...existing, identities: { ...existing.identities, [channel]: m.userId } };
    if (!pinned.has('name') && m.name) next = { ...next, name: m.name };
    if (!pinned.has('department') && departmentId !== undefined && departmentId !== existing.departmentId) {
      next = { ...next, departmentId };
      moved++;
    }
    if (!pinned.has('title')) next = { ...next, title: m.title || undefined };
    if (!pinned.has('roles')) {
      // Keep what other sources said about departments this platform does not cover.
      const kept = (existing.leaderOf ?? []).filter((id) => {
        const d = tree.get(id);
        return d !== undefined && !isLinked(d, channel);
      });
      const leaderOf = [...new Set([...kept, ...platformLeads])];
      next = { ...next, leaderOf: leaderOf.length > 0 ? leaderOf : undefined, roles: withLeaderRole(existing.roles, leaderOf.length > 0) };
    }
    next = { ...next, employeeNo: existing.employeeNo ?? m.employeeNo, mobile: existing.mobile ?? m.mobile };
    if (!m.active && existing.active && !onOtherPlatform(existing, channel)) {
      next = deactivated(next, today);
      deactivatedCount++;
    } else if (m.active && !existing.active) {
      if (pinned.has('active')) notes.push(`${existing.name}：平台上为在职，名单标记为离职，保持停用`);
      else {
        // The term they left is kept (earlierTerms), so their study before leaving still counts.
        next = rejoined(next, today);
        reactivated++;
      }
    }
    next = clean(next);
    if (!samePerson(next, existing)) {
      people.set(next.id, next);
      changed.add(next.id);
    }
  }
  return { people, changed, created, moved, deactivated: deactivatedCount, reactivated, seen, notes };
}
