/**
 * Demo data and real data (issue 11 item 10). Demo departments and people (the playground's seed, `seed-demo`,
 * people the playground creates) carry `demo: true`. Two worlds follow from it:
 * - the demo world: demo people see, rank and reach only demo people (the playground sandbox);
 * - the real world: real people, reports, the Excel export, the admin API and scheduled pushes. Demo entries
 *   count here only in a demo installation (no platform configured and no real person yet), so the playground
 *   can show the whole product before a roster exists; once a real person exists they never count.
 * Pure.
 */
import type { Department, Person, StudyTopic } from '../store/model.js';

export type World = 'real' | 'demo';

/** Whether a person, department or topic is demo data. */
export const isDemo = (x: { readonly demo?: boolean } | undefined): boolean => x?.demo === true;

/** The world a person acts in. */
export const worldOf = (p: Person): World => (isDemo(p) ? 'demo' : 'real');

/** Whether demo entries count in the real world: only while no platform is configured and no real person exists. */
export function demoCountsAsReal(people: readonly Person[], platformConfigured: boolean): boolean {
  return !platformConfigured && !people.some((p) => !isDemo(p));
}

/** Keeps the entries of one world (`includeDemo`: demo entries count as real, see demoCountsAsReal). */
export function inWorld<T extends { readonly demo?: boolean }>(world: World, entries: readonly T[], includeDemo = false): readonly T[] {
  if (world === 'demo') return entries.filter(isDemo);
  return includeDemo ? entries : entries.filter((e) => !isDemo(e));
}

/**
 * Ids no real person is ever given: seed-demo's (`demo-…`) and the playground's own (`playground:…`).
 * Aggregates are kept by person id, so a real person under such an id would inherit demo history.
 * (A seeded demo person's plain id, e.g. `zhangsan`, is protected while it exists, and by its history after.)
 */
export function isReservedDemoId(id: string): boolean {
  return id.startsWith('demo-') || id.startsWith('playground:');
}

/** What `demo clear` does to the directory. */
export interface DemoClearPlan {
  readonly people: readonly Person[];
  readonly departments: readonly Department[];
  /** Demo departments real people or real departments still belong to: kept, no longer marked demo. */
  readonly kept: readonly Department[];
  readonly topics: readonly StudyTopic[];
}

/** Plans `demo clear`: every demo person and topic, and every demo department nothing real depends on. */
export function planDemoClear(dir: { departments: readonly Department[]; people: readonly Person[]; topics: readonly StudyTopic[] }): DemoClearPlan {
  const used = new Set<string>();
  for (const p of dir.people) if (!isDemo(p) && p.departmentId) used.add(p.departmentId);
  for (const d of dir.departments) if (!isDemo(d) && d.parentId) used.add(d.parentId);
  // A kept department keeps its ancestors.
  const byId = new Map(dir.departments.map((d) => [d.id, d]));
  for (const id of [...used]) {
    let parent = byId.get(id)?.parentId;
    for (let depth = 0; parent && !used.has(parent) && depth < 64; depth++) {
      used.add(parent);
      parent = byId.get(parent)?.parentId;
    }
  }
  const demoDepartments = dir.departments.filter(isDemo);
  return {
    people: dir.people.filter(isDemo),
    departments: demoDepartments.filter((d) => !used.has(d.id)),
    kept: demoDepartments.filter((d) => used.has(d.id)),
    topics: dir.topics.filter(isDemo),
  };
}
