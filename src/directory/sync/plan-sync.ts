/**
 * A read of the platform's organisation (or the part an event names) + the directory → what to write. Pure.
 *
 * A full read ends with a sweep: people no longer in any listing are deactivated and departments no longer
 * on the platform are removed, but only what the read can vouch for (contacts.md §0.5, mark-and-sweep with
 * a brake): nothing when the department tree was not read completely; never the members of a department
 * whose listing failed; never people in departments the platform does not cover (outside the app's visible
 * range, or roster-only); and nobody at all when more than 10 % (and more than 5) would go, unless forced.
 * A department is removed only when empty (no active people, no sub-departments) and not pinned; otherwise
 * it only loses its link.
 */
import type { ContactChannel, OrgSnapshot } from '../../core/ports/platform-lookup.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { Department, Person } from '../../store/model.js';
import { clean, isLinked, linkKey, pathOf, withoutLinks } from './links.js';
import { planDepartments } from './plan-departments.js';
import { deactivated, onOtherPlatform, planMembers } from './plan-members.js';

export interface SyncCounts {
  departmentsCreated: number;
  departmentsRenamed: number;
  departmentsMoved: number;
  departmentsRemoved: number;
  peopleCreated: number;
  peopleUpdated: number;
  peopleMoved: number;
  peopleDeactivated: number;
  peopleReactivated: number;
}

export interface SyncPlan {
  readonly channel: ContactChannel;
  readonly saveDepartments: readonly Department[];
  readonly removeDepartments: readonly string[];
  readonly savePeople: readonly Person[];
  readonly counts: SyncCounts;
  /** Things the admin should know (kept because pinned, brake applied…), in Chinese. */
  readonly notes: readonly string[];
}

export interface SyncPlanOptions {
  readonly today: QuizDay;
  /** Deactivate and remove what the read no longer has (full reads only). */
  readonly sweep: boolean;
  /** Sweep even when more than 10 % of the platform's people would be deactivated. */
  readonly force?: boolean;
}

export interface Directory {
  readonly departments: readonly Department[];
  readonly people: readonly Person[];
}

const zero = (): SyncCounts => ({
  departmentsCreated: 0,
  departmentsRenamed: 0,
  departmentsMoved: 0,
  departmentsRemoved: 0,
  peopleCreated: 0,
  peopleUpdated: 0,
  peopleMoved: 0,
  peopleDeactivated: 0,
  peopleReactivated: 0,
});

/** The share of the platform's people a sweep may deactivate without --force, and the floor below which it always may. */
export const BRAKE_SHARE = 0.1;
export const BRAKE_FLOOR = 5;

type Read = Pick<OrgSnapshot, 'channel' | 'departments' | 'members' | 'treeComplete' | 'unlistedDepartments'>;

export function planSync(current: Directory, read: Read, opts: SyncPlanOptions): SyncPlan {
  const channel = read.channel;
  const d = planDepartments(current.departments, read.departments, channel);
  const m = planMembers({
    people: current.people,
    members: read.members,
    departments: read.departments,
    localOf: d.localOf,
    tree: d.tree,
    channel,
    today: opts.today,
  });
  const counts = zero();
  counts.departmentsCreated = d.created;
  counts.departmentsRenamed = d.renamed;
  counts.departmentsMoved = d.moved;
  counts.peopleCreated = m.created;
  counts.peopleMoved = m.moved;
  counts.peopleDeactivated = m.deactivated;
  counts.peopleReactivated = m.reactivated;
  const notes = [...d.notes, ...m.notes];
  const people = m.people;
  const peopleChanged = m.changed;
  const removed: string[] = [];

  if (opts.sweep && !read.treeComplete) notes.push('部门列表未能完整读取：本次不停用人员、不删除部门（下次同步时再处理）');
  if (opts.sweep && read.treeComplete) {
    const unlisted = new Set(read.unlistedDepartments.map((id) => linkKey(channel, id)));
    const inUnlisted = (p: Person) => {
      const dept = p.departmentId ? d.tree.get(p.departmentId) : undefined;
      return dept?.links?.some((k) => unlisted.has(k)) ?? false;
    };
    const seen = new Set(m.seen.values());
    const gone: Person[] = [];
    let outside = 0;
    let base = 0;
    for (const p of people.values()) {
      if (!p.active || !p.identities[channel]) continue;
      base++;
      if (seen.has(p.id) || inUnlisted(p)) continue;
      const dept = p.departmentId ? d.tree.get(p.departmentId) : undefined;
      if (!dept || !isLinked(dept, channel)) outside++;
      else gone.push(p);
    }
    if (outside > 0) notes.push(`${outside} 人有平台账号但所在部门不在平台通讯录（或应用可见范围）中，保持不变`);
    if (read.unlistedDepartments.length > 0) notes.push(`${read.unlistedDepartments.length} 个部门的成员未能读取，其中人员保持不变`);
    if (gone.length > Math.max(BRAKE_FLOOR, Math.ceil(base * BRAKE_SHARE)) && !opts.force) {
      notes.push(
        `本次有 ${gone.length} 人（共 ${base} 人）已不在平台通讯录中，超过 ${BRAKE_SHARE * 100}%，为防误删未停用。确认无误后用 sync-contacts --force 执行`,
      );
    } else {
      for (const p of gone) {
        const next = onOtherPlatform(p, channel) ? withoutAccount(p, channel) : deactivated(p, opts.today);
        if (!next.active) counts.peopleDeactivated++;
        people.set(p.id, next);
        peopleChanged.add(p.id);
      }
    }
    const platformIds = new Set(read.departments.map((x) => x.id));
    const goneKeys = new Set<string>();
    for (const dept of d.tree.values())
      for (const k of dept.links ?? []) if (k.startsWith(`${channel}:`) && !platformIds.has(k.slice(channel.length + 1))) goneKeys.add(k);
    const r = removeLinked(d.tree, people, goneKeys);
    removed.push(...r.removed);
    for (const id of r.changed) d.changed.add(id);
    notes.push(...r.notes);
  }
  counts.departmentsRemoved = removed.length;
  counts.peopleUpdated = peopleChanged.size - m.created;
  const removedSet = new Set(removed);
  return {
    channel,
    saveDepartments: [...d.changed].filter((id) => !removedSet.has(id)).map((id) => d.tree.get(id)!),
    removeDepartments: removed,
    savePeople: [...peopleChanged].map((id) => people.get(id)!),
    counts,
    notes,
  };
}

/** The person without their account on `channel` (they left that platform but not the other). */
function withoutAccount(p: Person, channel: ContactChannel): Person {
  const { [channel]: _gone, ...identities } = p.identities;
  return { ...p, identities };
}

/**
 * Drops the platform keys in `goneKeys` from the tree (mutating `tree`); a department left without links,
 * unpinned, without active people and without sub-departments is removed (children first).
 */
export function removeLinked(
  tree: Map<string, Department>,
  people: ReadonlyMap<string, Person>,
  goneKeys: ReadonlySet<string>,
): { removed: string[]; changed: string[]; notes: string[] } {
  const removed: string[] = [];
  const changed: string[] = [];
  const notes: string[] = [];
  const occupied = new Map<string, number>();
  for (const p of people.values()) if (p.active && p.departmentId) occupied.set(p.departmentId, (occupied.get(p.departmentId) ?? 0) + 1);
  const affected = [...tree.values()].filter((x) => x.links?.some((k) => goneKeys.has(k)));
  for (const dept of affected) {
    const next = withoutLinks(dept, goneKeys);
    tree.set(dept.id, next);
    changed.push(dept.id);
  }
  // Children before parents: repeat until nothing more can go.
  let progress = true;
  const candidates = new Set(affected.map((x) => x.id));
  while (progress) {
    progress = false;
    for (const id of candidates) {
      const dept = tree.get(id)!;
      const hasChildren = [...tree.values()].some((x) => x.parentId === id);
      if (dept.links?.length || dept.pinned || occupied.has(id) || hasChildren) continue;
      notes.push(`部门“${pathOf(id, tree)}”已在平台删除，已移除`);
      tree.delete(id);
      removed.push(id);
      candidates.delete(id);
      progress = true;
    }
  }
  for (const id of candidates) {
    const dept = tree.get(id)!;
    if (dept.links?.length) continue;
    const why = occupied.has(id) ? `其中仍有 ${occupied.get(id)} 人` : dept.pinned ? '由名单或管理员维护' : '仍有下级部门';
    notes.push(`部门“${pathOf(id, tree)}”已在平台删除，但${why}，予以保留`);
  }
  return { removed, changed: changed.filter((id) => tree.has(id)), notes };
}

/** An event said these members left: deactivate them (or drop that account when they are on both platforms). */
export function planLeave(current: Directory, channel: ContactChannel, userIds: readonly string[], today: QuizDay): SyncPlan {
  const counts = zero();
  const savePeople: Person[] = [];
  const ids = new Set(userIds);
  for (const p of current.people) {
    const account = p.identities[channel];
    if (!account || !ids.has(account)) continue;
    if (onOtherPlatform(p, channel)) savePeople.push(withoutAccount(p, channel));
    else if (p.active) {
      savePeople.push(clean(deactivated(p, today)));
      counts.peopleDeactivated++;
    }
  }
  counts.peopleUpdated = savePeople.length;
  return { channel, saveDepartments: [], removeDepartments: [], savePeople, counts, notes: [] };
}

/** An event said these platform departments were deleted. */
export function planDepartmentRemoval(current: Directory, channel: ContactChannel, platformIds: readonly string[]): SyncPlan {
  const tree = new Map(current.departments.map((x) => [x.id, x]));
  const people = new Map(current.people.map((p) => [p.id, p]));
  const r = removeLinked(tree, people, new Set(platformIds.map((id) => linkKey(channel, id))));
  const counts = zero();
  counts.departmentsRemoved = r.removed.length;
  return { channel, saveDepartments: r.changed.map((id) => tree.get(id)!), removeDepartments: r.removed, savePeople: [], counts, notes: r.notes };
}

/** Whether a plan writes anything. */
export function isEmptyPlan(p: SyncPlan): boolean {
  return p.saveDepartments.length === 0 && p.removeDepartments.length === 0 && p.savePeople.length === 0;
}
