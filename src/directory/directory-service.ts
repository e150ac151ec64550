/**
 * Who is writing, and in which department. Roster (imported or seeded) first; else a platform lookup
 * (WeCom user/get, DingTalk user/get) where a channel provides one; else the person binds a department
 * themselves (`绑定 法制科`). Knows no platform details: lookups are injected per channel.
 */
import type { Clock } from '../core/clock.js';
import type { ChannelId } from '../core/message.js';
import { quizDayOf } from '../core/quiz-day.js';
import { normaliseInput } from '../core/text.js';
import type { Department, Person, Role } from '../store/model.js';
import type { Store } from '../store/store.js';

/** What a platform's contact API says about a user. */
export interface PlatformProfile {
  readonly name: string;
  readonly departmentNames: readonly string[];
}

export type PlatformLookup = (userId: string) => Promise<PlatformProfile | undefined>;

export interface DirectoryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly timeZone: string;
  /** `ADMIN_USERS`: person ids or platform user ids that are admins. */
  readonly adminUsers: readonly string[];
  readonly lookups?: Partial<Record<ChannelId, PlatformLookup>>;
}

export function createDirectoryService(deps: DirectoryDeps) {
  const { store } = deps;
  const admins = new Set(deps.adminUsers);

  function withConfigRoles(p: Person): Person {
    const ids = [p.id, ...Object.values(p.identities)];
    if (!ids.some((id) => id !== undefined && admins.has(id)) || p.roles.includes('admin')) return p;
    return { ...p, roles: [...p.roles, 'admin' as Role] };
  }

  async function departmentByName(name: string): Promise<Department | undefined> {
    const n = normaliseInput(name).replace(/^@/, '');
    const all = await store.listDepartments();
    return all.find((d) => d.name === n) ?? all.find((d) => d.id === n);
  }

  /** Finds the person for a platform user, creating a record (possibly without department) on first contact. */
  async function resolve(channel: ChannelId, userId: string, name?: string): Promise<Person> {
    const known = (await store.findPersonByIdentity(channel, userId)) ?? (channel === 'playground' ? await store.getPerson(userId) : undefined);
    if (known) return withConfigRoles(known);
    const profile = await deps.lookups?.[channel]?.(userId).catch(() => undefined);
    let departmentId: string | undefined;
    for (const dn of profile?.departmentNames ?? []) {
      const d = await departmentByName(dn);
      if (d) {
        departmentId = d.id;
        break;
      }
    }
    const person: Person = {
      id: channel === 'playground' ? userId : `${channel}:${userId}`,
      name: profile?.name ?? name ?? userId,
      departmentId,
      roles: ['member'],
      track: '全员',
      identities: { [channel]: userId },
      active: true,
      joinedOn: quizDayOf(deps.clock.now(), deps.timeZone),
    };
    await store.savePeople([person]);
    return withConfigRoles(person);
  }

  /** `绑定 <部门>`: sets the person's department; returns the department or the list to choose from. */
  async function bind(
    person: Person,
    departmentName: string,
  ): Promise<{ ok: true; department: Department; person: Person } | { ok: false; choices: readonly Department[] }> {
    const d = await departmentByName(departmentName);
    if (!d) return { ok: false, choices: await store.listDepartments() };
    const updated = { ...person, departmentId: d.id };
    await store.savePeople([updated]);
    return { ok: true, department: d, person: updated };
  }

  /**
   * Applies a change the platform reported: people who left the organisation are deactivated from today
   * (they stop counting as 应学; their history stays). Unknown user ids are ignored.
   */
  async function applyChange(change: { type: 'left'; channel: ChannelId; userIds: readonly string[] }): Promise<number> {
    const today = quizDayOf(deps.clock.now(), deps.timeZone);
    const leaving: Person[] = [];
    for (const userId of change.userIds) {
      const p = await store.findPersonByIdentity(change.channel, userId);
      if (p?.active) leaving.push({ ...p, active: false, leftOn: today });
    }
    if (leaving.length > 0) await store.savePeople(leaving);
    return leaving.length;
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

  return { resolve, bind, departmentByName, applyChange, adminsFor };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
