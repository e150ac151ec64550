/**
 * Which part of the organisation a dashboard request is about (its focus), checked against the viewer's
 * scope: a department the viewer may see (403 otherwise), or by default the viewer's whole scope. Pure.
 */
import { type Department, type Person, UNASSIGNED_DEPARTMENT } from '../../store/model.js';
import { boardDepartments, subtreeIds } from '../../stats/leaderboard.js';
import { type Viewer, canSeeDepartment, scopeRoots } from '../auth/viewer.js';

export interface Focus {
  /** The department in focus; null = the viewer's whole scope. */
  readonly department: Department | null;
  /** Its ancestors the viewer may see, top first (the drill-down's way back). */
  readonly breadcrumb: readonly Department[];
  /** The units its board ranks: the department's children, or the scope's top units. */
  readonly children: readonly Department[];
  /** Everyone in it (the department's subtree, or the whole scope), leavers included (reports count their terms). */
  readonly people: readonly Person[];
}

export type FocusResult = { readonly ok: true; readonly focus: Focus } | { readonly ok: false; readonly status: 400 | 403; readonly message: string };

/** The focus of a request for `departmentId` (or the whole scope when absent). */
export function focusOf(viewer: Viewer, all: readonly Department[], people: readonly Person[], departmentId: string | undefined): FocusResult {
  const scopeDepartments = viewer.scope.all ? all : viewer.scope.departments;
  const scopePeople = viewer.scope.all ? people : viewer.scope.people;
  const listed = (p: Person) => p.active || p.leftOn !== undefined;
  if (departmentId === undefined) {
    const roots = viewer.scope.all ? boardDepartments(all) : scopeRoots(scopeDepartments);
    // A leader of one unit starts at that unit; admins and leaders of several units start at the top.
    if (!viewer.scope.all && roots.length === 1) return focusOf(viewer, all, people, roots[0]!.id);
    const children = viewer.scope.all && all.some((d) => d.id === UNASSIGNED_DEPARTMENT.id) ? [...roots, UNASSIGNED_DEPARTMENT] : roots;
    return { ok: true, focus: { department: null, breadcrumb: [], children, people: scopePeople.filter(listed) } };
  }
  const department = all.find((d) => d.id === departmentId);
  if (!department) return { ok: false, status: 400, message: `no department ${departmentId}` };
  if (!canSeeDepartment(viewer, department.id)) return { ok: false, status: 403, message: 'this department is outside your scope' };
  const ids = subtreeIds(department, all);
  const breadcrumb: Department[] = [];
  const byId = new Map(all.map((d) => [d.id, d]));
  for (let at = department.parentId, hops = 0; at !== undefined && hops < all.length; at = byId.get(at)?.parentId, hops++) {
    const d = byId.get(at);
    if (!d || !canSeeDepartment(viewer, d.id)) break;
    breadcrumb.unshift(d);
  }
  return {
    ok: true,
    focus: {
      department,
      breadcrumb,
      children: all.filter((d) => d.parentId === department.id),
      people: people.filter((p) => p.departmentId !== undefined && ids.has(p.departmentId) && listed(p)),
    },
  };
}

/**
 * The group (heat-map row) of each person: the child unit whose subtree holds their department, or the last
 * row (the focus's own direct members) when they sit in the focus department itself. -1: not in focus.
 */
export function groupIndex(focus: Focus, all: readonly Department[]): { rows: Department[]; of: (p: Person) => number } {
  const rows = [...focus.children];
  const index = new Map<string, number>();
  rows.forEach((child, i) => {
    for (const id of subtreeIds(child, all)) index.set(id, i);
  });
  if (focus.department && focus.people.some((p) => p.departmentId === focus.department!.id)) {
    index.set(focus.department.id, rows.length);
    rows.push({ ...focus.department, name: `${focus.department.name}（本级）` });
  }
  return { rows, of: (p) => (p.departmentId !== undefined ? (index.get(p.departmentId) ?? -1) : -1) };
}
