/**
 * Platform departments → the department tree. Pure.
 *
 * Each platform department is matched, parents first, to the department linked to it; else to an unlinked
 * department of the same name under the same parent, else of the same name anywhere when there is exactly
 * one (so a tree imported from a roster is adopted, not duplicated); else, for the platform's root, to the
 * only root there is; else it is created (id `<channel>-<platform id>`). A linked department follows the
 * platform's name and parent unless the roster or an admin pinned it (the roster wins).
 */
import type { ContactChannel, PlatformDepartment } from '../../core/ports/platform-lookup.js';
import type { Department } from '../../store/model.js';
import { isLinked, linkIndex, linkKey, ownPlatformId, pathOf, wouldCycle } from './links.js';

export interface DepartmentPlan {
  /** Department id by platform department id (for every platform department read). */
  readonly localOf: ReadonlyMap<string, string>;
  /** The tree after the plan (unchanged departments included). */
  readonly tree: Map<string, Department>;
  /** Ids of departments created or changed. */
  readonly changed: Set<string>;
  readonly created: number;
  readonly renamed: number;
  readonly moved: number;
  readonly notes: string[];
}

/** Parents before children; departments whose parent is not in the read are roots. */
function parentsFirst(platform: readonly PlatformDepartment[]): PlatformDepartment[] {
  const byId = new Map(platform.map((d) => [d.id, d]));
  const children = new Map<string | undefined, PlatformDepartment[]>();
  for (const d of platform) {
    const parent = d.parentId !== undefined && byId.has(d.parentId) && d.parentId !== d.id ? d.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: PlatformDepartment[] = [];
  const queue = [...(children.get(undefined) ?? [])];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const d = queue.shift()!;
    if (seen.has(d.id)) continue;
    seen.add(d.id);
    out.push(d);
    queue.push(...(children.get(d.id) ?? []));
  }
  return out;
}

/** Applies the platform's departments to `current`. */
export function planDepartments(current: readonly Department[], platform: readonly PlatformDepartment[], channel: ContactChannel): DepartmentPlan {
  const tree = new Map(current.map((d) => [d.id, d]));
  const index = linkIndex(current);
  const localOf = new Map<string, string>();
  const changed = new Set<string>();
  const notes: string[] = [];
  let created = 0;
  let renamed = 0;
  let moved = 0;
  const ordered = parentsFirst(platform);
  const platformRoots = ordered.filter((d) => d.parentId === undefined);

  const set = (d: Department) => {
    tree.set(d.id, d);
    changed.add(d.id);
  };
  /** Moves `d` under `parentId` unless that makes a cycle (a pinned tree disagreeing with the platform). */
  const reparent = (d: Department, parentId: string | undefined): Department => {
    if (d.parentId === parentId) return d;
    if (parentId !== undefined && wouldCycle(d.id, parentId, tree)) {
      notes.push(`部门“${pathOf(d.id, tree)}”未按平台移动：会与名单中的上下级关系形成循环`);
      return d;
    }
    moved++;
    const { parentId: _old, ...rest } = d;
    return parentId === undefined ? rest : { ...rest, parentId };
  };
  const unlinked = (d: Department) => !isLinked(d, channel);

  for (const pd of ordered) {
    const key = linkKey(channel, pd.id);
    // A parent outside the read (beyond the app's visible range) says nothing: the current parent stays.
    const parentKnown = pd.parentId === undefined || localOf.has(pd.parentId);
    const parentLocal = pd.parentId !== undefined ? localOf.get(pd.parentId) : undefined;
    const linkedId = index.get(key);
    if (linkedId !== undefined && tree.has(linkedId)) {
      localOf.set(pd.id, linkedId);
      const d = tree.get(linkedId)!;
      if (d.pinned || ownPlatformId(d, channel) !== pd.id) continue;
      let next = d.name === pd.name ? d : { ...d, name: pd.name };
      if (next !== d) renamed++;
      if (parentKnown) next = reparent(next, parentLocal);
      if (next !== d) set(next);
      continue;
    }
    const all = [...tree.values()];
    const sameName = all.filter((d) => unlinked(d) && d.name === pd.name);
    let match = sameName.find((d) => d.parentId === parentLocal) ?? (sameName.length === 1 ? sameName[0] : undefined);
    if (!match && platformRoots.length === 1 && platformRoots[0] === pd) {
      const localRoots = all.filter((d) => d.parentId === undefined || !tree.has(d.parentId));
      if (localRoots.length === 1 && unlinked(localRoots[0]!)) match = localRoots[0];
    }
    if (match) {
      let next: Department = { ...match, links: [...(match.links ?? []), key] };
      if (!match.pinned) {
        if (next.name !== pd.name) {
          next = { ...next, name: pd.name };
          renamed++;
        }
        if (parentKnown) next = reparent(next, parentLocal);
      }
      set(next);
      index.set(key, next.id);
      localOf.set(pd.id, next.id);
      continue;
    }
    let id = `${channel}-${pd.id}`;
    for (let n = 2; tree.has(id); n++) id = `${channel}-${pd.id}-${n}`;
    set({ id, name: pd.name, ...(parentLocal !== undefined ? { parentId: parentLocal } : {}), links: [key] });
    index.set(key, id);
    localOf.set(pd.id, id);
    created++;
  }
  return { localOf, tree, changed, created, renamed, moved, notes };
}
