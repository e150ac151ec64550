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
  // A scan of the directory per list (no cache: nothing here may assume how the store shares its arrays).
  const includeDemo = (people: readonly Person[]) => world === 'real' && opts.demoCountsWhenAlone && demoCountsAsReal(people, opts.platformConfigured);

  const overrides: Partial<Store> = {
    async listPeople() {
      const all = await store.listPeople();
      return inWorld(world, all, includeDemo(all));
    },
    listDepartments: async () => inWorld(world, await store.listDepartments(), includeDemo(await store.listPeople())),
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
