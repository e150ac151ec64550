/**
 * The Store as one world sees it (directory/demo-data.ts): the services of a world (stats, quiz, study, jobs,
 * the department binding) are built over this view, so a demo admin's 参学率, 发布 or 推送 can only ever see and
 * reach demo people, and real reports never see demo people once real ones exist. Everything keyed by a
 * person (quizzes, answers, day stats) passes straight through; only the directory lists, the topics and the
 * 精准普法 tallies are filtered, and what the demo world writes is marked demo.
 */
import type { TallyEntry } from '../store/law-tally.js';
import type { Person } from '../store/model.js';
import type { Store } from '../store/store.js';
import { type World, demoCountsAsReal, inWorld, isDemo } from './demo-data.js';

export interface WorldStoreOptions {
  /**
   * Real world only: whether demo entries may count as real while no real person exists (a demo
   * installation). False for the department binding of real people, who are never put in a demo department.
   */
  readonly demoCountsWhenAlone: boolean;
  /** A platform is configured: demo entries never count as real (demoCountsAsReal). */
  readonly platformConfigured: boolean;
}

/** A view of `store` for `world`. */
export function worldStore(store: Store, world: World, opts: WorldStoreOptions): Store {
  const includeDemo = (people: readonly Person[]) => world === 'real' && opts.demoCountsWhenAlone && demoCountsAsReal(people, opts.platformConfigured);
  // The lists are read on a message's path (a finished quiz's department rank, first contact), so each filtered
  // list is kept for the store's list it came from: Store lists are read-only, and a change gives a new list.
  const filtered = new WeakMap<object, WeakMap<object, readonly unknown[]>>();
  const view = <T extends { readonly demo?: boolean }>(entries: readonly T[], people: readonly Person[]): readonly T[] => {
    let byPeople = filtered.get(entries);
    if (!byPeople) {
      byPeople = new WeakMap();
      filtered.set(entries, byPeople);
    }
    let out = byPeople.get(people) as readonly T[] | undefined;
    if (!out) {
      out = inWorld(world, entries, includeDemo(people));
      byPeople.set(people, out);
    }
    return out;
  };

  const overrides: Partial<Store> = {
    async listPeople() {
      const all = await store.listPeople();
      return view(all, all);
    },
    listDepartments: async () => view(await store.listDepartments(), await store.listPeople()),
    listTopics: async () => inWorld(world, await store.listTopics()),
    async lawTally(months) {
      const [entries, visible] = [await store.lawTally(months), await overrides.listDepartments!()];
      const ids = new Set(visible.map((d) => d.id));
      return entries.filter((e: TallyEntry) => ids.has(e.departmentId));
    },
  };
  if (world === 'demo') {
    overrides.saveTopic = (topic) => store.saveTopic({ ...topic, demo: true });
    overrides.savePeople = (list) => store.savePeople(list.map((p) => (isDemo(p) ? p : { ...p, demo: true })));
    overrides.saveDepartments = (list) => store.saveDepartments(list.map((d) => (isDemo(d) ? d : { ...d, demo: true })));
  }
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof Store];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
