/**
 * Department paths from the roster → the department tree. Pure.
 *
 * - A path ('县司法局/执法大队/一中队') is read from the top level down, except that a first level naming
 *   exactly one existing department continues from it ('执法大队/一中队' under an existing 县司法局/执法大队).
 * - A plain name is the department of that name when exactly one exists (in the store, or on a path
 *   elsewhere in the sheet); otherwise a new top-level department.
 * - With a 上级部门 column, the parent (a name or a path, resolved the same way) comes first; a parent
 *   that is itself a row's 部门 with its own 上级部门 chains upwards, so a two-column tree layout works.
 * - A path step naming, as a new department, the one existing top-level department of that name (one an
 *   earlier import created from a plain name) is that department, moved under the path's parent: a
 *   '县司法局/局领导' import after a plain '局领导' one does not make a second 局领导.
 * Existing departments are matched by their full path of names; new ones get stable ids from their path and
 * are pinned (the roster keeps their name and place when a contact sync disagrees).
 */
import { createHash } from 'node:crypto';
import { normaliseInput } from '../../core/text.js';
import type { Department } from '../../core/model.js';
import type { RosterEntry } from './parse-rows.js';

const SEP = '\u001f';
const key = (path: readonly string[]) => path.join(SEP);

export class DepartmentResolver {
  /** Path key → department (existing, then new). */
  private readonly byPath = new Map<string, Department>();
  /** Name → path keys known to carry it as their last level. */
  private readonly byName = new Map<string, Set<string>>();
  /** Name → parent paths given for it in the sheet's 上级部门 column. */
  private readonly sheetParent = new Map<string, Set<string>>();
  /** Name → existing paths only. */
  private readonly existingByName: Map<string, Set<string>>;
  private readonly ids: Set<string>;
  /** Existing top-level departments by name (candidates to be moved under a path's parent). */
  private readonly roots = new Map<string, Department[]>();
  readonly created: Department[] = [];
  /** Existing departments moved under a new parent. */
  readonly moved: Department[] = [];

  constructor(existing: readonly Department[], entries: readonly RosterEntry[]) {
    this.ids = new Set(existing.map((d) => d.id));
    const byId = new Map(existing.map((d) => [d.id, d]));
    const pathOf = (d: Department, depth = 0): string[] => {
      const parent = d.parentId ? byId.get(d.parentId) : undefined;
      return [...(parent && depth < 50 ? pathOf(parent, depth + 1) : []), normaliseInput(d.name)];
    };
    for (const d of existing) this.remember(pathOf(d), d);
    for (const d of existing) {
      if (d.parentId && byId.has(d.parentId)) continue;
      const n = normaliseInput(d.name);
      this.roots.set(n, [...(this.roots.get(n) ?? []), d]);
    }
    this.existingByName = new Map([...this.byName].map(([n, set]) => [n, new Set(set)]));
    for (const e of entries) {
      const path = this.anchored(e.department);
      if (path.length > 1) for (let i = 1; i <= path.length; i++) this.remember(path.slice(0, i));
      if (e.department.length === 1 && e.parent.length > 0) {
        const set = this.sheetParent.get(e.department[0]!) ?? new Set();
        this.sheetParent.set(e.department[0]!, set.add(key(e.parent)));
      }
    }
  }

  private remember(path: readonly string[], d?: Department): void {
    const k = key(path);
    if (d && !this.byPath.has(k)) this.byPath.set(k, d);
    const set = this.byName.get(path[path.length - 1]!) ?? new Set();
    this.byName.set(path[path.length - 1]!, set.add(k));
  }

  /** The full path of an entry's department, or the reason it is ambiguous. */
  resolve(e: RosterEntry): { path: string[] } | { error: string } {
    try {
      if (e.parent.length > 0 && e.department.length === 1) return { path: [...this.segments(e.parent, 0), e.department[0]!] };
      return { path: this.segments(e.department, 0) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  private segments(segs: readonly string[], depth: number): string[] {
    return segs.length === 1 ? this.plain(segs[0]!, depth) : this.anchored(segs);
  }

  /** A path whose first level names exactly one existing department continues from it ('执法大队/一中队'). */
  private anchored(segs: readonly string[]): string[] {
    const head = segs.length > 1 ? this.existingByName.get(segs[0]!) : undefined;
    return head?.size === 1 ? [...[...head][0]!.split(SEP), ...segs.slice(1)] : [...segs];
  }

  private plain(name: string, depth: number): string[] {
    if (depth > 30) throw new Error(`上级部门存在循环引用（${name}）`);
    const parents = this.sheetParent.get(name);
    if (parents && parents.size > 1) throw new Error(`部门“${name}”在表中有多个不同的上级部门，请填写完整路径`);
    if (parents?.size === 1) return [...this.segments([...parents][0]!.split(SEP), depth + 1), name];
    const known = this.byName.get(name);
    if (known && known.size > 1) {
      const sample = [...known][0]!.split(SEP).join('/');
      throw new Error(`部门“${name}”有多个同名部门，请填写完整路径（如“${sample}”）`);
    }
    return known?.size === 1 ? [...known][0]!.split(SEP) : [name];
  }

  /** The department id for a full path, creating it (and missing ancestors) when new. */
  ensure(path: readonly string[]): string {
    let parentId: string | undefined;
    for (let i = 1; i <= path.length; i++) {
      const k = key(path.slice(0, i));
      let d = this.byPath.get(k);
      if (!d) {
        const root = parentId ? this.roots.get(path[i - 1]!) : undefined;
        if (root?.length === 1 && !this.onPath(root[0]!.id, path.slice(0, i - 1))) {
          d = { ...root[0]!, parentId: parentId! };
          this.moved.push(d);
          this.roots.delete(path[i - 1]!);
        } else {
          d = { id: this.newId(path.slice(0, i)), name: path[i - 1]!, ...(parentId ? { parentId } : {}), pinned: true };
          this.created.push(d);
        }
        this.byPath.set(k, d);
      }
      parentId = d.id;
    }
    return parentId!;
  }

  /** Whether department `id` is one of the departments of `path` (moving it there would make a cycle). */
  private onPath(id: string, path: readonly string[]): boolean {
    for (let i = 1; i <= path.length; i++) if (this.byPath.get(key(path.slice(0, i)))?.id === id) return true;
    return false;
  }

  private newId(path: readonly string[]): string {
    const base = `dept-${createHash('sha1').update(path.join('/')).digest('hex').slice(0, 8)}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    return id;
  }
}
