/**
 * Who is writing, and in which department. A person the directory knows (roster, sync, earlier contact)
 * is found by their platform account. Someone new is looked up in the platform's 通讯录 (`adopt`): their
 * department, with its parents, is created from the platform if missing, so nobody has to bind anything.
 * Only when no lookup is possible is the person asked to bind a department themselves (`绑定 法制科`), and
 * if there is no department to choose from they are placed in 未分组 for an admin to assign.
 * Knows no platform details: the lookup is injected.
 */
import type { Clock } from '../core/clock.js';
import type { ContactChannel } from '../core/ports/platform-lookup.js';
import type { ChannelId } from '../core/message.js';
import { quizDayOf } from '../core/quiz-day.js';
import { normaliseInput } from '../core/text.js';
import { type Department, type Person, type Role, UNASSIGNED_DEPARTMENT } from '../store/model.js';
import type { Store } from '../store/store.js';
import { isDemo } from './demo-data.js';

/** Fetches a platform user the directory does not know and adds them (with their departments); undefined when it cannot. */
export type AdoptMember = (channel: ContactChannel, userId: string) => Promise<Person | undefined>;

export interface DirectoryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly timeZone: string;
  /** `ADMIN_USERS`: person ids or platform user ids that are admins. */
  readonly adminUsers: readonly string[];
  readonly adopt?: AdoptMember;
}

/** The person behind a message; `unassigned` when they were just placed in 未分组. */
export interface Resolved {
  readonly person: Person;
  readonly unassigned?: boolean;
}

export function createDirectoryService(deps: DirectoryDeps) {
  const { store } = deps;
  const admins = new Set(deps.adminUsers);

  /** ADMIN_USERS names the bureau's real admins: a demo person (a playground id that happens to match) never gains it. */
  function withConfigRoles(p: Person): Person {
    if (isDemo(p)) return p;
    const ids = [p.id, ...Object.values(p.identities)];
    if (!ids.some((id) => id !== undefined && admins.has(id)) || p.roles.includes('admin')) return p;
    return { ...p, roles: [...p.roles, 'admin' as Role] };
  }

  /** Departments a person may choose from (未分组 is not one). */
  async function choices(): Promise<readonly Department[]> {
    return (await store.listDepartments()).filter((d) => d.id !== UNASSIGNED_DEPARTMENT.id);
  }

  async function departmentByName(name: string): Promise<Department | undefined> {
    const n = normaliseInput(name).replace(/^@/, '');
    const all = await choices();
    return all.find((d) => d.name === n) ?? all.find((d) => d.id === n);
  }

  /** Finds the person for a platform user, adding them on first contact. */
  async function resolve(channel: ChannelId, userId: string, name?: string): Promise<Resolved> {
    let person = (await store.findPersonByIdentity(channel, userId)) ?? (channel === 'playground' ? await store.getPerson(userId) : undefined);
    // New, or known without a department (an earlier lookup failed): ask the platform.
    if (!person?.departmentId && channel !== 'playground') person = (await deps.adopt?.(channel, userId)) ?? person;
    if (person?.departmentId) return { person: withConfigRoles(person) };
    const unassigned = (await choices()).length === 0;
    if (person && !unassigned) return { person: withConfigRoles(person) };
    if (unassigned && !(await store.listDepartments()).some((d) => d.id === UNASSIGNED_DEPARTMENT.id)) {
      await store.saveDepartments([UNASSIGNED_DEPARTMENT]);
    }
    const placed: Person = {
      ...(person ?? {
        // Channel-qualified, like `wecom:zhangsan`: a new person never takes an id that carries someone's history.
        id: `${channel}:${userId}`,
        name: name ?? userId,
        roles: ['member'],
        track: '全员',
        identities: { [channel]: userId },
        active: true,
        joinedOn: quizDayOf(deps.clock.now(), deps.timeZone),
      }),
      ...(unassigned ? { departmentId: UNASSIGNED_DEPARTMENT.id } : {}),
    };
    await store.savePeople([placed]);
    // Read back: the store (a world's view) may have marked the record (the demo world marks it demo).
    return { person: withConfigRoles((await store.getPerson(placed.id)) ?? placed), unassigned };
  }

  /** `绑定 <部门>`: sets the person's department; returns the department or the list to choose from. */
  async function bind(
    person: Person,
    departmentName: string,
  ): Promise<{ ok: true; department: Department; person: Person } | { ok: false; choices: readonly Department[] }> {
    const d = await departmentByName(departmentName);
    if (!d) return { ok: false, choices: await choices() };
    await store.savePeople([{ ...person, departmentId: d.id }]);
    const updated = (await store.getPerson(person.id)) ?? { ...person, departmentId: d.id };
    return { ok: true, department: d, person: updated };
  }

  /**
   * Whom a person should ask about their place in the study list: the admins nearest them in the department
   * tree (their own unit first, then the units above it, then anywhere under the same top unit), else any admin
   * (roster 角色 管理员 or ADMIN_USERS). At most three, each with their department's name.
   */
  async function adminsFor(person: Person): Promise<Array<{ name: string; department?: string }>> {
    const [people, departments] = [await store.listPeople(), await store.listDepartments()];
    const byId = new Map(departments.map((d) => [d.id, d]));
    const admins = people.filter((p) => p.active && p.id !== person.id && withConfigRoles(p).roles.includes('admin'));
    const chain: string[] = [];
    for (let id = person.departmentId; id !== undefined && byId.has(id) && !chain.includes(id); id = byId.get(id)!.parentId) chain.push(id);
    const top = chain.at(-1);
    const underTop = (p: Person) => {
      for (let id = p.departmentId, hops = 0; id !== undefined && hops <= departments.length; id = byId.get(id)?.parentId, hops++) if (id === top) return true;
      return false;
    };
    const nearest =
      chain.map((id) => admins.filter((a) => a.departmentId === id)).find((list) => list.length > 0) ?? (top !== undefined ? admins.filter(underTop) : []);
    return (nearest.length > 0 ? nearest : admins).slice(0, 3).map((a) => ({ name: a.name, department: byId.get(a.departmentId ?? '')?.name }));
  }

  return { resolve, bind, departmentByName, choices, adminsFor };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
