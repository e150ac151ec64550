/**
 * `people`: find, move, set role, deactivate / activate. Pure: each returns the person to save and a
 * Chinese summary. What an admin sets is pinned, so a contact sync does not undo it.
 */
import type { QuizDay } from '../../core/quiz-day.js';
import type { Department, PinnedField, Person, Role } from '../../core/model.js';
import { ledDepartment, withLeaderRole } from '../sync/leaders.js';
import { pathOf } from '../sync/links.js';

export type PersonEdit = { readonly ok: true; readonly person: Person; readonly summary: string } | { readonly ok: false; readonly reason: string };

const ROLE_WORDS: Readonly<Record<string, Role>> = {
  成员: 'member',
  普通成员: 'member',
  member: 'member',
  领导: 'leader',
  部门领导: 'leader',
  负责人: 'leader',
  leader: 'leader',
  管理员: 'admin',
  admin: 'admin',
};
const ROLE_LABEL: Readonly<Record<Role, string>> = { member: '成员', leader: '领导', admin: '管理员' };
const PLATFORM: Readonly<Record<string, string>> = { wecom: '企业微信', dingtalk: '钉钉', playground: '体验' };

const pin = (p: Person, f: PinnedField): PinnedField[] => [...new Set([...(p.pinned ?? []), f])].sort();

/** One line about a person, for `people find`. */
export function describePerson(p: Person, departments: ReadonlyMap<string, Department>): string {
  const accounts = Object.entries(p.identities)
    .filter(([, v]) => v)
    .map(([c, v]) => `${PLATFORM[c] ?? c} ${v}`);
  const leads = p.leaderOf?.length ? `，负责 ${p.leaderOf.map((id) => departments.get(id)?.name ?? id).join('、')}` : '';
  return [
    `${p.name}（${p.id}）`,
    p.departmentId ? pathOf(p.departmentId, departments) || p.departmentId : '未绑定部门',
    p.active ? '在职' : `已停用${p.leftOn ? `（${p.leftOn} 起）` : ''}`,
    `${p.roles.map((r) => ROLE_LABEL[r]).join('、')}${leads}`,
    ...(p.title ? [p.title] : []),
    ...(p.employeeNo ? [`工号 ${p.employeeNo}`] : []),
    ...accounts,
  ].join('  ');
}

export function movePerson(p: Person, d: Department, departments: ReadonlyMap<string, Department>): PersonEdit {
  if (p.departmentId === d.id) return { ok: false, reason: `${p.name} 已在“${pathOf(d.id, departments)}”` };
  return {
    ok: true,
    person: { ...p, departmentId: d.id, pinned: pin(p, 'department') },
    summary: `${p.name} 调到“${pathOf(d.id, departments)}”`,
  };
}

/** Sets the roles from words (成员 / 领导 / 管理员, several allowed); a leader heads `leads` (default: their department). */
export function setRoles(p: Person, words: readonly string[], departments: ReadonlyMap<string, Department>, leads?: readonly Department[]): PersonEdit {
  const unknown = words.filter((w) => !ROLE_WORDS[w.toLowerCase()]);
  if (words.length === 0 || unknown.length > 0) return { ok: false, reason: `未知角色“${unknown.join('、')}”（可填：成员、领导、管理员）` };
  const chosen = new Set(words.map((w) => ROLE_WORDS[w.toLowerCase()]!));
  const leader = chosen.has('leader') || (leads !== undefined && leads.length > 0);
  const roles = withLeaderRole(chosen.has('admin') ? ['admin'] : [], leader);
  let leaderOf: string[] | undefined;
  if (leader) {
    leaderOf = leads?.length ? leads.map((d) => d.id) : p.departmentId ? [ledDepartment(p.departmentId, departments)] : undefined;
    if (!leaderOf) return { ok: false, reason: `${p.name} 还没有部门，请用 --leads 指定负责的部门` };
  }
  const { leaderOf: _old, ...rest } = p;
  const person: Person = { ...rest, roles, ...(leaderOf ? { leaderOf } : {}), pinned: pin(p, 'roles') };
  const scope = leaderOf ? `，负责 ${leaderOf.map((id) => pathOf(id, departments)).join('、')}（含下级部门）` : '';
  return { ok: true, person, summary: `${p.name} 的角色设为 ${roles.map((r) => ROLE_LABEL[r]).join('、')}${scope}` };
}

/** Deactivates from `today`: no longer 应学, history kept; a sync does not reactivate them. */
export function deactivatePerson(p: Person, today: QuizDay): PersonEdit {
  if (!p.active) return { ok: false, reason: `${p.name} 已是停用状态` };
  return { ok: true, person: { ...p, active: false, leftOn: today, pinned: pin(p, 'active') }, summary: `${p.name} 自 ${today} 起停用（历史记录保留）` };
}

/** Reactivates from `today` (they count as 应学 again from today). */
export function activatePerson(p: Person, today: QuizDay): PersonEdit {
  if (p.active) return { ok: false, reason: `${p.name} 已是在职状态` };
  const { leftOn: _left, ...rest } = p;
  const pinned = (p.pinned ?? []).filter((f) => f !== 'active');
  const { pinned: _p, ...bare } = rest;
  return { ok: true, person: { ...bare, active: true, joinedOn: today, ...(pinned.length ? { pinned } : {}) }, summary: `${p.name} 自 ${today} 起恢复在职` };
}
