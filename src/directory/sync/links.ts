/**
 * Departments ↔ platform departments. A department carries `links` such as 'wecom:5'; the first key of a
 * channel is its own (its name and parent follow the platform), later ones were merged into it. Pure.
 */
import type { ContactChannel } from '../../core/ports/platform-lookup.js';
import type { Department, Person } from '../../store/model.js';

/** 'wecom:5' */
export function linkKey(channel: ContactChannel, platformId: string): string {
  return `${channel}:${platformId}`;
}

/** The platform id a department stands for on `channel` (its own, not merged ones). */
export function ownPlatformId(d: Department, channel: ContactChannel): string | undefined {
  const key = d.links?.find((k) => k.startsWith(`${channel}:`));
  return key?.slice(channel.length + 1);
}

/** Platform key → department id, over every key (own and merged). */
export function linkIndex(departments: Iterable<Department>): Map<string, string> {
  const index = new Map<string, string>();
  for (const d of departments) for (const k of d.links ?? []) if (!index.has(k)) index.set(k, d.id);
  return index;
}

/** Whether the department has any key on `channel`. */
export function isLinked(d: Department, channel: ContactChannel): boolean {
  return d.links?.some((k) => k.startsWith(`${channel}:`)) ?? false;
}

/** The department without the given keys (undefined links when none is left). */
export function withoutLinks(d: Department, keys: ReadonlySet<string>): Department {
  const links = (d.links ?? []).filter((k) => !keys.has(k));
  const { links: _old, ...rest } = d;
  return links.length > 0 ? { ...rest, links } : rest;
}

/** Whether setting `d.parentId = parentId` would make a cycle. */
export function wouldCycle(id: string, parentId: string | undefined, all: ReadonlyMap<string, Department>): boolean {
  for (let at = parentId, n = 0; at !== undefined && n < 1000; at = all.get(at)?.parentId, n++) if (at === id) return true;
  return false;
}

/** '县司法局/执法大队/一中队' */
export function pathOf(id: string | undefined, all: ReadonlyMap<string, Department>): string {
  const names: string[] = [];
  for (let at = id, n = 0; at !== undefined && n < 50; at = all.get(at)?.parentId, n++) {
    const d = all.get(at);
    if (!d) break;
    names.unshift(d.name);
  }
  return names.join('/');
}

/** Drops keys whose value is undefined, so stored records compare equal after a round trip. */
export function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Same person record, ignoring key order, undefined fields and the order of roles/pins/leaderOf. */
export function samePerson(a: Person, b: Person): boolean {
  return canon(a) === canon(b);
}

/** Same department record, ignoring key order and undefined fields. */
export function sameDepartment(a: Department, b: Department): boolean {
  return canon(a) === canon(b);
}

const SETS = new Set(['roles', 'pinned', 'leaderOf']);

function canon(x: object): string {
  return JSON.stringify(x, (k, v: unknown) => {
    if (Array.isArray(v) && SETS.has(k)) return [...v].sort();
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).sort());
    return v;
  });
}
