/**
 * `departments`: the tree as text, and rename / move / merge. Pure: each operation returns what to write and
 * a Chinese summary; the command writes it (or not, with --dry-run). An admin's rename or move pins the
 * department (a contact sync no longer renames or moves it); a merge moves the people and sub-departments
 * and the platform links to the surviving department, so a sync keeps mapping both to it.
 */
import type { Department, Person } from '../../core/model.js';
import { UNASSIGNED_DEPARTMENT } from '../../core/model.js';
import { pathOf, wouldCycle } from '../sync/links.js';
import { headedDepartments } from '../sync/leaders.js';

export interface DirectoryEdit {
  readonly saveDepartments: readonly Department[];
  readonly removeDepartments: readonly string[];
  readonly savePeople: readonly Person[];
  readonly summary: string;
}

export type EditResult = { readonly ok: true; readonly edit: DirectoryEdit } | { readonly ok: false; readonly reason: string };

const PLATFORM: Readonly<Record<string, string>> = { wecom: '企业微信', dingtalk: '钉钉' };

/** The tree, one line a department: name, active people (in it / with sub-departments), leaders, platform links. */
export function renderTree(departments: readonly Department[], people: readonly Person[]): string[] {
  const all = new Map(departments.map((d) => [d.id, d]));
  const children = new Map<string | undefined, Department[]>();
  for (const d of departments) {
    const parent = d.parentId && all.has(d.parentId) ? d.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const direct = new Map<string, number>();
  const leaders = new Map<string, string[]>();
  for (const p of people) {
    if (!p.active) continue;
    if (p.departmentId) direct.set(p.departmentId, (direct.get(p.departmentId) ?? 0) + 1);
    for (const id of headedDepartments(p)) leaders.set(id, [...(leaders.get(id) ?? []), p.name]);
  }
  const total = (id: string): number => (direct.get(id) ?? 0) + (children.get(id) ?? []).reduce((n, c) => n + total(c.id), 0);
  const lines: string[] = [];
  const byName = new Intl.Collator('zh');
  const walk = (parent: string | undefined, indent: string) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) =>
      a.id === UNASSIGNED_DEPARTMENT.id ? 1 : b.id === UNASSIGNED_DEPARTMENT.id ? -1 : byName.compare(a.name, b.name),
    );
    for (const d of list) {
      const own = direct.get(d.id) ?? 0;
      const all = total(d.id);
      const count = all === own ? `${own} 人` : `${own} 人，含下级 ${all} 人`;
      const lead = leaders.get(d.id)?.length ? ` 负责人：${leaders.get(d.id)!.join('、')}` : '';
      const links = (d.links ?? []).map((k) => `${PLATFORM[k.split(':')[0]!] ?? k.split(':')[0]} ${k.split(':')[1]}`);
      const tags = [...links, ...(d.pinned ? ['名单/管理员维护'] : [])];
      lines.push(`${indent}${d.name}（${count}）${lead}  [${d.id}${tags.length ? `；${tags.join('，')}` : ''}]`);
      walk(d.id, `${indent}  `);
    }
  };
  walk(undefined, '');
  return lines.length > 0 ? lines : ['（暂无部门）'];
}

export function renameDepartment(d: Department, name: string, departments: readonly Department[]): EditResult {
  const n = name.trim();
  if (!n) return { ok: false, reason: '新名称不能为空' };
  if (departments.some((x) => x.id !== d.id && x.parentId === d.parentId && x.name === n))
    return { ok: false, reason: `同一上级下已有部门“${n}”，可改用 merge 合并` };
  const all = new Map(departments.map((x) => [x.id, x]));
  return {
    ok: true,
    edit: {
      saveDepartments: [{ ...d, name: n, pinned: true }],
      removeDepartments: [],
      savePeople: [],
      summary: `部门“${pathOf(d.id, all)}”改名为“${n}”`,
    },
  };
}

/** Moves `d` under `parent` (undefined: to the top level). */
export function moveDepartment(d: Department, parent: Department | undefined, departments: readonly Department[]): EditResult {
  const all = new Map(departments.map((x) => [x.id, x]));
  if (parent && (parent.id === d.id || wouldCycle(d.id, parent.id, all))) return { ok: false, reason: `不能把“${d.name}”移到它自己或它的下级部门之下` };
  const { parentId: _old, ...rest } = d;
  const moved: Department = parent ? { ...rest, parentId: parent.id, pinned: true } : { ...rest, pinned: true };
  return {
    ok: true,
    edit: {
      saveDepartments: [moved],
      removeDepartments: [],
      savePeople: [],
      summary: `部门“${pathOf(d.id, all)}”移到${parent ? `“${pathOf(parent.id, all)}”之下` : '顶层'}`,
    },
  };
}

/** Merges `from` into `into`: people, sub-departments, leaders and platform links move; `from` is removed. */
export function mergeDepartments(from: Department, into: Department, departments: readonly Department[], people: readonly Person[]): EditResult {
  const all = new Map(departments.map((x) => [x.id, x]));
  if (from.id === into.id) return { ok: false, reason: '不能把部门合并到它自己' };
  if (wouldCycle(from.id, into.id, all)) return { ok: false, reason: `“${into.name}”是“${from.name}”的下级，不能合并到下级部门` };
  const children = departments.filter((x) => x.parentId === from.id).map((x) => ({ ...x, parentId: into.id }));
  const links = [...(into.links ?? []), ...(from.links ?? []).filter((k) => !(into.links ?? []).includes(k))];
  const target: Department = { ...into, ...(links.length > 0 ? { links } : {}) };
  const moved = people
    .filter((p) => p.departmentId === from.id || p.leaderOf?.includes(from.id))
    .map((p) => ({
      ...p,
      ...(p.departmentId === from.id ? { departmentId: into.id } : {}),
      ...(p.leaderOf ? { leaderOf: [...new Set(p.leaderOf.map((id) => (id === from.id ? into.id : id)))] } : {}),
    }));
  const count = people.filter((p) => p.departmentId === from.id).length;
  return {
    ok: true,
    edit: {
      saveDepartments: [target, ...children],
      removeDepartments: [from.id],
      savePeople: moved,
      summary: `部门“${pathOf(from.id, all)}”并入“${pathOf(into.id, all)}”：人员 ${count} 人、下级部门 ${children.length} 个随之转入`,
    },
  };
}
