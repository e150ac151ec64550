/**
 * Departments and roles in the console: the department tree with its people, and setting or unsetting the
 * leader and admin roles. A role set here is pinned (the nightly 通讯录同步 and a roster import without a 角色
 * column keep it). People in ADMIN_USERS are admins by configuration: shown as such, and their admin role
 * cannot be taken away here.
 */
import type { Person, Role } from '../../core/model.js';
import type { Store } from '../../core/ports/store.js';

export interface DeptNode {
  readonly id: string;
  readonly name: string;
  readonly people: ReadonlyArray<{ id: string; name: string; roles: readonly Role[]; configAdmin: boolean; active: boolean; title?: string }>;
  readonly children: readonly DeptNode[];
}

export type RoleChange = { ok: true; person: Person } | { ok: false; status: number; code: string; message: string };

export function createOrgConsole(deps: { store: Pick<Store, 'listDepartments' | 'listPeople' | 'getPerson' | 'savePeople'>; adminUsers: readonly string[] }) {
  const configAdmin = (p: Person) => [p.id, ...Object.values(p.identities)].some((id) => id !== undefined && deps.adminUsers.includes(id));

  async function tree(): Promise<{ roots: DeptNode[]; unassigned: DeptNode['people'] }> {
    const [departments, people] = await Promise.all([deps.store.listDepartments(), deps.store.listPeople()]);
    const ids = new Set(departments.map((d) => d.id));
    const row = (p: Person) => ({ id: p.id, name: p.name, roles: p.roles, configAdmin: configAdmin(p), active: p.active, title: p.title });
    const byDept = new Map<string, Person[]>();
    for (const p of people) if (p.active || p.departmentId) byDept.set(p.departmentId ?? '', [...(byDept.get(p.departmentId ?? '') ?? []), p]);
    const node = (id: string, name: string, depth: number): DeptNode => ({
      id,
      name,
      people: (byDept.get(id) ?? []).filter((p) => p.active).map(row),
      children: depth > 20 ? [] : departments.filter((d) => d.parentId === id).map((d) => node(d.id, d.name, depth + 1)),
    });
    const roots = departments.filter((d) => !d.parentId || !ids.has(d.parentId)).map((d) => node(d.id, d.name, 0));
    const unassigned = people.filter((p) => p.active && (!p.departmentId || !ids.has(p.departmentId))).map(row);
    return { roots, unassigned };
  }

  /** Sets or unsets one role (leader or admin) of a person; the role is pinned against syncs and imports. */
  async function setRole(personId: string, role: 'leader' | 'admin', on: boolean): Promise<RoleChange> {
    const p = await deps.store.getPerson(personId);
    if (!p) return { ok: false, status: 404, code: 'input.invalid', message: '没有这个人员' };
    if (role === 'admin' && !on && configAdmin(p)) {
      return { ok: false, status: 409, code: 'role.config_admin', message: '此人在配置 ADMIN_USERS 中，始终是管理员；要取消请修改配置' };
    }
    const set = new Set<Role>(p.roles);
    if (on) set.add(role);
    else set.delete(role);
    set.add('member');
    const roles = (['member', 'leader', 'admin'] as const).filter((r) => set.has(r));
    const pinned = [...new Set([...(p.pinned ?? []), 'roles' as const])];
    const person: Person = { ...p, roles, pinned };
    await deps.store.savePeople([person]);
    return { ok: true, person };
  }

  return { tree, setRole, configAdmin };
}

export type OrgConsole = ReturnType<typeof createOrgConsole>;
