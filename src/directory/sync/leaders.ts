/**
 * Who leads what. Pure. Roles come from the platform's leader flags (contacts.md §3) and from the roster's
 * 职务 column read with a configurable title pattern; a leader sees the departments they head and every
 * department below them (stats-service `scopeOf`).
 */
import type { Department, Person, Role } from '../../core/model.js';

/**
 * Titles that make a roster row a leader (LEADER_TITLE_PATTERN): heads and deputies of a unit. It matches
 * the end of the title, so 副局长 and 办公室主任 count while 主任科员 and 科员 do not.
 */
export const DEFAULT_LEADER_TITLES = '(局长|处长|科长|股长|所长|队长|站长|院长|庭长|主任|书记|政委|教导员|负责人)$';

/** Departments that hold a unit's leadership (局领导, 领导班子): their members lead the unit above. */
const LEADERSHIP_GROUP = /(领导|班子|党组)$/;

/** The department a leader placed in `departmentId` heads: its parent when it is the leadership group. */
export function ledDepartment(departmentId: string, departments: ReadonlyMap<string, Department>): string {
  const d = departments.get(departmentId);
  return d && LEADERSHIP_GROUP.test(d.name) && d.parentId && departments.has(d.parentId) ? d.parentId : departmentId;
}

/** `roles` with 'leader' added or removed; an empty result is ['member']. */
export function withLeaderRole(roles: readonly Role[], leader: boolean): Role[] {
  const rest = roles.filter((r) => r !== 'leader' && r !== 'member');
  const out: Role[] = leader ? ['leader', ...rest] : rest;
  return out.length > 0 ? out : ['member'];
}

/** The departments a person heads: `leaderOf`, else their own department when their roles say leader. */
export function headedDepartments(p: Person): readonly string[] {
  if (p.leaderOf && p.leaderOf.length > 0) return p.leaderOf;
  return p.roles.includes('leader') && p.departmentId ? [p.departmentId] : [];
}

/** Compiles the configured title pattern; throws on an invalid one (config validation catches it first). */
export function leaderTitlePattern(source: string = DEFAULT_LEADER_TITLES): RegExp {
  return new RegExp(source);
}
