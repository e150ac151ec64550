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
import { isDemo } from './demo-data.js';

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

  /** ADMIN_USERS names the bureau's real admins: a demo person (a playground id that happens to match) never gains it. */
  function withConfigRoles(p: Person): Person {
    if (isDemo(p)) return p;
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
      // Channel-qualified, like `wecom:zhangsan`: a new person never takes an id that carries someone's history.
      id: `${channel}:${userId}`,
      name: profile?.name ?? name ?? userId,
      departmentId,
      roles: ['member'],
      track: '全员',
      identities: { [channel]: userId },
      active: true,
      joinedOn: quizDayOf(deps.clock.now(), deps.timeZone),
    };
    await store.savePeople([person]);
    // Read back: the store (a world's view) may have marked the record (the demo world marks it demo).
    return withConfigRoles((await store.getPerson(person.id)) ?? person);
  }

  /** `绑定 <部门>`: sets the person's department; returns the department or the list to choose from. */
  async function bind(
    person: Person,
    departmentName: string,
  ): Promise<{ ok: true; department: Department; person: Person } | { ok: false; choices: readonly Department[] }> {
    const d = await departmentByName(departmentName);
    if (!d) return { ok: false, choices: await store.listDepartments() };
    await store.savePeople([{ ...person, departmentId: d.id }]);
    const updated = (await store.getPerson(person.id)) ?? { ...person, departmentId: d.id };
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

  return { resolve, bind, departmentByName, applyChange };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
