/**
 * The directory (departments, people, study topics) as an event-applying state, like HistoryState: every
 * change is a small event (an upsert of the changed records), so the lowdb store appends it to the journal
 * instead of rewriting a document whose size grows with the directory. The whole directory is written
 * (folded into store.json) only at snapshot time.
 *
 * Lookups by id and by platform identity are maps kept up to date per event; the arrays the Store port
 * returns are built once after a change and shared until the next one.
 */
import type { ChannelId } from '../core/message.js';
import type { Department, Person, StudyTopic } from './model.js';

/** The directory as one plain document (store.json, and the `dir` event). */
export interface DirectoryDoc {
  departments: Department[];
  people: Person[];
  topics: StudyTopic[];
}

export type DirectoryEvent =
  /** The whole directory (a migrated store.json, or a subclass's bulk change): replaces everything. */
  | ({ readonly t: 'dir' } & DirectoryDoc)
  /** People upserted by id. */
  | { readonly t: 'people'; readonly people: readonly Person[] }
  /** Departments upserted by id. */
  | { readonly t: 'depts'; readonly departments: readonly Department[] }
  /** A study topic upserted by id (an updated topic moves to the end, as a re-saved one always did). */
  | { readonly t: 'topic'; readonly topic: StudyTopic }
  /** Records removed by id (departments the 通讯录 deleted, demo data cleared). */
  | { readonly t: 'remove'; readonly people?: readonly string[]; readonly departments?: readonly string[]; readonly topics?: readonly string[] };

const DIRECTORY_EVENTS = new Set(['dir', 'people', 'depts', 'topic', 'remove']);

export function isDirectoryEvent(e: { readonly t: string }): e is DirectoryEvent {
  return DIRECTORY_EVENTS.has(e.t);
}

export class DirectoryState {
  private readonly departments = new Map<string, Department>();
  private readonly people = new Map<string, Person>();
  private readonly topics = new Map<string, StudyTopic>();
  /** Insertion order of people: when two people claim one platform identity, the later one wins. */
  private readonly order = new Map<string, number>();
  private seq = 0;
  private readonly identityHolders = new Map<string, Set<string>>();
  private cache: { departments?: Department[]; people?: Person[]; topics?: StudyTopic[] } = {};

  static from(doc: DirectoryDoc): DirectoryState {
    const d = new DirectoryState();
    d.apply({ t: 'dir', ...doc });
    return d;
  }

  apply(e: DirectoryEvent): void {
    switch (e.t) {
      case 'dir':
        this.departments.clear();
        this.people.clear();
        this.topics.clear();
        this.order.clear();
        this.identityHolders.clear();
        for (const d of e.departments) this.departments.set(d.id, d);
        for (const p of e.people) this.upsertPerson(p);
        for (const t of e.topics) this.topics.set(t.id, t);
        this.cache = {};
        return;
      case 'people':
        for (const p of e.people) this.upsertPerson(p);
        this.cache.people = undefined;
        return;
      case 'depts':
        for (const d of e.departments) this.departments.set(d.id, d);
        this.cache.departments = undefined;
        return;
      case 'topic':
        this.topics.delete(e.topic.id);
        this.topics.set(e.topic.id, e.topic);
        this.cache.topics = undefined;
        return;
      case 'remove':
        for (const id of e.people ?? []) this.removePerson(id);
        for (const id of e.departments ?? []) this.departments.delete(id);
        for (const id of e.topics ?? []) this.topics.delete(id);
        this.cache = {};
        return;
    }
  }

  listDepartments(): readonly Department[] {
    this.cache.departments ??= [...this.departments.values()];
    return this.cache.departments;
  }

  listPeople(): readonly Person[] {
    this.cache.people ??= [...this.people.values()];
    return this.cache.people;
  }

  listTopics(): readonly StudyTopic[] {
    this.cache.topics ??= [...this.topics.values()];
    return this.cache.topics;
  }

  getPerson(id: string): Person | undefined {
    return this.people.get(id);
  }

  findByIdentity(channel: ChannelId, userId: string): Person | undefined {
    const holders = this.identityHolders.get(`${channel}:${userId}`);
    if (!holders) return undefined;
    let best: string | undefined;
    for (const id of holders) if (best === undefined || this.order.get(id)! > this.order.get(best)!) best = id;
    return best === undefined ? undefined : this.people.get(best);
  }

  hasDepartment(id: string): boolean {
    return this.departments.has(id);
  }

  /** The whole directory as a plain document (for store.json). */
  doc(): DirectoryDoc {
    return { departments: [...this.listDepartments()], people: [...this.listPeople()], topics: [...this.listTopics()] };
  }

  private removePerson(id: string): void {
    const old = this.people.get(id);
    if (!old) return;
    for (const key of identityKeys(old)) this.identityHolders.get(key)?.delete(id);
    this.people.delete(id);
    this.order.delete(id);
  }

  private upsertPerson(p: Person): void {
    const old = this.people.get(p.id);
    if (old) for (const key of identityKeys(old)) this.identityHolders.get(key)?.delete(p.id);
    else this.order.set(p.id, this.seq++);
    this.people.set(p.id, p);
    for (const key of identityKeys(p)) {
      let set = this.identityHolders.get(key);
      if (!set) {
        set = new Set();
        this.identityHolders.set(key, set);
      }
      set.add(p.id);
    }
  }
}

function identityKeys(p: Person): string[] {
  return Object.entries(p.identities).flatMap(([channel, userId]) => (userId ? [`${channel}:${userId}`] : []));
}
